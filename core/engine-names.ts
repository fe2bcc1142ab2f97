/**
 * The names Gantry gives what it creates on an engine (containers, networks, volumes): pure, so
 * the core can check a name it reads from a report (core/run/resume.ts) by the same rule the
 * backends make them with (core/backends/docker/labels.ts).
 */

/**
 * A name the engine accepts (`[a-zA-Z0-9][a-zA-Z0-9_.-]*`) derived from ours: matrix ids such as
 * `test[shard=1]` become `test-shard-1`.
 */
export function engineName(...parts: string[]): string {
  const name = parts
    .join('-')
    .replace(/[^a-zA-Z0-9_.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-zA-Z0-9]+|-+$/g, '');
  return (name || 'gantry').slice(0, 200);
}

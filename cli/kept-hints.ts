/**
 * What `gantry run --keep-failed` prints after a run that kept something: per kept unit its
 * container and commands ready to paste, and how to remove it all. Pure: text from `KeptResources`.
 *
 * A failed task's container has exited, so `docker exec` cannot enter it: its logs and files are
 * read as they are (`docker logs`, `docker diff`, `docker cp`), and a shell in the state it left is had by
 * committing it to an image and running that on the run's network, where the kept services still
 * answer by their names.
 */
import type { KeptResources } from '../core/backend';
import { sanitize } from '../core/sanitize';

/** The lines (each ending in a newline) for `kept`, from run `runId`. */
export function keptHints(kept: KeptResources, runId: string): string {
  const lines: string[] = [`kept for debugging (--keep-failed), on network ${kept.network}:`];
  for (const unit of kept.units) {
    const c = unit.container;
    if (unit.kind === 'task') {
      const image = debugImage(c);
      lines.push(
        `  task ${sanitize(unit.unit)}: container ${c} (exited)`,
        `    docker logs ${c}`,
        `    docker diff ${c}                     # the files it changed; docker cp ${c}:PATH . copies one`,
        `    docker commit ${c} ${image} && docker run --rm -it --network ${kept.network} --entrypoint sh ${image}`,
        `    docker rmi ${image}                  # afterwards: gantry cleanup does not remove images`,
      );
    } else {
      lines.push(`  service ${sanitize(unit.unit)}: container ${c} (running)`, `    docker exec -it ${c} sh`, `    docker logs ${c}`);
    }
  }
  lines.push(`remove all of it: gantry cleanup --run ${runId}`);
  return `${lines.join('\n')}\n`;
}

/** An image name the engine accepts (lowercase, one separator at a time) for a container's commit. */
export function debugImage(container: string): string {
  const name = container.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `gantry-debug/${name || 'task'}`;
}

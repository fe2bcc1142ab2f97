/**
 * Maps a path of keys (`['tasks', 'build', 'retries']`) to the catalogue context whose keys are
 * valid there (`retries`), following core/keys.ts so completion and hover never disagree with
 * what the parser accepts.
 */
import { keyDoc, type KeyContext, type KeyDoc } from '../../../core/keys';

/** The context of the mapping at `path`, or undefined when the path leaves the catalogue. */
export function contextOf(path: readonly string[]): KeyContext | undefined {
  let context: KeyContext = 'top';
  for (let i = 0; i < path.length; i++) {
    const doc = keyDoc(context, path[i]);
    if (!doc?.ref) return undefined;
    if (doc.kind === 'named') {
      // The next segment is a name (`build`), then the mapping of its keys.
      if (i + 1 >= path.length) return undefined;
      i++;
    }
    context = doc.ref;
  }
  return context;
}

/** The documentation of `key` in the mapping at `path`. */
export function docAt(path: readonly string[], key: string): KeyDoc | undefined {
  const context = contextOf(path);
  return context ? keyDoc(context, key) : undefined;
}

/** Markdown for hover and completion details. */
export function keyMarkdown(doc: KeyDoc): string {
  const lines = [`**${doc.key}**: ${doc.type}${doc.required ? ' (required)' : ''}`, '', doc.description];
  if (doc.values?.length) lines.push('', `Values: ${doc.values.map((v) => `\`${v}\``).join(', ')}`);
  if (doc.default) lines.push('', `Default: ${doc.default}`);
  lines.push('', '```yaml', doc.example, '```');
  return lines.join('\n');
}

/**
 * The one sentence every report (report.md, report.html, the action's job summary and comment)
 * gives about secrets that were listed but not passed: names only, never values. Plain text;
 * each renderer escapes it its own way.
 */
import type { RunDocument } from './run-document';

/** `Secrets not passed: NPM_TOKEN, SSH_KEY (…why); the units ran without them.`, or undefined when every listed secret was passed. */
export function secretsNote(doc: Pick<RunDocument, 'secrets'>): string | undefined {
  const withheld = doc.secrets?.withheld ?? [];
  if (withheld.length === 0) return undefined;
  return `Secrets not passed: ${withheld.join(', ')}${doc.secrets?.why ? ` (${doc.secrets.why})` : ''}; the units that list them ran without them.`;
}

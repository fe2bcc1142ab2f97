/**
 * Which documents are Gantry batch files. Gantry never takes over YAML: batch files keep the `yaml`
 * language id (so the YAML extension, formatters and themes keep working on them) and are told
 * apart by name alone. The same patterns appear in package.json's `when` clauses as a regex.
 */
import * as vscode from 'vscode';
import { BATCH_FILE_GLOBS } from '../protocol';

/** What the language client attaches to: YAML documents named like a batch file, in any scheme. */
export const BATCH_FILE_SELECTOR: { language: 'yaml'; pattern: string }[] = BATCH_FILE_GLOBS.map((pattern) => ({ language: 'yaml', pattern }));

/** True when `document` is a batch file: a YAML document with a batch file's name. */
export function isBatchFile(document: vscode.TextDocument): boolean {
  return vscode.languages.match(BATCH_FILE_SELECTOR, document) > 0;
}

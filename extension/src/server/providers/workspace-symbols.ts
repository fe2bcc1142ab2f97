/**
 * Workspace symbols (Go to Symbol in Workspace, Ctrl+T): the tasks, services and volumes of every
 * open batch file, each with its file, matched to the query as VS Code matches symbol names (the
 * query's characters in order, any case; an empty query lists everything up to the cap). The
 * server knows the documents the editor has open, not files on disk.
 */
import { SymbolKind, type SymbolInformation } from 'vscode-languageserver';
import type { Analysis } from '../analysis';

/** At most this many symbols in one answer (a 2,000-task file alone has 2,000). */
export const MAX_WORKSPACE_SYMBOLS = 1000;

export function workspaceSymbols(analyses: readonly Analysis[], query: string): SymbolInformation[] {
  const wanted = query.toLowerCase().replace(/\s+/g, '');
  const out: SymbolInformation[] = [];
  for (const analysis of analyses) {
    const file = analysis.result.file;
    if (!file) continue;
    const containerName = fileName(analysis.uri);
    const add = (name: string, kind: SymbolKind, range: SymbolInformation['location']['range']) => {
      if (out.length < MAX_WORKSPACE_SYMBOLS && matches(name.toLowerCase(), wanted)) out.push({ name, kind, location: { uri: analysis.uri, range }, containerName });
    };
    for (const unit of file.services) add(unit.name, SymbolKind.Class, unit.nameRange);
    for (const unit of file.tasks) add(unit.name, SymbolKind.Function, unit.nameRange);
    for (const volume of file.volumes) add(volume.name, SymbolKind.Variable, volume.nameRange);
  }
  return out;
}

/** The query's characters appear in `name` in order (`bt` matches `build-test`). */
function matches(name: string, query: string): boolean {
  let i = 0;
  for (const c of name) if (c === query[i]) i++;
  return i === query.length;
}

function fileName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  try {
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  } catch {
    return path.slice(path.lastIndexOf('/') + 1);
  }
}

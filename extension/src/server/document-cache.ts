/**
 * One `Analysis` per open document, replaced when its version changes, so each version is
 * validated and planned at most once whichever features ask. The last analysis that produced a
 * batch file is kept as well: completion while the file is momentarily broken still knows the
 * task names; and the last analysis validated without errors, whose schedule the code lenses and
 * the preview keep showing (marked stale) while the document has errors.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis, type AnalysisOptions } from './analysis';

export class DocumentCache {
  private readonly current = new Map<string, Analysis>();
  private readonly lastReadable = new Map<string, Analysis>();
  private readonly lastGood = new Map<string, Analysis>();

  constructor(private readonly options: () => AnalysisOptions) {}

  get(document: TextDocument): Analysis {
    const cached = this.current.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    if (cached && isGood(cached)) this.lastGood.set(document.uri, cached);
    const analysis = new Analysis(document.uri, document.version, document.getText(), this.options(), cached);
    this.current.set(document.uri, analysis);
    return analysis;
  }

  /** The analysis of the document made last, without making one. */
  peek(uri: string): Analysis | undefined {
    return this.current.get(uri);
  }

  /**
   * The newest analysis with a readable batch file, without analysing the new version: what
   * completion uses, so that a keystroke never waits for validation of the whole file.
   */
  recent(document: TextDocument): Analysis {
    const cached = this.current.get(document.uri);
    if (cached?.validated && cached.result.file) {
      this.lastReadable.set(document.uri, cached);
      return cached;
    }
    const readable = this.lastReadable.get(document.uri);
    if (readable) return readable;
    const fresh = this.get(document);
    if (fresh.result.file) this.lastReadable.set(document.uri, fresh);
    return fresh;
  }

  /**
   * The newest analysis of the document that validated without errors: `analysis` itself (which
   * this validates) when it has none; undefined when no version validated so far had none.
   * Versions never validated (skipped while typing) do not count.
   */
  good(analysis: Analysis): Analysis | undefined {
    if (analysis.errorCount === 0 && analysis.result.file) return analysis;
    const good = this.lastGood.get(analysis.uri);
    return good && good.version < analysis.version ? good : undefined;
  }

  /**
   * Analyses the document's version afresh on the next `get` (after something beside the text
   * changed: the history its predictions read). The last readable and good analyses stay.
   */
  forgetCurrent(uri: string): void {
    const cached = this.current.get(uri);
    if (cached && isGood(cached)) this.lastGood.set(uri, cached);
    this.current.delete(uri);
  }

  delete(uri: string): void {
    this.current.delete(uri);
    this.lastReadable.delete(uri);
    this.lastGood.delete(uri);
  }
}

function isGood(analysis: Analysis): boolean {
  return analysis.validated && analysis.errorCount === 0 && analysis.result.file !== undefined;
}

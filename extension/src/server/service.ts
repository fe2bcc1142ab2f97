/**
 * The Gantry language service: wires one provider per LSP feature to a connection. Everything
 * it holds lives on the instance (no module state), so tests run many servers in one process.
 *
 * Each handler goes through `guard` (errors.ts): a failure answers that one request with a
 * `ResponseError` and is logged once; the server keeps running.
 */
import {
  CodeLensRefreshRequest,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type TextDocumentIdentifier,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Capacity, Policy } from '../../../core/model';
import { isPolicy } from '../../../core/policy';
import {
  PREVIEW_CHANGED_NOTIFICATION,
  PREVIEW_REQUEST,
  RUNS_CHANGED_NOTIFICATION,
  SUMMARY_CHANGED_NOTIFICATION,
  SUMMARY_REQUEST,
  type GantryInitializationOptions,
  type PreviewParams,
  type SummaryData,
} from '../protocol';
import { historyEstimates, type Analysis } from './analysis';
import type { HistoryEstimate } from '../../../core/estimates';
import { documentLines } from './cursor-context';
import { DocumentCache } from './document-cache';
import { uriMatcher, type UriMatcher } from './document-selector';
import { guard, guardVoid, type Logger } from './errors';
import { noImages, type ImageProvider } from './image-provider';
import { noNodes, type NodeProvider, type SwarmAnswer } from './node-provider';
import { readLastRun, type LastRun } from './last-run';
import { codeActions } from './providers/code-actions';
import { codeLenses, quickLenses } from './providers/code-lens';
import { complete } from './providers/completion';
import { definition } from './providers/definition';
import { diagnose } from './providers/diagnostics';
import { documentHighlights } from './providers/document-highlight';
import { documentSymbols } from './providers/document-symbols';
import { hover } from './providers/hover';
import { preview } from './providers/preview';
import { summary } from './providers/summary';
import { references } from './providers/references';
import { prepareRename, rename } from './providers/rename';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens } from './providers/semantic-tokens';
import { workspaceSymbols } from './providers/workspace-symbols';
import { Debouncer, realTimers, type Timers } from './timers';

export interface ServiceOptions {
  /** Timers for the diagnostics debounce. Default: Node's. Tests pass their own. */
  timers?: Timers;
  /** Image names for `image:` completion. Default: none (server.ts passes the Docker-backed one). */
  images?: ImageProvider;
  /**
   * The swarm's nodes, for files with `capacity.engine: swarm` (the preview's placement,
   * `exceeds-node`). Default: none asked (such files are planned on this machine, with a notice);
   * server.ts passes the engine-backed one.
   */
  nodes?: NodeProvider;
  /** This machine's capacity, for files that name none. Default: unknown (core's defaults). */
  machine?: Partial<Capacity>;
  /** Where failures are logged. Default: the connection's console (the client's output channel). */
  logger?: Logger;
  /**
   * Timers for the work that follows diagnostics (the plan, the preview, refreshed code lenses).
   * Default: Node's, so the debounce `timers` of tests do not hold it back. Tests of the order pass their own.
   */
  followUpTimers?: Timers;
  /** Called each time a version of a document is planned (tests count plans with it). Default: nothing. */
  onPlan?: (uri: string, version: number) => void;
}

/** Default delay between the last keystroke and new diagnostics (ms). */
export const DEFAULT_DEBOUNCE_MS = 200;

/**
 * Delay between diagnostics and the work that follows them (planning for the preview and the code
 * lenses, ms). A keystroke within it cancels that work: it is done for the newest version only,
 * and never ahead of the diagnostics of a newer one.
 */
export const FOLLOW_UP_MS = 150;

export class GantryLanguageService {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly logger: Logger;
  private images: ImageProvider;
  private matches: UriMatcher = uriMatcher();
  private policy: Policy = 'trusted';
  private debouncer: Debouncer;
  private readonly cache: DocumentCache;
  /** Versions whose diagnostics were sent, so a debounced run after an immediate one is skipped. */
  private readonly published = new Map<string, number>();
  /** Documents a client asked a preview for: they get `gantry/previewChanged` after each change. */
  private readonly previewed = new Set<string>();
  /** The newest finished run of each batch file asked about (null: none), until runs change. */
  private readonly lastRuns = new Map<string, LastRun | null>();
  /** Whether the client re-asks for code lenses when told (LSP 3.16 workspace/codeLens/refresh). */
  private canRefreshLenses = false;
  /** Plans the current version once its diagnostics are out; see `followUp`. */
  private readonly followUps: Debouncer;
  /** Documents whose code lenses were answered before their schedule was ready: refreshed once it is. */
  private readonly lensesBehind = new Set<string>();
  /** Documents whose summary was answered from an earlier version's plan: told once theirs is made. */
  private readonly summariesBehind = new Set<string>();
  /** The newest analysis of each document whose schedule was computed: quick lenses take their titles from it. */
  private readonly lastPlanned = new Map<string, Analysis>();
  private disposed = false;
  /** The history's estimates per document, read once until runs change (as `lastRuns`). */
  private readonly estimates = new Map<string, ReadonlyMap<string, HistoryEstimate>>();
  /** The swarm's newest answer (undefined: not answered yet), and its JSON to tell a new one. */
  private swarm: { answer: SwarmAnswer; key: string } | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly options: ServiceOptions = {},
  ) {
    this.logger = options.logger ?? connection.console;
    this.images = options.images ?? noImages;
    this.cache = new DocumentCache(() => ({
      policy: this.policy,
      machine: this.options.machine ?? {},
      estimates: (uri) => this.estimatesOf(uri),
      ...(this.swarm ? { swarm: this.swarm.answer } : {}),
      ...(this.options.onPlan ? { onPlan: this.options.onPlan } : {}),
    }));
    this.debouncer = this.newDebouncer(DEFAULT_DEBOUNCE_MS);
    this.followUps = new Debouncer(options.followUpTimers ?? realTimers, FOLLOW_UP_MS, (uri) =>
      void guard('preview', this.logger, () => this.followUp(uri)),
    );

    connection.onInitialize((params) => this.initialize(params));
    this.documents.onDidOpen((e) => guardVoid('diagnostics', this.logger, () => this.publish(e.document.uri)));
    this.documents.onDidChangeContent((e) => {
      // Opening publishes at once; only later versions wait for the typing to pause.
      const { uri, version, languageId } = e.document;
      // Whatever was to follow the last diagnostics is for a version that is no longer the newest.
      this.followUps.cancel(uri);
      if (this.matches(uri, languageId) && this.published.get(uri) !== version) this.debouncer.schedule(uri);
    });
    this.documents.onDidClose((e) => {
      const uri = e.document.uri;
      this.debouncer.cancel(uri);
      this.followUps.cancel(uri);
      this.lensesBehind.delete(uri);
      this.summariesBehind.delete(uri);
      this.lastPlanned.delete(uri);
      this.cache.delete(uri);
      this.published.delete(uri);
      this.previewed.delete(uri);
      this.lastRuns.delete(uri);
      this.estimates.delete(uri);
      if (this.matches(uri, e.document.languageId)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    });

    connection.onCompletion((p) =>
      this.withDocument('completion', p.textDocument, null, (document) =>
        complete({
          lines: documentLines(document),
          position: p.position,
          analysis: this.cache.recent(document),
          images: this.images,
        }),
      ),
    );
    connection.onHover((p) => this.withDocument('hover', p.textDocument, null, (d) => hover(this.at(d), p.position)));
    connection.onDefinition((p) => this.withDocument('definition', p.textDocument, null, (d) => definition(this.at(d), p.position)));
    connection.onReferences((p) =>
      this.withDocument('references', p.textDocument, [], (d) => references(this.at(d), p.position, p.context.includeDeclaration)),
    );
    connection.onPrepareRename((p) => this.withDocument('rename', p.textDocument, null, (d) => prepareRename(this.at(d), p.position)));
    connection.onRenameRequest((p) => this.withDocument('rename', p.textDocument, null, (d) => rename(this.at(d), p.position, p.newName)));
    connection.onDocumentHighlight((p) =>
      this.withDocument('document highlights', p.textDocument, [], (d) => documentHighlights(this.at(d), p.position)),
    );
    connection.onWorkspaceSymbol((p) =>
      guard('workspace symbols', this.logger, () =>
        workspaceSymbols(
          this.documents.all().filter((d) => this.matches(d.uri, d.languageId)).map((d) => this.at(d)),
          p.query,
        ),
      ),
    );
    connection.onDocumentSymbol((p) => this.withDocument('document symbols', p.textDocument, [], (d) => documentSymbols(this.at(d))));
    connection.onCodeLens((p) =>
      this.withDocument('code lens', p.textDocument, [], (d) => {
        const analysis = this.at(d);
        const good = this.cache.good(analysis);
        // A client that can be asked to refresh gets its lenses at once, from what is planned
        // already; the plan follows (after any newer diagnostics), then the refresh.
        if (this.canRefreshLenses && good && !good.planReady) {
          this.lensesBehind.add(d.uri);
          if (!this.debouncer.pending(d.uri)) this.followUps.schedule(d.uri);
          return quickLenses(analysis, this.lastPlanned.get(d.uri), this.lastRunOf(d.uri));
        }
        const lenses = codeLenses(analysis, good, this.lastRunOf(d.uri));
        this.notePlanned(good);
        return lenses;
      }),
    );
    connection.onCodeAction((p) => this.withDocument('code actions', p.textDocument, [], (d) => codeActions(this.at(d), p)));
    connection.onRequest(PREVIEW_REQUEST, (p: PreviewParams) =>
      this.withDocument('preview', { uri: p.uri }, null, (d) => {
        this.previewed.add(d.uri);
        const analysis = this.at(d);
        this.askSwarm(analysis);
        const good = this.cache.good(analysis);
        const data = preview(analysis, good, this.lastRunOf(d.uri));
        this.notePlanned(good);
        return data;
      }),
    );

    connection.languages.semanticTokens.on((p) => this.withDocument('semantic tokens', p.textDocument, { data: [] }, (d) => semanticTokens(this.at(d))));
    connection.languages.semanticTokens.onRange((p) =>
      this.withDocument('semantic tokens', p.textDocument, { data: [] }, (d) => semanticTokens(this.at(d), p.range)),
    );
    connection.onNotification(RUNS_CHANGED_NOTIFICATION, () => guardVoid('runs changed', this.logger, () => this.runsChanged()));
    connection.onRequest(SUMMARY_REQUEST, (p: PreviewParams) => this.withDocument('summary', { uri: p.uri }, null, (d) => this.summaryOf(d)));

    this.documents.listen(connection);
  }

  private initialize(params: InitializeParams): InitializeResult {
    const init = (params.initializationOptions ?? {}) as GantryInitializationOptions;
    if (init.documentSelector?.length) this.matches = uriMatcher(init.documentSelector);
    if (init.dockerImages === false) this.images = noImages;
    if (typeof init.policy === 'string' && isPolicy(init.policy)) this.policy = init.policy;
    this.canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) {
      this.debouncer.dispose();
      this.debouncer = this.newDebouncer(init.debounceMs);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [' ', ':', '[', ',', '.', '-', '{'] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        documentHighlightProvider: true,
        workspaceSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true },
      },
      serverInfo: { name: 'gantry' },
    };
  }

  private newDebouncer(ms: number): Debouncer {
    const timers = this.options.timers ?? realTimers;
    return new Debouncer(timers, ms, (uri) => guardVoid('diagnostics', this.logger, () => this.publish(uri)));
  }

  /**
   * Sends diagnostics for the document's current version (once per version); the plan and the
   * preview follow (`followUp`), so validation is all that stands between a keystroke and its
   * diagnostics.
   */
  private async publish(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    if (!document || !this.matches(uri, document.languageId) || this.published.get(uri) === document.version) return;
    this.debouncer.cancel(uri);
    const analysis = this.cache.get(document);
    this.published.set(uri, document.version);
    await this.connection.sendDiagnostics({ uri, version: document.version, diagnostics: diagnose(analysis) });
    if (this.previewed.has(uri) || this.lensesBehind.has(uri) || this.summariesBehind.has(uri)) this.followUps.schedule(uri);
    this.askSwarm(analysis);
  }

  /**
   * For a file on the swarm: asks for its nodes in the background (the provider answers from its
   * cache while that is fresh, and is bounded in time). Nothing waits for the answer: until it
   * comes, the file is validated and planned on this machine.
   */
  private askSwarm(analysis: Analysis): void {
    // Under `strict` the file's swarm is refused (policy-engine-swarm): nothing to plan on it.
    if (!analysis.onSwarm || this.policy === 'strict' || this.disposed) return;
    const nodes = this.options.nodes ?? noNodes;
    void nodes.nodes().then((answer) => guard('swarm nodes', this.logger, () => this.swarmAnswered(answer)));
  }

  /**
   * The swarm answered. When it says something new (other nodes, or it could not be asked where
   * it could, or the other way round), every open file on the swarm is validated and planned
   * again with it: new diagnostics (`exceeds-node`), then the preview.
   */
  private async swarmAnswered(answer: SwarmAnswer): Promise<void> {
    const key = JSON.stringify(answer);
    if (this.disposed || this.swarm?.key === key) return;
    this.swarm = { answer, key };
    for (const document of this.documents.all()) {
      const uri = document.uri;
      if (!this.matches(uri, document.languageId) || !this.cache.peek(uri)?.onSwarm) continue;
      this.cache.forgetCurrent(uri);
      this.published.delete(uri);
      await this.publish(uri);
    }
  }

  /**
   * After the diagnostics of the document's newest version: its schedule (or that of its last
   * version without errors), then the preview and the code lenses' refresh. Skipped when a newer
   * version came meanwhile (its own diagnostics come first, then its own follow-up); the work is
   * split where a newer version can be noticed between the parts.
   */
  private async followUp(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    if (!document || !this.matches(uri, document.languageId)) return;
    const version = document.version;
    const current = () => !this.disposed && this.documents.get(uri)?.version === version && !this.debouncer.pending(uri);
    if (!current() || this.published.get(uri) !== version) return;
    const analysis = this.cache.get(document);
    const good = this.cache.good(analysis);
    if (good && !good.planReady) {
      void good.graph;
      await yieldToMessages();
      if (!current()) return;
    }
    void good?.schedule;
    this.notePlanned(good);
    await yieldToMessages();
    if (!current()) return;
    if (this.previewed.has(uri)) await this.connection.sendNotification(PREVIEW_CHANGED_NOTIFICATION, preview(analysis, good, this.lastRunOf(uri)));
    if (this.summariesBehind.delete(uri)) await this.connection.sendNotification(SUMMARY_CHANGED_NOTIFICATION, { uri });
    if (this.lensesBehind.delete(uri) && this.canRefreshLenses) await this.connection.sendRequest(CodeLensRefreshRequest.type);
  }

  /**
   * The status bar's summary, which plans nothing that is planned already or about to be: this
   * version's plan when it is made; else, when an earlier version was planned, that one's makespan
   * (marked `planOf`) while the follow-up plans this version — as it does for the preview, after
   * the diagnostics — and then tells the client (`gantry/summaryChanged`). Only the first plan of a
   * document, with nothing to stand in, is made here.
   */
  private summaryOf(document: TextDocument): SummaryData {
    const analysis = this.at(document);
    if (analysis.errorCount > 0 || analysis.planReady || !analysis.graph) return summary(analysis);
    const earlier = this.lastPlanned.get(document.uri);
    if (!earlier || earlier.version >= analysis.version) {
      const data = summary(analysis);
      this.notePlanned(analysis);
      return data;
    }
    this.summariesBehind.add(document.uri);
    // A pending debounce publishes first, and schedules the follow-up itself.
    if (!this.debouncer.pending(document.uri)) this.followUps.schedule(document.uri);
    return summary(analysis, earlier);
  }

  /** Remembers `analysis` as the newest of its document whose schedule is known. */
  private notePlanned(analysis: Analysis | undefined): void {
    if (!analysis?.planReady) return;
    const known = this.lastPlanned.get(analysis.uri);
    if (!known || known.version <= analysis.version) this.lastPlanned.set(analysis.uri, analysis);
  }

  private estimatesOf(uri: string): ReadonlyMap<string, HistoryEstimate> {
    let estimates = this.estimates.get(uri);
    if (!estimates) this.estimates.set(uri, (estimates = historyEstimates(uri)));
    return estimates;
  }

  private lastRunOf(uri: string): LastRun | undefined {
    if (!this.lastRuns.has(uri)) this.lastRuns.set(uri, readLastRun(uri) ?? null);
    return this.lastRuns.get(uri) ?? undefined;
  }

  /**
   * A run started, ended or went. For each open batch file whose newest finished run is now
   * another (a run still going changes nothing, however often its report is rewritten): analyse
   * it again (the run also changed the history its predictions come from) and send its preview
   * again; then ask the client for new code lenses.
   */
  private async runsChanged(): Promise<void> {
    let changed = false;
    for (const document of this.documents.all()) {
      if (!this.matches(document.uri, document.languageId)) continue;
      const before = this.lastRuns.get(document.uri);
      const now = readLastRun(document.uri) ?? null;
      this.lastRuns.set(document.uri, now);
      if (before !== undefined && (before?.runId ?? null) === (now?.runId ?? null)) continue;
      changed = true;
      // The run that ended also wrote the history the estimates come from.
      this.estimates.delete(document.uri);
      this.cache.forgetCurrent(document.uri);
      if (this.previewed.has(document.uri)) {
        const analysis = this.at(document);
        await this.connection.sendNotification(PREVIEW_CHANGED_NOTIFICATION, preview(analysis, this.cache.good(analysis), now ?? undefined));
      }
    }
    if (changed && this.canRefreshLenses) await this.connection.sendRequest(CodeLensRefreshRequest.type);
  }

  /**
   * Runs a feature on a batch file's current analysis; documents that are not open or not batch
   * files get `empty` (the feature does not apply to them).
   */
  private withDocument<R, E>(
    feature: string,
    id: TextDocumentIdentifier,
    empty: E,
    fn: (document: TextDocument) => R | Promise<R>,
  ) {
    return guard(feature, this.logger, () => {
      const document = this.documents.get(id.uri);
      if (!document || !this.matches(id.uri, document.languageId)) return empty;
      return fn(document);
    });
  }

  /** The analysis of the document's current version (computed once per version). */
  private at(document: TextDocument): Analysis {
    return this.cache.get(document);
  }

  dispose(): void {
    this.disposed = true;
    this.debouncer.dispose();
    this.followUps.dispose();
  }
}

/** Lets the connection read what arrived meanwhile (a newer version) before going on. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

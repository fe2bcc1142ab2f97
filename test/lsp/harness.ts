/**
 * A real LSP client and the real Gantry server in one process, over paired in-memory streams:
 * no VS Code, no sleeps. Diagnostics arrive as notifications and are awaited; the debounce runs
 * on `ManualTimers`, which the test fires when it wants the delay to be over.
 */
import { PassThrough } from 'node:stream';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { createConnection } from 'vscode-languageserver/node';
import type { Logger } from '../../extension/src/server/errors';
import type { ImageProvider } from '../../extension/src/server/image-provider';
import type { NodeProvider } from '../../extension/src/server/node-provider';
import { GantryLanguageService } from '../../extension/src/server/service';
import type { Timers } from '../../extension/src/server/timers';
import type { GantryInitializationOptions } from '../../extension/src/protocol';

/** Timers that fire only when the test says so. */
export class ManualTimers implements Timers {
  private readonly pending = new Map<number, () => void>();
  private next = 1;
  private waiters: (() => void)[] = [];

  set(fn: () => void): unknown {
    const id = this.next++;
    this.pending.set(id, fn);
    for (const w of this.waiters.splice(0)) w();
    return id;
  }

  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Resolves once a timer is pending (at once if one is). */
  scheduled(): Promise<void> {
    return this.pending.size ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Fires every pending timer now. */
  flush(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const fn of due) fn();
  }
}

export interface Harness {
  client: ProtocolConnection;
  timers: ManualTimers;
  logged: string[];
  initializeResult: InitializeResult;
  /** Opens a document (language id `yaml` unless given) and waits for its diagnostics. */
  open(uri: string, text: string, languageId?: string): Promise<Diagnostic[]>;
  /** Replaces the whole text, fires the debounce, waits for the new diagnostics. */
  change(uri: string, text: string): Promise<Diagnostic[]>;
  /** The next diagnostics published for `uri`. */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams>;
  /** Diagnostics published for `uri` and not yet taken. */
  pendingDiagnostics(uri: string): number;
  close(): void;
}

export async function startHarness(
  options: {
    images?: ImageProvider;
    /** The swarm's nodes, for files with `capacity.engine: swarm`. Default: none asked. */
    nodes?: NodeProvider;
    initializationOptions?: GantryInitializationOptions;
    machine?: { cpus: number; memory: number };
    /** What the client says it supports. Default: nothing. */
    capabilities?: ClientCapabilities;
    /** Timers for the work after diagnostics (plan, preview, lens refresh). Default: Node's. */
    followUpTimers?: Timers;
    /** Called each time the server plans a version of a document (tests count plans). */
    onPlan?: (uri: string, version: number) => void;
  } = {},
): Promise<Harness> {
  const up = new PassThrough();
  const down = new PassThrough();
  const timers = new ManualTimers();
  const logged: string[] = [];
  const logger: Logger = { error: (m) => logged.push(m), info: () => undefined };

  const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  const service = new GantryLanguageService(server, {
    timers,
    logger,
    images: options.images,
    nodes: options.nodes,
    followUpTimers: options.followUpTimers,
    onPlan: options.onPlan,
    machine: options.machine ?? { cpus: 4, memory: 8 * 2 ** 30 },
  });
  server.listen();

  const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  const queues = new Map<string, { items: PublishDiagnosticsParams[]; waiters: ((p: PublishDiagnosticsParams) => void)[] }>();
  const queue = (uri: string) => {
    let q = queues.get(uri);
    if (!q) queues.set(uri, (q = { items: [], waiters: [] }));
    return q;
  };
  client.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const q = queue(params.uri);
    const waiter = q.waiters.shift();
    if (waiter) waiter(params);
    else q.items.push(params);
  });
  client.listen();

  const initializeResult = await client.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: null,
    capabilities: options.capabilities ?? {},
    initializationOptions: options.initializationOptions,
  });
  await client.sendNotification(InitializedNotification.type, {});

  const versions = new Map<string, number>();
  const nextDiagnostics = (uri: string) => {
    const q = queue(uri);
    const item = q.items.shift();
    return item ? Promise.resolve(item) : new Promise<PublishDiagnosticsParams>((resolve) => q.waiters.push(resolve));
  };

  return {
    client,
    timers,
    logged,
    initializeResult,
    nextDiagnostics,
    pendingDiagnostics: (uri) => queue(uri).items.length,
    async open(uri, text, languageId = 'yaml') {
      versions.set(uri, 1);
      await client.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId, version: 1, text },
      });
      return (await nextDiagnostics(uri)).diagnostics;
    },
    async change(uri, text) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      await client.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
      await timers.scheduled();
      timers.flush();
      return (await nextDiagnostics(uri)).diagnostics;
    },
    close() {
      service.dispose();
      client.dispose();
      server.dispose();
      up.destroy();
      down.destroy();
    },
  };
}

/** A position from a marker: the line and column of the first `needle` in `text` (plus `offset`). */
export function at(text: string, needle: string, offset = 0): { line: number; character: number } {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, index + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

/**
 * A local HTTP server that speaks GitHub's cache service v2 the way @actions/cache 6 calls it
 * (`ACTIONS_CACHE_SERVICE_V2` set, `ACTIONS_RESULTS_URL` pointing here), for real:
 *
 * - Twirp JSON at `POST /twirp/github.actions.results.api.v1.CacheService/<Method>`
 *   (node_modules/@actions/cache/lib/internal/shared/cacheTwirpClient.js and the generated
 *   `generated/results/api/v1/cache.twirp-client.js`): `CreateCacheEntry {key, version}` →
 *   `{ok, signed_upload_url}`, `FinalizeCacheEntryUpload {key, version, size_bytes}` →
 *   `{ok, entry_id}`, `GetCacheEntryDownloadURL {key, restore_keys, version}` →
 *   `{ok, signed_download_url, matched_key}`. Fields in proto names (`useProtoFieldName`), int64 as
 *   JSON strings; errors as Twirp errors (`{code, msg}` with the code's HTTP status).
 * - The signed blob URLs the client is handed: the upload goes through the Azure storage SDK
 *   (`BlockBlobClient.uploadFile`, one `Put Blob` for archives under 128 MiB: `PUT` with
 *   `x-ms-blob-type: BlockBlob`); the download, for a host that is not `*.blob.core.windows.net`,
 *   through the toolkit's http-client (`GET`, Content-Length checked). URLs are IP-style
 *   (`http://127.0.0.1:PORT/<account>/<container>/<blob>?<SAS>`), as Azurite's are, so the SDK
 *   parses them; plain http is accepted by the SDK with a SAS (no bearer credential involved).
 *
 * Every request's shape is checked — method, path, `Authorization: Bearer` with a token this
 * server signed, `Content-Type`, the user agent, the body's fields and their types, key length and
 * commas, the version's form, at most 10 keys, the SAS signature and permission — and anything off
 * is recorded in `violations` (and refused); tests assert that list is empty.
 *
 * Scopes as GitHub has them: the runtime token is a JWT whose `ac` claim lists the refs the job may
 * use (`[{"Scope":"refs/pull/7/merge","Permission":3},{"Scope":"refs/heads/main","Permission":1}]`;
 * 1 read, 2 write). An entry is written into the token's writable scope; a lookup searches the
 * readable scopes in order (the run's own ref first, then the base/default branch), in each: the key
 * exactly, then the key as a prefix, then each restore key as a prefix, the newest entry first, and
 * only entries of the same version (https://docs.github.com/en/actions/reference/workflows-and-actions/dependency-caching#cache-key-matching
 * and #restrictions-for-accessing-a-cache).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';
const ACCOUNT = 'devstoreaccount1';
const CONTAINER = 'actions-cache';
/** @actions/cache's `getUserAgentString()` for the Twirp calls; 'actions/cache' for the http-client download. */
const TWIRP_AGENT = /^@actions\/cache-\d+\.\d+\.\d+/;

export interface CacheScope {
  /** A ref, e.g. `refs/heads/main`, `refs/pull/7/merge`. */
  scope: string;
  /** What the token may do there. */
  permission: 'read' | 'write' | 'read-write';
}

export interface CacheEntry {
  id: number;
  key: string;
  version: string;
  scope: string;
  /** Order of creation: a lookup prefers the newest. */
  created: number;
  /** Set once the blob is uploaded. */
  blob?: Buffer;
  finalized: boolean;
  uploadSig: string;
  downloadSig: string;
}

/** Which call answers with an error (`failing`), and how. */
export type CacheFailure = { method: 'CreateCacheEntry' | 'FinalizeCacheEntryUpload' | 'GetCacheEntryDownloadURL'; status: number; code: string; msg: string };

export class FakeCacheService {
  readonly violations: string[] = [];
  readonly entries: CacheEntry[] = [];
  /** Every request as `METHOD path` (Twirp method names, `PUT blob`, `GET blob`). */
  readonly calls: string[] = [];
  /** Calls answered with these errors instead (tests of a broken service). */
  failing: CacheFailure[] = [];
  #server?: Server;
  #secret = randomBytes(32);
  #next = 1;

  get url(): string {
    const address = this.#server?.address() as AddressInfo | null;
    if (!address) throw new Error('fake cache service is not listening');
    return `http://127.0.0.1:${address.port}/`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        this.violations.push(`fake cache service error: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await new Promise<void>((ok) => this.#server!.listen(0, '127.0.0.1', ok));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.#server) return;
    this.#server.closeAllConnections();
    await new Promise<void>((ok) => this.#server!.close(() => ok()));
  }

  /**
   * A runtime token as the runner hands it (`ACTIONS_RUNTIME_TOKEN`): a JWT signed by this server
   * whose `ac` claim lists the scopes, the run's own ref first.
   */
  token(scopes: CacheScope[]): string {
    const ac = scopes.map((s) => ({ Scope: s.scope, Permission: s.permission === 'read' ? 1 : s.permission === 'write' ? 2 : 3 }));
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
    const payload = b64url(JSON.stringify({ ac: JSON.stringify(ac), iss: 'fake-cache', exp: Math.floor(Date.now() / 1000) + 3600 }));
    return `${header}.${payload}.${b64url(createHmac('sha256', this.#secret).update(`${header}.${payload}`).digest())}`;
  }

  /** The finalized entries of `scope`, oldest first. */
  saved(scope?: string): CacheEntry[] {
    return this.entries.filter((e) => e.finalized && (scope === undefined || e.scope === scope));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    if (url.pathname.startsWith(SERVICE)) return this.#twirp(req, res, url.pathname.slice(SERVICE.length), body);
    if (url.pathname.startsWith(`/${ACCOUNT}/${CONTAINER}/`)) return this.#blob(req, res, url, body);
    this.#violation(res, 404, `${req.method} ${url.pathname}: no such endpoint`);
  }

  #twirp(req: IncomingMessage, res: ServerResponse, method: string, raw: Buffer): void {
    this.calls.push(method);
    const where = `POST ${SERVICE}${method}`;
    if (req.method !== 'POST') return this.#violation(res, 405, `${req.method} ${SERVICE}${method}: Twirp takes POST only`);
    if (req.headers['content-type'] !== 'application/json') return this.#violation(res, 415, `${where}: Content-Type ${req.headers['content-type']}, expected application/json`);
    if (!TWIRP_AGENT.test(req.headers['user-agent'] ?? '')) this.violations.push(`${where}: user agent ${req.headers['user-agent']}, expected @actions/cache-<version>`);
    const scopes = this.#scopes(req.headers.authorization);
    if (!scopes) return twirpError(res, 401, 'unauthenticated', 'invalid or missing runtime token'), void this.violations.push(`${where}: no valid bearer token`);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    } catch (error) {
      return this.#violation(res, 400, `${where}: body is not a JSON object (${String(error)})`);
    }
    const fields: Record<string, Record<string, 'string' | 'strings' | 'int64'>> = {
      CreateCacheEntry: { key: 'string', version: 'string' },
      FinalizeCacheEntryUpload: { key: 'string', version: 'string', size_bytes: 'int64' },
      GetCacheEntryDownloadURL: { key: 'string', version: 'string', restore_keys: 'strings' },
    };
    const expected = fields[method];
    if (!expected) return this.#violation(res, 404, `${where}: no such method`);
    const problems: string[] = [];
    for (const name of Object.keys(body)) if (!(name in expected) && name !== 'metadata') problems.push(`unknown field ${name}`);
    for (const [name, type] of Object.entries(expected)) {
      const value = body[name];
      if (type === 'string' && typeof value !== 'string') problems.push(`${name} is ${JSON.stringify(value)}, expected a string`);
      if (type === 'int64' && !(typeof value === 'string' && /^\d+$/.test(value))) problems.push(`${name} is ${JSON.stringify(value)}, expected an int64 as a JSON string`);
      if (type === 'strings' && value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) problems.push(`${name} is ${JSON.stringify(value)}, expected strings`);
    }
    const keys = [body.key, ...((body.restore_keys as unknown[] | undefined) ?? [])].filter((k): k is string => typeof k === 'string');
    for (const key of keys) if (key.length === 0 || key.length > 512 || key.includes(',')) problems.push(`key ${JSON.stringify(key)}: 1 to 512 characters, no commas`);
    if (keys.length > 10) problems.push(`${keys.length} keys, at most 10`);
    if (typeof body.version === 'string' && !/^[0-9a-f]{64}$/.test(body.version)) problems.push(`version ${JSON.stringify(body.version)} is not a sha256`);
    if (problems.length > 0) {
      this.violations.push(...problems.map((p) => `${where}: ${p}`));
      return twirpError(res, 400, 'invalid_argument', problems.join('; '));
    }
    const failure = this.failing.find((f) => f.method === method);
    if (failure) return twirpError(res, failure.status, failure.code, failure.msg);

    const key = body.key as string;
    const version = body.version as string;
    const writable = scopes.find((s) => s.permission !== 'read');
    if (method === 'CreateCacheEntry') {
      if (!writable) return twirpError(res, 403, 'permission_denied', 'cache write denied: the token has no writable scope');
      if (this.entries.some((e) => e.scope === writable.scope && e.key === key && e.version === version)) {
        return twirpError(res, 409, 'already_exists', `cache entry with the same key, version, and scope already exists`);
      }
      const entry: CacheEntry = { id: this.#next++, key, version, scope: writable.scope, created: this.entries.length, finalized: false, uploadSig: randomBytes(16).toString('hex'), downloadSig: randomBytes(16).toString('hex') };
      this.entries.push(entry);
      return json(res, 200, { ok: true, signed_upload_url: this.#blobUrl(entry, 'cw', entry.uploadSig) });
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const entry = this.entries.find((e) => writable && e.scope === writable.scope && e.key === key && e.version === version && !e.finalized);
      if (!entry) return twirpError(res, 404, 'not_found', 'no reserved cache entry for this key and version');
      if (!entry.blob) {
        this.violations.push(`${where}: ${key} finalized before its blob was uploaded`);
        return twirpError(res, 400, 'failed_precondition', 'the blob was not uploaded');
      }
      if (Number(body.size_bytes) !== entry.blob.length) {
        this.violations.push(`${where}: size_bytes ${body.size_bytes}, the blob has ${entry.blob.length}`);
        return twirpError(res, 400, 'invalid_argument', 'size mismatch');
      }
      entry.finalized = true;
      return json(res, 200, { ok: true, entry_id: String(entry.id) });
    }
    // GetCacheEntryDownloadURL: per readable scope, in the token's order.
    const restoreKeys = (body.restore_keys as string[] | undefined) ?? [];
    for (const scope of scopes.filter((s) => s.permission !== 'write')) {
      const candidates = this.entries.filter((e) => e.finalized && e.scope === scope.scope && e.version === version).sort((a, b) => b.created - a.created);
      const hit =
        candidates.find((e) => e.key === key) ??
        candidates.find((e) => e.key.startsWith(key)) ??
        restoreKeys.map((prefix) => candidates.find((e) => e.key.startsWith(prefix))).find((e) => e !== undefined);
      if (hit) return json(res, 200, { ok: true, signed_download_url: this.#blobUrl(hit, 'r', hit.downloadSig), matched_key: hit.key });
    }
    return json(res, 200, { ok: false });
  }

  #blob(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const id = Number(url.pathname.slice(`/${ACCOUNT}/${CONTAINER}/`.length));
    const entry = this.entries.find((e) => e.id === id);
    const sig = url.searchParams.get('sig') ?? '';
    const permission = url.searchParams.get('sp') ?? '';
    if (req.method === 'PUT') {
      this.calls.push('PUT blob');
      if (!entry || !safeEqual(sig, entry.uploadSig) || permission !== 'cw') return this.#violation(res, 403, `PUT ${url.pathname}: not the signed upload URL handed out`);
      if (entry.finalized || entry.blob) return this.#violation(res, 409, `PUT ${url.pathname}: uploaded twice`);
      if (req.headers['x-ms-blob-type'] !== 'BlockBlob') return this.#violation(res, 400, `PUT ${url.pathname}: x-ms-blob-type ${req.headers['x-ms-blob-type']}, expected BlockBlob (one Put Blob)`);
      if (!req.headers['x-ms-version']) return this.#violation(res, 400, `PUT ${url.pathname}: no x-ms-version`);
      if (url.searchParams.has('comp')) return this.#violation(res, 501, `PUT ${url.pathname}?comp=${url.searchParams.get('comp')}: block uploads are not implemented by the fake (archives over 128 MiB)`);
      if (Number(req.headers['content-length']) !== body.length) return this.#violation(res, 400, `PUT ${url.pathname}: Content-Length ${req.headers['content-length']}, body ${body.length}`);
      entry.blob = body;
      res.writeHead(201, { etag: `"0x${entry.id.toString(16)}"`, 'last-modified': new Date().toUTCString(), 'x-ms-request-id': randomBytes(8).toString('hex'), 'x-ms-version': String(req.headers['x-ms-version']), 'x-ms-request-server-encrypted': 'true' });
      res.end();
      return;
    }
    if (req.method === 'GET') {
      this.calls.push('GET blob');
      if (req.headers['user-agent'] !== 'actions/cache') this.violations.push(`GET ${url.pathname}: user agent ${req.headers['user-agent']}, expected the toolkit http-client's actions/cache`);
      if (!entry || !entry.finalized || !entry.blob || !safeEqual(sig, entry.downloadSig) || permission !== 'r') return this.#violation(res, 403, `GET ${url.pathname}: not a signed download URL of a finalized entry`);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(entry.blob.length) });
      res.end(entry.blob);
      return;
    }
    this.#violation(res, 405, `${req.method} ${url.pathname}: the client only PUTs and GETs blobs`);
  }

  #blobUrl(entry: CacheEntry, permission: string, sig: string): string {
    const expiry = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    return `${this.url}${ACCOUNT}/${CONTAINER}/${entry.id}?sv=2024-08-04&se=${encodeURIComponent(expiry)}&sr=b&sp=${permission}&sig=${sig}`;
  }

  /** The scopes of a bearer token this server signed, or undefined. */
  #scopes(authorization: string | undefined): CacheScope[] | undefined {
    const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(authorization ?? '');
    if (!match) return undefined;
    const signature = b64url(createHmac('sha256', this.#secret).update(`${match[1]}.${match[2]}`).digest());
    if (!safeEqual(signature, match[3])) return undefined;
    const claims = JSON.parse(Buffer.from(match[2], 'base64url').toString('utf8')) as { ac: string };
    return (JSON.parse(claims.ac) as Array<{ Scope: string; Permission: number }>).map((s) => ({ scope: s.Scope, permission: s.Permission === 1 ? 'read' : s.Permission === 2 ? 'write' : 'read-write' }));
  }

  #violation(res: ServerResponse, status: number, message: string): void {
    this.violations.push(message);
    twirpError(res, status, 'invalid_argument', message);
  }
}

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A Twirp error (https://twitchtv.github.io/twirp/docs/spec_v7.html#error-codes). */
function twirpError(res: ServerResponse, status: number, code: string, msg: string): void {
  json(res, status, { code, msg });
}

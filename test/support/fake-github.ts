/**
 * A local HTTP server that answers like api.github.com for the calls the action makes — list an
 * issue's comments, create one, update one, get the authenticated user — and checks every request
 * against GitHub's OpenAPI description (@octokit/openapi, api.github.com.json): the method and path
 * must name a documented operation, path and query parameters must have their documented types,
 * and a body must carry the required fields with the documented types. Anything else is recorded in
 * `violations` (and answered 400/404/501); tests assert that list is empty, so a request GitHub
 * would not understand fails the test.
 *
 * Tokens model the identities that matter: a personal token (its user, can read `/user`), the
 * workflow's installation token (acts as `github-actions[bot]`, `/user` is 403), a GitHub App's
 * installation token (acts as `<slug>[bot]`, `/user` is 403), and a read-only token (a fork's pull
 * request: writes are 403). GraphQL answers `{ viewer { login } }` for all of them, as GitHub does.
 * `failNext` injects server errors.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface FakeToken {
  /** The login comments are written as. */
  login: string;
  /** `User` for a personal token (can read `/user`), `Bot` for an installation token (cannot). */
  type: 'User' | 'Bot';
  /** False for a read-only token: creating or editing comments answers 403. Default: true. */
  canWrite?: boolean;
  /** False: GraphQL's `viewer` answers with an error (a server or token without it). Default: true. */
  graphql?: boolean;
  /**
   * False: no `checks: write` (creating a check run answers 403). Only installation tokens (`Bot`)
   * can create check runs at all, as on GitHub; a `User` token always gets 403. Default: true.
   */
  checks?: boolean;
}

export interface FakeCheckRun {
  id: number;
  repo: string;
  name: string;
  head_sha: string;
  external_id?: string;
  status: string;
  conclusion?: string;
  output?: { title?: string; summary?: string; text?: string };
  app: { id: number; slug: string };
}

export interface FakePull {
  /** `owner/repo` of the base repository. */
  repo: string;
  number: number;
  headSha: string;
  /** `owner:branch` of the head (a fork's owner for a fork's pull request). */
  headLabel: string;
  state: 'open' | 'closed';
}

export interface FakeComment {
  id: number;
  body: string;
  login: string;
  type: 'User' | 'Bot';
  issue: string;
  created_at: string;
  updated_at: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  operationId?: string;
  status: number;
  body?: unknown;
}

interface Operation {
  operationId: string;
  parameters: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  enum?: unknown[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}
interface Route {
  template: string;
  regex: RegExp;
  names: string[];
  literals: number;
  methods: Record<string, Operation>;
}

type Spec = { paths: Record<string, Record<string, unknown>>; components: Record<string, Record<string, unknown>> };

function loadSpec(): Spec {
  // Read the one description we need; the package's index loads every GHES variant (hundreds of MB).
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@octokit/openapi/package.json'));
  return JSON.parse(readFileSync(join(dir, 'generated', 'api.github.com.json'), 'utf8')) as Spec;
}

function resolve<T>(spec: Spec, value: T | { $ref: string }): T {
  let v: unknown = value;
  for (let depth = 0; depth < 20 && typeof v === 'object' && v !== null && '$ref' in v; depth++) {
    const ref = (v as { $ref: string }).$ref;
    const [, section, name] = ref.match(/^#\/components\/([^/]+)\/(.+)$/) ?? [];
    v = spec.components[section]?.[name];
  }
  return v as T;
}

function buildRoutes(spec: Spec): Route[] {
  return Object.entries(spec.paths).map(([template, item]) => {
    const names: string[] = [];
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    const methods: Record<string, Operation> = {};
    const shared = ((item.parameters as unknown[]) ?? []).map((p) => resolve<Parameter>(spec, p as Parameter));
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const operation = op as Operation;
      methods[method.toUpperCase()] = {
        operationId: operation.operationId,
        parameters: [...shared, ...(operation.parameters ?? []).map((p) => resolve<Parameter>(spec, p))],
        requestBody: operation.requestBody ? resolve(spec, operation.requestBody) : undefined,
      };
    }
    return { template, regex: new RegExp(`^${pattern}$`), names, literals: template.split('/').filter((s) => s && !s.startsWith('{')).length, methods };
  });
}

export class FakeGitHub {
  readonly violations: string[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly comments: FakeComment[] = [];
  readonly tokens = new Map<string, FakeToken>();
  readonly checkRuns: FakeCheckRun[] = [];
  readonly pulls: FakePull[] = [];
  #server?: Server;
  #routes: Route[];
  #spec: Spec;
  #nextId = 1000;
  #failures: number[] = [];

  constructor() {
    this.#spec = loadSpec();
    this.#routes = buildRoutes(this.#spec);
  }

  /** The base URL to hand to the action as `GITHUB_API_URL`. */
  get url(): string {
    const address = this.#server?.address() as AddressInfo | null;
    if (!address) throw new Error('fake GitHub is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        this.violations.push(`fake server error: ${String(error)}`);
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

  /** The next `count` requests are answered with `status` (e.g. 502). */
  failNext(count: number, status = 502): void {
    for (let i = 0; i < count; i++) this.#failures.push(status);
  }

  /** A comment written by someone, as if it already existed. */
  addComment(issue: string, login: string, body: string, type: 'User' | 'Bot' = 'User'): FakeComment {
    const now = new Date(Date.UTC(2026, 0, 1)).toISOString();
    const comment = { id: this.#nextId++, body, login, type, issue, created_at: now, updated_at: now };
    this.comments.push(comment);
    return comment;
  }

  commentsOn(issue: string): FakeComment[] {
    return this.comments.filter((c) => c.issue === issue);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = await readBody(req);
    const record: RecordedRequest = { method, path: url.pathname, status: 0 };
    this.requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };

    // GraphQL is one endpoint outside the REST description: the action asks only `viewer { login }`,
    // which GitHub answers for every kind of token (a user's, an installation's, an App's).
    if (method === 'POST' && url.pathname === '/graphql') return this.#graphql(req, raw, record, send);

    const matches = this.#routes
      .map((route) => ({ route, m: route.regex.exec(url.pathname) }))
      .filter((x): x is { route: Route; m: RegExpExecArray } => x.m !== null)
      .sort((a, b) => b.route.literals - a.route.literals);
    const match = matches.find((x) => x.route.methods[method]) ?? matches[0];
    if (!match || !match.route.methods[method]) {
      this.violations.push(`${method} ${url.pathname}: no such operation in GitHub's OpenAPI description`);
      return send(404, { message: 'Not Found' });
    }
    const { route, m } = match;
    const operation = route.methods[method];
    record.operationId = operation.operationId;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));

    const problems = [...this.#checkParameters(operation, params, url.searchParams), ...this.#checkBody(operation, raw, record)];
    if (problems.length > 0) {
      this.violations.push(...problems.map((p) => `${method} ${url.pathname} (${operation.operationId}): ${p}`));
      return send(400, { message: 'Problems parsing request', errors: problems });
    }

    const failure = this.#failures.shift();
    if (failure !== undefined) return send(failure, { message: 'Server Error' });

    const auth = req.headers.authorization ?? '';
    const token = this.tokens.get(auth.replace(/^(token|bearer)\s+/i, ''));
    if (!token) return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });

    const base = this.url;
    const forbidden = () => send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' });
    switch (operation.operationId) {
      case 'users/get-authenticated':
        if (token.type === 'Bot') return forbidden();
        return send(200, user(token.login, token.type, base));
      case 'issues/list-comments': {
        const issue = `${params.owner}/${params.repo}#${params.issue_number}`;
        const all = this.commentsOn(issue);
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const headers: Record<string, string> = {};
        if (page * perPage < all.length) {
          const next = new URL(url.pathname, base);
          next.searchParams.set('per_page', String(perPage));
          next.searchParams.set('page', String(page + 1));
          headers.link = `<${next}>; rel="next"`;
        }
        return send(200, slice.map((c) => commentJson(c, params, base)), headers);
      }
      case 'issues/create-comment': {
        if (token.canWrite === false) return forbidden();
        const issue = `${params.owner}/${params.repo}#${params.issue_number}`;
        const comment = this.addComment(issue, token.login, (record.body as { body: string }).body, token.type);
        return send(201, commentJson(comment, params, base));
      }
      case 'issues/delete-comment': {
        if (token.canWrite === false) return forbidden();
        const at = this.comments.findIndex((c) => c.id === Number(params.comment_id));
        if (at < 0) return send(404, { message: 'Not Found' });
        if (this.comments[at].login !== token.login) this.violations.push(`comment ${this.comments[at].id} by ${this.comments[at].login} deleted by ${token.login}`);
        this.comments.splice(at, 1);
        record.status = 204;
        res.writeHead(204);
        return void res.end();
      }
      case 'checks/create': {
        if (token.type !== 'Bot') return send(403, { message: 'You must authenticate via a GitHub App.', documentation_url: 'https://docs.github.com/rest/checks/runs#create-a-check-run', status: '403' });
        if (token.canWrite === false || token.checks === false) return forbidden();
        const b = record.body as Omit<FakeCheckRun, 'id' | 'repo' | 'app'>;
        const run: FakeCheckRun = { id: this.#nextId++, repo: `${params.owner}/${params.repo}`, name: b.name, head_sha: b.head_sha, external_id: b.external_id, status: b.status ?? 'queued', conclusion: b.conclusion, output: b.output, app: appOf(token) };
        this.checkRuns.push(run);
        return send(201, checkRunJson(run, base));
      }
      case 'checks/list-for-ref': {
        const repoName = `${params.owner}/${params.repo}`;
        let runs = this.checkRuns.filter((r) => r.repo === repoName && r.head_sha === params.ref);
        const name = url.searchParams.get('check_name');
        const appId = url.searchParams.get('app_id');
        if (name !== null) runs = runs.filter((r) => r.name === name);
        if (appId !== null) runs = runs.filter((r) => r.app.id === Number(appId));
        // `filter=latest` (GitHub's default): the most recent check run of each name.
        if ((url.searchParams.get('filter') ?? 'latest') === 'latest') runs = runs.filter((r) => !runs.some((o) => o.name === r.name && o.id > r.id));
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const headers: Record<string, string> = {};
        if (page * perPage < runs.length) {
          const next = new URL(url.pathname, base);
          for (const [k, v] of url.searchParams) next.searchParams.set(k, v);
          next.searchParams.set('page', String(page + 1));
          headers.link = `<${next}>; rel="next"`;
        }
        return send(200, { total_count: runs.length, check_runs: runs.slice((page - 1) * perPage, page * perPage).map((r) => checkRunJson(r, base)) }, headers);
      }
      case 'pulls/list': {
        const repoName = `${params.owner}/${params.repo}`;
        const state = url.searchParams.get('state') ?? 'open';
        const head = url.searchParams.get('head');
        const pulls = this.pulls.filter((p) => p.repo === repoName && (state === 'all' || p.state === state) && (head === null || p.headLabel === head));
        return send(200, pulls.map((p) => pullJson(p, base)));
      }
      case 'pulls/get': {
        const pull = this.pulls.find((p) => p.repo === `${params.owner}/${params.repo}` && p.number === Number(params.pull_number));
        if (!pull) return send(404, { message: 'Not Found' });
        return send(200, pullJson(pull, base));
      }
      case 'issues/update-comment': {
        if (token.canWrite === false) return forbidden();
        const comment = this.comments.find((c) => c.id === Number(params.comment_id));
        if (!comment) return send(404, { message: 'Not Found' });
        // GitHub lets a repository's writers edit any comment; the fake records it so tests can
        // prove the action never edits someone else's.
        if (comment.login !== token.login) this.violations.push(`comment ${comment.id} by ${comment.login} edited by ${token.login}`);
        comment.body = (record.body as { body: string }).body;
        comment.updated_at = new Date(Date.UTC(2026, 0, 2)).toISOString();
        return send(200, commentJson(comment, params, base));
      }
      default:
        this.violations.push(`${method} ${url.pathname}: ${operation.operationId} is valid but not used by the action (the fake does not implement it)`);
        return send(501, { message: 'Not implemented by the fake' });
    }
  }

  #graphql(req: IncomingMessage, raw: string, record: RecordedRequest, send: (status: number, body: unknown) => void): void {
    record.operationId = 'graphql';
    let query: unknown;
    try {
      query = (JSON.parse(raw) as { query?: unknown }).query;
    } catch {
      this.violations.push('POST /graphql: the body is not JSON');
      return send(400, { message: 'Problems parsing JSON' });
    }
    record.body = { query };
    if (typeof query !== 'string' || !/^\s*query\s*\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(query)) {
      this.violations.push(`POST /graphql: the fake answers only { viewer { login } }, got ${JSON.stringify(query)}`);
      return send(200, { errors: [{ message: 'unsupported by the fake' }] });
    }
    const failure = this.#failures.shift();
    if (failure !== undefined) return send(failure, { message: 'Server Error' });
    const token = this.tokens.get((req.headers.authorization ?? '').replace(/^(token|bearer)\s+/i, ''));
    if (!token) return send(401, { message: 'Bad credentials' });
    if (token.graphql === false) return send(200, { errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] });
    return send(200, { data: { viewer: { login: token.login } } });
  }

  #checkParameters(operation: Operation, path: Record<string, string>, query: URLSearchParams): string[] {
    const problems: string[] = [];
    for (const p of operation.parameters.filter((p) => p.in === 'path')) {
      const value = path[p.name];
      if (value === undefined || value === '') problems.push(`path parameter ${p.name} missing`);
      else problems.push(...checkScalar(`path parameter ${p.name}`, value, resolve(this.#spec, p.schema ?? {})));
    }
    const known = new Map(operation.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    for (const [name, value] of query) {
      const p = known.get(name);
      if (!p) problems.push(`query parameter ${name} is not documented`);
      else problems.push(...checkScalar(`query parameter ${name}`, value, resolve(this.#spec, p.schema ?? {})));
    }
    for (const p of known.values()) if (p.required && !query.has(p.name)) problems.push(`query parameter ${p.name} is required`);
    return problems;
  }

  #checkBody(operation: Operation, raw: string, record: RecordedRequest): string[] {
    const spec = operation.requestBody;
    if (!spec) return raw.trim() === '' ? [] : ['a body was sent to an operation that takes none'];
    if (raw.trim() === '') return spec.required ? ['the request body is required'] : [];
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return ['the body is not JSON'];
    }
    record.body = body;
    const schema = resolve<Schema>(this.#spec, spec.content?.['application/json']?.schema ?? {});
    return checkObject('body', body, schema, this.#spec);
  }
}

function checkObject(where: string, value: unknown, schema: Schema, spec: Spec): string[] {
  if (schema.type !== 'object') return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${where} must be an object`];
  const problems: string[] = [];
  const record = value as Record<string, unknown>;
  for (const name of schema.required ?? []) if (!(name in record)) problems.push(`${where}.${name} is required`);
  for (const [name, v] of Object.entries(record)) {
    const prop = schema.properties?.[name];
    if (!prop) {
      problems.push(`${where}.${name} is not documented`);
      continue;
    }
    const s = resolve<Schema>(spec, prop);
    const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    if (types.length > 0 && !types.some((t) => jsonType(v) === t || (t === 'number' && jsonType(v) === 'integer'))) {
      problems.push(`${where}.${name} must be ${types.join(' or ')}, got ${jsonType(v)}`);
    }
  }
  return problems;
}

function checkScalar(where: string, value: string, schema: Schema): string[] {
  if (schema.type === 'integer' && !/^-?\d+$/.test(value)) return [`${where} must be an integer, got "${value}"`];
  if (schema.enum && !schema.enum.includes(value)) return [`${where} must be one of ${schema.enum.join(', ')}`];
  return [];
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

function user(login: string, type: string, base: string) {
  return { login, id: login.length * 1000 + 7, node_id: 'U_fake', type, site_admin: false, url: `${base}/users/${encodeURIComponent(login)}`, html_url: `https://github.com/${login}` };
}

/** The App an installation token belongs to: `github-actions[bot]` → github-actions, `<slug>[bot]` → slug. */
function appOf(token: FakeToken): { id: number; slug: string } {
  const slug = token.login.replace(/\[bot\]$/, '');
  return { id: slug === 'github-actions' ? 15368 : 100_000 + slug.length, slug };
}

function checkRunJson(r: FakeCheckRun, base: string) {
  return {
    id: r.id,
    node_id: `CR_${r.id}`,
    head_sha: r.head_sha,
    external_id: r.external_id ?? '',
    url: `${base}/repos/${r.repo}/check-runs/${r.id}`,
    html_url: `https://github.com/${r.repo}/runs/${r.id}`,
    details_url: null,
    status: r.status,
    conclusion: r.conclusion ?? null,
    started_at: new Date(Date.UTC(2026, 0, 1)).toISOString(),
    completed_at: r.status === 'completed' ? new Date(Date.UTC(2026, 0, 1)).toISOString() : null,
    output: { title: r.output?.title ?? null, summary: r.output?.summary ?? null, text: r.output?.text ?? null, annotations_count: 0, annotations_url: `${base}/repos/${r.repo}/check-runs/${r.id}/annotations` },
    name: r.name,
    check_suite: { id: 1 },
    app: { id: r.app.id, slug: r.app.slug, node_id: 'A_fake', name: r.app.slug, owner: null },
    pull_requests: [],
  };
}

function pullJson(p: FakePull, base: string) {
  const [owner, branch] = p.headLabel.split(':');
  return {
    id: p.number * 10,
    number: p.number,
    state: p.state,
    url: `${base}/repos/${p.repo}/pulls/${p.number}`,
    html_url: `https://github.com/${p.repo}/pull/${p.number}`,
    head: { label: p.headLabel, ref: branch, sha: p.headSha, repo: { full_name: `${owner}/${p.repo.split('/')[1]}` } },
    base: { label: `${p.repo.split('/')[0]}:main`, ref: 'main', repo: { full_name: p.repo } },
  };
}

function commentJson(c: FakeComment, params: Record<string, string>, base: string) {
  const [repoPath, number] = c.issue.split('#');
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${base}/repos/${params.owner}/${params.repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${repoPath}/pull/${number}#issuecomment-${c.id}`,
    issue_url: `${base}/repos/${repoPath}/issues/${number}`,
    body: c.body,
    user: user(c.login, c.type, base),
    created_at: c.created_at,
    updated_at: c.updated_at,
    author_association: c.type === 'Bot' ? 'NONE' : 'MEMBER',
  };
}

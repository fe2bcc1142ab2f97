/**
 * Registry credentials for pulls, found where the docker CLI keeps them, so whatever logged the
 * user in (`docker login`, docker/login-action) works for Gantry too.
 *
 * The config file is `$DOCKER_CONFIG/config.json`, else `$HOME/.docker/config.json`, read from
 * the environment the run was given (not necessarily `process.env`). For a registry, as docker
 * does it (docker/cli `cli/config/configfile/file.go`, `GetCredentialsStore`):
 *   1. `credHelpers[<registry>]` names a helper: `docker-credential-<name> get`;
 *   2. else `credsStore` names one for every registry;
 *   3. else `auths[<registry>]`: `auth` (base64 of `user:password`), or `username`/`password`,
 *      or `identitytoken`. Keys are compared by host name (`https://host:5000/v1/` matches `host:5000`).
 * A helper that answers "credentials not found" means: pull without credentials (docker does the same).
 * Helpers follow docker-credential-helpers' protocol: the server address on stdin, a JSON
 * `{"ServerURL","Username","Secret"}` on stdout; `Username` `<token>` means `Secret` is an identity token.
 *
 * Secrets never leave this module except inside the `RegistryAuth` handed to the engine: errors
 * name the registry, the file and the helper, never a value read from them.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Docker Hub's key in config.json (`auths`, `credHelpers`) and what helpers are asked for. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

/** The `authconfig` the engine's pull accepts (`X-Registry-Auth`). */
export interface RegistryAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

/** Where credentials came from; for messages (never holds a secret). */
export interface CredentialSource {
  /** `config.json`'s path, whether or not it exists. */
  configPath: string;
  /** `auths` in the file, `docker-credential-<name>`, or `none`. */
  from: 'auths' | 'none' | `docker-credential-${string}`;
}

export interface CredentialLookup {
  /** The credentials to send, or undefined: pull anonymously. */
  auth?: RegistryAuth;
  source: CredentialSource;
  /** Every secret value found (to scrub from engine messages). */
  secrets: string[];
}

export interface CredentialOptions {
  /** The environment: `DOCKER_CONFIG`, `HOME`, and `PATH` to find helpers. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Longest a credential helper may take (ms). Default 30 000. */
  helperTimeoutMs?: number;
}

/** Credentials could not be read (a broken config.json, a helper that failed). Holds no secret. */
export class CredentialError extends Error {
  override readonly name = 'CredentialError';
}

/**
 * The registry an image reference pulls from, as docker names it in config.json: `host[:port]`,
 * or `https://index.docker.io/v1/` for Docker Hub (`busybox`, `library/x`, `docker.io/x`).
 * The first path component is a registry when it has a `.` or `:`, or is `localhost`
 * (distribution/reference's rule).
 */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return DOCKER_HUB_KEY;
  const first = image.slice(0, slash);
  if (!first.includes('.') && !first.includes(':') && first !== 'localhost') return DOCKER_HUB_KEY;
  const host = first.toLowerCase();
  return host === 'docker.io' || host === 'index.docker.io' || host === 'registry-1.docker.io' ? DOCKER_HUB_KEY : first;
}

/** How a registry is named to people: `docker.io` for Docker Hub, else `host[:port]`. */
export function registryName(registry: string): string {
  return registry === DOCKER_HUB_KEY ? 'docker.io' : registry;
}

/**
 * A config.json key reduced to what docker compares: `https://host:5000/v1/` → `host:5000`
 * (docker/cli `credentials.ConvertToHostname`). Docker Hub's aliases all become `DOCKER_HUB_KEY`.
 */
export function normalizeRegistryKey(key: string): string {
  let host = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  host = host.split('/')[0];
  const lower = host.toLowerCase();
  if (lower === 'docker.io' || lower === 'index.docker.io' || lower === 'registry-1.docker.io') return DOCKER_HUB_KEY;
  return host;
}

/** The config file docker would read with this environment. */
export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  if (env.DOCKER_CONFIG) return join(env.DOCKER_CONFIG, 'config.json');
  return join(env.HOME || env.USERPROFILE || '/', '.docker', 'config.json');
}

interface AuthEntry {
  auth?: unknown;
  username?: unknown;
  password?: unknown;
  identitytoken?: unknown;
}

interface ConfigFile {
  auths?: Record<string, AuthEntry>;
  credsStore?: unknown;
  credHelpers?: Record<string, unknown>;
}

/**
 * Finds the credentials for `registry` (from `registryOf`). Resolves with no `auth` when there
 * are none (no file, no entry, a helper that has none); rejects with `CredentialError` when the
 * file cannot be read as JSON or a helper fails or times out.
 */
export async function findCredentials(registry: string, options: CredentialOptions = {}): Promise<CredentialLookup> {
  const env = options.env ?? process.env;
  const configPath = dockerConfigPath(env);
  const none: CredentialLookup = { source: { configPath, from: 'none' }, secrets: [] };
  const config = readConfig(configPath);
  if (!config) return none;

  const helper = findKey(config.credHelpers, registry) ?? config.credsStore;
  if (typeof helper === 'string' && helper !== '') {
    return askHelper(helper, registry, configPath, env, options.helperTimeoutMs ?? 30_000);
  }

  const entry = findKey(config.auths, registry);
  if (!entry || typeof entry !== 'object') return none;
  const source: CredentialSource = { configPath, from: 'auths' };
  const serveraddress = registry;
  if (typeof entry.identitytoken === 'string' && entry.identitytoken) {
    return { auth: { identitytoken: entry.identitytoken, serveraddress }, source, secrets: [entry.identitytoken] };
  }
  let username = typeof entry.username === 'string' ? entry.username : undefined;
  let password = typeof entry.password === 'string' ? entry.password : undefined;
  if (typeof entry.auth === 'string' && entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new CredentialError(`${configPath}: the "auth" of ${registryName(registry)} in "auths" is not base64 of user:password`);
    }
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  if (!username && !password) return none;
  return { auth: { username, password, serveraddress }, source, secrets: secretsOf(password, entry.auth) };
}

/**
 * Replaces every secret in `text` by `***`: an engine or helper message must not carry one into
 * a log or a report. Values shorter than 3 characters are left (they would mangle any text).
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 3) continue;
    out = out.split(secret).join('***');
  }
  return out;
}

function secretsOf(...values: unknown[]): string[] {
  return values.filter((v): v is string => typeof v === 'string' && v.length > 0);
}

function readConfig(path: string): ConfigFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new CredentialError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message may quote the file (and so a secret): say only where.
    throw new CredentialError(`${path} is not valid JSON`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CredentialError(`${path} is not a JSON object`);
  return parsed as ConfigFile;
}

/** `map[registry]`, else the entry whose key names the same host (`https://host/v1/` for `host`). */
function findKey<T>(map: Record<string, T> | undefined, registry: string): T | undefined {
  if (!map || typeof map !== 'object') return undefined;
  if (Object.prototype.hasOwnProperty.call(map, registry)) return map[registry];
  const wanted = normalizeRegistryKey(registry);
  for (const [key, value] of Object.entries(map)) {
    if (normalizeRegistryKey(key) === wanted) return value;
  }
  return undefined;
}

/** Runs `docker-credential-<helper> get` (no shell) with the registry on stdin. */
function askHelper(helper: string, registry: string, configPath: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CredentialLookup> {
  const program = `docker-credential-${helper}` as const;
  const source: CredentialSource = { configPath, from: program };
  const where = `${program} (named in ${configPath})`;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(helper)) {
    return Promise.reject(new CredentialError(`${configPath} names a credential helper "${helper}" that is not a plain name`));
  }
  return new Promise((resolve, reject) => {
    const child = execFile(program, ['get'], { env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      const out = String(stdout);
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // docker-credential-helpers' "not found" answer (exit 1, message on stdout): no credentials.
        if (/credentials not found/i.test(out)) return resolve({ source, secrets: [] });
        if (code === 'ENOENT') return reject(new CredentialError(`${where} is not on PATH`));
        if ((error as { killed?: boolean }).killed) return reject(new CredentialError(`${where} did not answer within ${Math.round(timeoutMs / 1000)}s`));
        // Its stderr only (stdout could hold a half-written secret), first line, short.
        const said = String(stderr).trim().split('\n')[0]?.slice(0, 200);
        return reject(new CredentialError(`${where} failed for ${registryName(registry)}${said ? `: ${said}` : ` (exit code ${String(code)})`}`));
      }
      let answer: { Username?: unknown; Secret?: unknown };
      try {
        answer = JSON.parse(out) as { Username?: unknown; Secret?: unknown };
      } catch {
        return reject(new CredentialError(`${where} did not answer with JSON for ${registryName(registry)}`));
      }
      const username = typeof answer?.Username === 'string' ? answer.Username : '';
      const secret = typeof answer?.Secret === 'string' ? answer.Secret : '';
      if (!secret) return resolve({ source, secrets: [] });
      const serveraddress = registry;
      if (username === '<token>') return resolve({ auth: { identitytoken: secret, serveraddress }, source, secrets: [secret] });
      resolve({ auth: { username, password: secret, serveraddress }, source, secrets: [secret] });
    });
    child.stdin?.on('error', () => {}); // a helper that exits without reading stdin
    child.stdin?.end(registry);
  });
}

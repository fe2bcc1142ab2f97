/**
 * Making sure an image is present: a local image is used as is; a missing one is pulled once per
 * image for the whole run (however many tasks need it), all images in parallel (GitHub's service
 * containers pull one at a time: actions/runner#1376), with retries and jittered backoff.
 *
 * A pull reports errors two ways: an HTTP error when it starts (unknown registry, no network), or
 * an `{"error": …}` line in the progress stream after a 200 (manifest unknown, unauthorized, a
 * layer that failed half-way). Both count as a failed attempt, except a refusal by the registry
 * (401/403, "no basic auth credentials", "unauthorized", "denied"): asking again with the same
 * credentials cannot help, so it fails at once with a message that names the registry and says
 * how to log in.
 *
 * Images are resolved when first needed. At the start of a run every image is looked for (and
 * pulled) ahead, speculatively (`prefetch`): a failure then is not final, since a task that runs
 * earlier may make the image (a `docker load`, a push to a registry service of the batch); the
 * first unit that needs it resolves it again (`ensure`). A failure of such a needed resolution is
 * final for the run, but every later unit still finds the image if it has appeared locally since.
 *
 * Credentials are the docker CLI's (credentials.ts): looked up once per image, from the
 * environment the resolver is given, and sent as the pull's `X-Registry-Auth`. No secret is
 * ever put in an event or an error: engine messages are scrubbed of every value that was read.
 */
import type Dockerode from 'dockerode';
import { oneLine, statusCode } from './cleanup';
import {
  CredentialError,
  findCredentials,
  registryName,
  registryOf,
  scrub,
  type CredentialLookup,
  type CredentialSource,
} from './credentials';

export interface ImageResolverOptions {
  /** Pull attempts per image. Default 3. */
  attempts?: number;
  /** Delay before the second attempt, doubled after each, with ±50 % jitter (ms). Default 2000. */
  backoffMs?: number;
  /** Progress for people. */
  onEvent?(event: ImageEvent): void;
  /** For tests: the jitter source. Default Math.random. */
  random?: () => number;
  /**
   * Where registry credentials are looked up: `DOCKER_CONFIG` (else `HOME`/.docker) for
   * config.json, `PATH` for credential helpers. Default: `process.env`.
   */
  env?: NodeJS.ProcessEnv;
  /** Longest a credential helper (`docker-credential-<name> get`) may take (ms). Default 30 000. */
  helperTimeoutMs?: number;
}

export type ImageEvent =
  | { type: 'pull-start'; image: string }
  | { type: 'pull-retry'; image: string; attempt: number; error: string; delayMs: number }
  | { type: 'pull-done'; image: string }
  | { type: 'pull-failed'; image: string; error: string }
  /** A pull ahead of need failed: tried again when a unit needs the image. */
  | { type: 'pull-deferred'; image: string; error: string };

/**
 * A pull that failed for good; `message` is the one line a task's outcome shows (no secret in it).
 * `reason`: `auth` the registry refused (or wanted) credentials; `credentials` they could not be
 * read (a broken config.json, a failing helper); `pull` any other failure (after the retries);
 * `inspect` the engine could not say whether the image is there.
 */
export class ImageUnavailable extends Error {
  override readonly name = 'ImageUnavailable';
  constructor(
    message: string,
    readonly reason: 'auth' | 'credentials' | 'pull' | 'inspect' = 'pull',
    /** `host[:port]`, or `docker.io`; undefined for `inspect`. */
    readonly registry?: string,
  ) {
    super(message);
  }
}

/**
 * One resolution of an image: ahead of need (`speculative`) until a unit waits for it, or for a
 * unit that needs it now.
 */
interface Resolution {
  done: Promise<void>;
  speculative: boolean;
  settled: boolean;
}

export class ImageResolver {
  private readonly images = new Map<string, Resolution>();
  private closed = false;

  constructor(
    private readonly docker: Dockerode,
    private readonly options: ImageResolverOptions = {},
  ) {}

  /**
   * Starts resolving `image` ahead of need, unless it is already known. Its failure is not final:
   * the first `ensure` after it resolves again.
   */
  prefetch(image: string): void {
    const ref = normalizeReference(image);
    if (!this.images.has(ref)) this.start(image, ref, true);
  }

  /**
   * Resolves once `image` is present locally, for a unit that needs it now; rejects with
   * `ImageUnavailable` when it is not and could not be pulled. One resolution at a time per image,
   * shared by every caller; after a needed resolution failed, a later caller only looks whether
   * the image has appeared locally since (no second pull).
   */
  async ensure(image: string): Promise<void> {
    const ref = normalizeReference(image);
    for (;;) {
      const resolution = this.images.get(ref) ?? this.start(image, ref, false);
      // A unit waits for it now: its failure is final (no second round of pulls for the same need).
      if (!resolution.settled) resolution.speculative = false;
      try {
        await resolution.done;
        return;
      } catch (error) {
        // Another caller has already started again: join it.
        if (this.images.get(ref) !== resolution) continue;
        if (resolution.speculative && !this.closed) {
          this.images.delete(ref);
          continue;
        }
        if (await this.presentNow(ref)) {
          this.images.set(ref, { done: Promise.resolve(), speculative: false, settled: true });
          return;
        }
        throw error;
      }
    }
  }

  private start(image: string, ref: string, speculative: boolean): Resolution {
    const resolution: Resolution = { done: Promise.resolve(), speculative, settled: false };
    const settle = () => {
      resolution.settled = true;
    };
    resolution.done = this.resolve(image, ref, resolution);
    // Callers attach their own handlers; this one only keeps an unobserved failure quiet.
    resolution.done.then(settle, settle);
    this.images.set(ref, resolution);
    return resolution;
  }

  private async presentNow(ref: string): Promise<boolean> {
    try {
      await this.docker.getImage(ref).inspect();
      return true;
    } catch {
      return false;
    }
  }

  /** Stops retrying (teardown): a pull waiting for its backoff gives up at once. */
  close(): void {
    this.closed = true;
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
  }

  private readonly sleepers = new Set<() => void>();

  private async resolve(image: string, ref: string, resolution: Resolution): Promise<void> {
    try {
      await this.docker.getImage(ref).inspect();
      return;
    } catch (error) {
      if (statusCode(error) !== 404) {
        throw new ImageUnavailable(`cannot inspect image ${image}: ${oneLine(error)}`, 'inspect');
      }
    }
    const attempts = Math.max(1, this.options.attempts ?? 3);
    const backoff = this.options.backoffMs ?? 2000;
    const random = this.options.random ?? Math.random;
    const registry = registryOf(ref);
    const name = registryName(registry);
    this.options.onEvent?.({ type: 'pull-start', image: ref });
    let credentials: CredentialLookup;
    try {
      credentials = await findCredentials(registry, { env: this.options.env, helperTimeoutMs: this.options.helperTimeoutMs });
    } catch (error) {
      if (!(error instanceof CredentialError)) throw error;
      const message = `image ${image} cannot be pulled: the credentials for ${name} could not be read: ${error.message}`;
      this.options.onEvent?.({ type: resolution.speculative ? 'pull-deferred' : 'pull-failed', image: ref, error: error.message });
      throw new ImageUnavailable(message, 'credentials', name);
    }
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await this.pullOnce(ref, credentials);
        this.options.onEvent?.({ type: 'pull-done', image: ref });
        return;
      } catch (error) {
        last = scrub(oneLine(error), credentials.secrets);
        if (isRefusal(error, last)) {
          this.options.onEvent?.({ type: resolution.speculative ? 'pull-deferred' : 'pull-failed', image: ref, error: last });
          throw new ImageUnavailable(refusalMessage(image, name, last, credentials.source, credentials.auth !== undefined), 'auth', name);
        }
      }
      if (attempt === attempts || this.closed) break;
      const delayMs = Math.round(backoff * 2 ** (attempt - 1) * (0.5 + random()));
      this.options.onEvent?.({ type: 'pull-retry', image: ref, attempt, error: last, delayMs });
      await this.sleep(delayMs);
      if (this.closed) break;
    }
    this.options.onEvent?.({ type: resolution.speculative ? 'pull-deferred' : 'pull-failed', image: ref, error: last });
    throw new ImageUnavailable(
      `image ${image} is not available locally and could not be pulled (${attempts} attempt${attempts === 1 ? '' : 's'}): ${registryWords(last)}`,
      'pull',
      name,
    );
  }

  private async pullOnce(ref: string, credentials: CredentialLookup): Promise<void> {
    const options = credentials.auth ? { authconfig: credentials.auth } : {};
    await readProgress((await this.docker.pull(ref, options)) as NodeJS.ReadableStream);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}

/**
 * The registry refused the pull for want of (valid) credentials. The engine reports it as HTTP 500
 * with the registry's words, or as an error line in the stream; 401/403 when it says so itself.
 */
function isRefusal(error: unknown, message: string): boolean {
  const code = statusCode(error);
  if (code === 401 || code === 403) return true;
  return /no basic auth credentials|unauthorized|authentication required|access denied|denied: |may require 'docker login'|\b40[13] (unauthorized|forbidden)\b/i.test(message);
}

/** What to do about a refusal: log in where Gantry looks. */
function refusalMessage(image: string, registry: string, engine: string, source: CredentialSource, sent: boolean): string {
  const login = registry === 'docker.io' ? 'docker login' : `docker login ${registry}`;
  const tried = sent
    ? `the credentials from ${source.from === 'auths' ? `"auths" in ${source.configPath}` : `${source.from} (named in ${source.configPath})`} were refused`
    : `no credentials for it were found (looked in ${source.configPath}${source.from === 'none' ? '' : ` and ${source.from}`})`;
  return (
    `image ${image} cannot be pulled: registry ${registry} refused access (${registryWords(engine)}); ${tried}. ` +
    `Log in with \`${login}\` (in GitHub Actions: a docker/login-action step before Gantry), ` +
    `or set DOCKER_CONFIG to a folder whose config.json has credentials for ${registry}.`
  );
}

/**
 * The registry's own words from an engine error: `… (HTTP code 500) server error - unauthorized:
 * authentication required.` → `unauthorized: authentication required`. The whole text otherwise.
 */
function registryWords(engine: string): string {
  const words = /server error - (.+)$/.exec(engine)?.[1] ?? engine;
  return words.replace(/\.$/, '').trim();
}

/**
 * `busybox` → `busybox:latest`: the engine pulls every tag of an untagged name, which is never
 * what a task means. A digest (`@sha256:…`) or a tag after the last `/` is kept as written.
 */
export function normalizeReference(image: string): string {
  if (image.includes('@')) return image;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? image : `${image}:latest`;
}

/**
 * Reads an engine progress stream (a pull, an import) to its end: resolves when it ends without
 * an `{"error": …}` line, rejects with the first error it reports (the HTTP status was 200).
 */
export function readProgress(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let buffer = '';
    let failure: string | undefined;
    const onLine = (line: string) => {
      if (!line.trim()) return;
      try {
        const event = JSON.parse(line) as { error?: string; errorDetail?: { message?: string } };
        if (event.error || event.errorDetail) failure ??= event.errorDetail?.message ?? event.error;
      } catch {
        // Progress lines we cannot read are not errors.
      }
    };
    stream.on('data', (chunk: Buffer | string) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        onLine(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
    stream.on('error', (error: unknown) => reject(error));
    stream.on('end', () => {
      onLine(buffer);
      if (failure) reject(new Error(failure));
      else resolve();
    });
  });
}

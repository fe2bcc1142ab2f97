/**
 * Making sure an image is present: a local image is used as is; a missing one is pulled once per
 * image for the whole run (however many tasks need it), all images in parallel (GitHub's service
 * containers pull one at a time: actions/runner#1376), with retries and jittered backoff.
 *
 * A pull reports errors two ways: an HTTP error when it starts (unknown registry, no network), or
 * an `{"error": …}` line in the progress stream after a 200 (manifest unknown, unauthorized, a
 * layer that failed half-way). Both count as a failed attempt.
 */
import type Dockerode from 'dockerode';
import { oneLine, statusCode } from './cleanup';

export interface ImageResolverOptions {
  /** Pull attempts per image. Default 3. */
  attempts?: number;
  /** Delay before the second attempt, doubled after each, with ±50 % jitter (ms). Default 2000. */
  backoffMs?: number;
  /** Progress for people. */
  onEvent?(event: ImageEvent): void;
  /** For tests: the jitter source. Default Math.random. */
  random?: () => number;
}

export type ImageEvent =
  | { type: 'pull-start'; image: string }
  | { type: 'pull-retry'; image: string; attempt: number; error: string; delayMs: number }
  | { type: 'pull-done'; image: string }
  | { type: 'pull-failed'; image: string; error: string };

/** A pull that failed for good; `message` is the one line a task's outcome shows. */
export class ImageUnavailable extends Error {
  override readonly name = 'ImageUnavailable';
}

export class ImageResolver {
  private readonly images = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly docker: Dockerode,
    private readonly options: ImageResolverOptions = {},
  ) {}

  /**
   * Resolves once `image` is present locally; rejects with `ImageUnavailable` when it is not and
   * could not be pulled. The same promise for every caller of the same image.
   */
  ensure(image: string): Promise<void> {
    const ref = normalizeReference(image);
    let pending = this.images.get(ref);
    if (!pending) {
      pending = this.resolve(image, ref);
      // Callers attach their own handlers; this one only keeps an unobserved failure quiet.
      pending.catch(() => {});
      this.images.set(ref, pending);
    }
    return pending;
  }

  /** Stops retrying (teardown): a pull waiting for its backoff gives up at once. */
  close(): void {
    this.closed = true;
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
  }

  private readonly sleepers = new Set<() => void>();

  private async resolve(image: string, ref: string): Promise<void> {
    try {
      await this.docker.getImage(ref).inspect();
      return;
    } catch (error) {
      if (statusCode(error) !== 404) {
        throw new ImageUnavailable(`cannot inspect image ${image}: ${oneLine(error)}`);
      }
    }
    const attempts = Math.max(1, this.options.attempts ?? 3);
    const backoff = this.options.backoffMs ?? 2000;
    const random = this.options.random ?? Math.random;
    this.options.onEvent?.({ type: 'pull-start', image: ref });
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await this.pullOnce(ref);
        this.options.onEvent?.({ type: 'pull-done', image: ref });
        return;
      } catch (error) {
        last = oneLine(error);
      }
      if (attempt === attempts || this.closed) break;
      const delayMs = Math.round(backoff * 2 ** (attempt - 1) * (0.5 + random()));
      this.options.onEvent?.({ type: 'pull-retry', image: ref, attempt, error: last, delayMs });
      await this.sleep(delayMs);
      if (this.closed) break;
    }
    this.options.onEvent?.({ type: 'pull-failed', image: ref, error: last });
    throw new ImageUnavailable(
      `image ${image} is not available locally and could not be pulled (${attempts} attempt${attempts === 1 ? '' : 's'}): ${last}`,
    );
  }

  private async pullOnce(ref: string): Promise<void> {
    await readProgress((await this.docker.pull(ref)) as NodeJS.ReadableStream);
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

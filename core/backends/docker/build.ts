/**
 * Building an image in the run (`build:`, a unit of kind `build`: core/build-units.ts) with the
 * engine's builder: the context goes as a tar stream made on the host without following links
 * (core/host/build-context.ts), the builder's output is the unit's log, and its error line (`The
 * command '/bin/sh -c false' returned a non-zero code: 1`) is the unit's failure message, which
 * its dependents repeat (core/schedule.ts).
 *
 * Base images (`FROM`) are pulled by the engine with the credentials the docker CLI would use
 * (credentials.ts): those of each registry named by a `FROM` of the Dockerfile are sent as the
 * build's registry config, and scrubbed from everything the builder says.
 *
 * The image is tagged for this run only (`buildTag`) and labelled with the run like everything
 * else, so parallel runs never see each other's image and cleanup (cleanup.ts) removes it with
 * the run's containers: at teardown, by `gantry cleanup`, and by the sweep of dead runs.
 */
import type Dockerode from 'dockerode';
import type { BuildSpec } from '../../model';
import { join } from 'node:path';
import { packContext } from '../../host/build-context';
import { readRegularFile } from '../../host/files';
import { CredentialError, findCredentials, registryOf, scrub, type RegistryAuth } from './credentials';
import { normalizeReference } from './images';
import type { OutputCapture } from './logs';
import { LABEL_UNIT } from './labels';
import { BUILD_PREFIX } from '../../build-units';

/** The build failed; `message` is the builder's error line. */
export class BuildFailed extends Error {
  override readonly name = 'BuildFailed';
}

/**
 * The image a build unit makes in run `runId`: `gantry-<run>-<name>:build`, lower case, with
 * anything a repository name cannot hold made `-`.
 */
export function buildTag(runId: string, buildUnitId: string): string {
  const name = buildUnitId.startsWith(BUILD_PREFIX) ? buildUnitId.slice(BUILD_PREFIX.length) : buildUnitId;
  const repository = `gantry-${runId}-${name}`
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return `${repository.slice(0, 120)}:build`;
}

export interface BuildImageOptions {
  /** The context folder (a real path) and the Dockerfile in it (core/host/build-context.ts). */
  dir: string;
  dockerfile: string;
  spec: BuildSpec;
  tag: string;
  /** The run's labels; the unit's is added. */
  labels: Record<string, string>;
  unitId: string;
  /** The build's log. */
  capture: OutputCapture;
  /** Aborts the build (a kill, teardown): the engine stops it when the request goes away. */
  signal: AbortSignal;
  /** Where registry credentials are looked up (credentials.ts). Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The images a Dockerfile's `FROM`s name: stage names, `scratch` and references holding a
 * `$` (an `ARG`, known only to the builder) left out.
 */
export function baseImages(dockerfile: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  // Continuation lines joined; comments dropped.
  const text = dockerfile.replace(/\\\r?\n/g, ' ');
  for (const line of text.split(/\r?\n/)) {
    const words = line.trim().split(/\s+/);
    if (words[0]?.toUpperCase() !== 'FROM') continue;
    const rest = words.slice(1).filter((w) => !w.startsWith('--'));
    const image = rest[0];
    if (rest[1]?.toUpperCase() === 'AS' && rest[2]) stages.add(rest[2].toLowerCase());
    if (!image || image.includes('$') || image === 'scratch' || stages.has(image.toLowerCase())) continue;
    if (!images.includes(image)) images.push(image);
  }
  return images;
}

/** The credentials for the registries of `images`, and every secret value read (to scrub). */
async function registryConfig(images: readonly string[], env: NodeJS.ProcessEnv | undefined, say: (line: string) => void): Promise<{ config: Record<string, RegistryAuth>; secrets: string[] }> {
  const config: Record<string, RegistryAuth> = {};
  const secrets: string[] = [];
  for (const registry of new Set(images.map((i) => registryOf(normalizeReference(i))))) {
    try {
      const found = await findCredentials(registry, { env });
      if (found.auth) config[registry] = found.auth;
      secrets.push(...found.secrets);
    } catch (error) {
      if (!(error instanceof CredentialError)) throw error;
      say(`the credentials for ${registry} could not be read (${error.message}); its base images are pulled without`);
    }
  }
  return { config, secrets };
}

/** Builds and tags the image; rejects with `BuildFailed` (the builder's error line) or the engine's error. */
export async function buildImage(docker: Dockerode, options: BuildImageOptions): Promise<void> {
  const { capture } = options;
  const say = (line: string) => capture.pushText('stderr', Buffer.from(`gantry: ${line}\n`));
  say(`building ${options.unitId} from ${options.dir} (${options.dockerfile}${options.spec.target ? `, target ${options.spec.target}` : ''}) as ${options.tag}`);
  const dockerfile = readRegularFile(join(options.dir, options.dockerfile), 1024 * 1024)?.toString('utf8') ?? '';
  const { config, secrets } = await registryConfig(baseImages(dockerfile), options.env, say);
  const tar = packContext(options.dir, { dockerfile: options.dockerfile, onSkip: say });
  const buildOptions = {
    t: options.tag,
    dockerfile: options.dockerfile,
    buildargs: options.spec.args,
    labels: { ...options.labels, [LABEL_UNIT]: options.unitId },
    rm: true,
    forcerm: true,
    ...(options.spec.target ? { target: options.spec.target } : {}),
    abortSignal: options.signal,
    ...(Object.keys(config).length > 0 ? { registryconfig: config } : {}),
  };
  const stream = (await docker.buildImage(tar as unknown as NodeJS.ReadableStream, buildOptions as Dockerode.ImageBuildOptions)) as NodeJS.ReadableStream;
  const failure = await readBuildOutput(stream, capture, options.signal, secrets);
  if (failure !== undefined) throw new BuildFailed(failure);
}

/**
 * Reads the builder's JSON lines to the end: `stream` text goes to the log, `status` lines (a
 * base image pulled) too; resolves with the first error line, undefined when there was none.
 */
function readBuildOutput(stream: NodeJS.ReadableStream, capture: OutputCapture, signal: AbortSignal, secrets: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let failure: string | undefined;
    const onLine = (raw: string) => {
      if (!raw.trim()) return;
      const line = secrets.length > 0 ? scrub(raw, secrets) : raw;
      let event: { stream?: string; status?: string; id?: string; error?: string; errorDetail?: { message?: string } };
      try {
        event = JSON.parse(line) as typeof event;
      } catch {
        capture.pushText('stdout', Buffer.from(`${line}\n`));
        return;
      }
      if (typeof event.stream === 'string') capture.pushText('stdout', Buffer.from(event.stream));
      else if (typeof event.status === 'string') capture.pushText('stdout', Buffer.from(`${event.id ? `${event.id}: ` : ''}${event.status}\n`));
      if (event.error || event.errorDetail) {
        const message = (event.errorDetail?.message ?? event.error ?? 'the build failed').replace(/\s+/g, ' ').trim();
        failure ??= message;
        capture.pushText('stderr', Buffer.from(`${message}\n`));
      }
    };
    const abort = () => {
      (stream as NodeJS.ReadableStream & { destroy?: (e?: Error) => void }).destroy?.();
      reject(new Error('the build was stopped'));
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    stream.on('data', (chunk: Buffer | string) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        onLine(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
    stream.on('error', (error: unknown) => {
      signal.removeEventListener('abort', abort);
      reject(error);
    });
    stream.on('end', () => {
      signal.removeEventListener('abort', abort);
      onLine(buffer);
      resolve(failure);
    });
  });
}

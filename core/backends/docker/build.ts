/**
 * Building an image in the run (`build:`, a unit of kind `build`: core/build-units.ts) with the
 * engine's builder: the context goes as a tar stream made on the host without following links
 * (core/host/build-context.ts), the builder's output is the unit's log, and its error line (`The
 * command '/bin/sh -c false' returned a non-zero code: 1`) is the unit's failure message, which
 * its dependents repeat (core/schedule.ts).
 *
 * The image is tagged for this run only (`buildTag`) and labelled with the run like everything
 * else, so parallel runs never see each other's image and cleanup (cleanup.ts) removes it with
 * the run's containers: at teardown, by `gantry cleanup`, and by the sweep of dead runs.
 */
import type Dockerode from 'dockerode';
import type { BuildSpec } from '../../model';
import { packContext } from '../../host/build-context';
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
}

/** Builds and tags the image; rejects with `BuildFailed` (the builder's error line) or the engine's error. */
export async function buildImage(docker: Dockerode, options: BuildImageOptions): Promise<void> {
  const { capture } = options;
  const say = (line: string) => capture.pushText('stderr', Buffer.from(`gantry: ${line}\n`));
  say(`building ${options.unitId} from ${options.dir} (${options.dockerfile}${options.spec.target ? `, target ${options.spec.target}` : ''}) as ${options.tag}`);
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
  };
  const stream = (await docker.buildImage(tar as unknown as NodeJS.ReadableStream, buildOptions as Dockerode.ImageBuildOptions)) as NodeJS.ReadableStream;
  const failure = await readBuildOutput(stream, capture, options.signal);
  if (failure !== undefined) throw new BuildFailed(failure);
}

/**
 * Reads the builder's JSON lines to the end: `stream` text goes to the log, `status` lines (a
 * base image pulled) too; resolves with the first error line, undefined when there was none.
 */
function readBuildOutput(stream: NodeJS.ReadableStream, capture: OutputCapture, signal: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let failure: string | undefined;
    const onLine = (line: string) => {
      if (!line.trim()) return;
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

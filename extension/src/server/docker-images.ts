/**
 * Image names from the local Docker engine, for completion of `image:`. The only file of the
 * server that talks to Docker. An unreachable engine is normal in an editor (no Docker, a remote
 * workspace), so every failure yields an empty list, silently; results are cached so typing
 * does not query the engine on every keystroke. Images Gantry makes for itself (the network-slot
 * holder, a run's built images) are left out: a batch file never names one.
 */
import Docker from 'dockerode';
import { isGantryImage } from '../../../core/backends/docker/labels';
import type { ImageProvider } from './image-provider';

export interface DockerImagesOptions {
  /** How long a listing stays fresh (ms). Default: 30 000. */
  ttlMs?: number;
  /** Give up on the engine after this long (ms). Default: 1 500. */
  timeoutMs?: number;
  /** Engine connection; default: what `DOCKER_HOST` says, else the local socket. */
  docker?: Docker;
  /** Clock for the cache (ms). Default: `Date.now`. */
  now?: () => number;
}

export function dockerImages(options: DockerImagesOptions = {}): ImageProvider {
  const ttl = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const docker = options.docker ?? new Docker({ timeout: options.timeoutMs ?? 1_500 });
  let cached: { at: number; images: Promise<string[]> } | undefined;

  async function fetchImages(): Promise<string[]> {
    try {
      const infos = await docker.listImages();
      const names = new Set<string>();
      for (const info of infos) {
        for (const tag of info.RepoTags ?? []) if (tag !== '<none>:<none>' && !isGantryImage(tag, info.Labels)) names.add(tag);
      }
      return [...names].sort();
    } catch {
      return [];
    }
  }

  return {
    list() {
      if (!cached || now() - cached.at > ttl) cached = { at: now(), images: fetchImages() };
      return cached.images;
    },
  };
}

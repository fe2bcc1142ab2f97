/**
 * Where completion gets image names from. The server depends on this interface only; the
 * Docker-backed implementation lives in docker-images.ts, and tests hand in a plain object.
 */
export interface ImageProvider {
  /** Image references (`busybox:latest`) known locally. Never rejects: an empty list when unknown. */
  list(): Promise<string[]>;
}

export const noImages: ImageProvider = { list: async () => [] };

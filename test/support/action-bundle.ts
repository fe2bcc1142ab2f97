/**
 * The action bundled from the sources at hand exactly as esbuild.mjs bundles it (`action` target),
 * but into a folder of the test's own: tests run what the sources say without rewriting the
 * committed dist/ (which `npm run build` owns, and which other checks compare against).
 */
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** esbuild.mjs's `esmRequire` banner: ESM bundles with CommonJS dependencies need `require` and `__dirname`. */
const ESM_REQUIRE =
  "import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);";

/** Bundles action/main.ts and action/post.ts; returns their paths (`.mjs`: ESM wherever the folder is). */
export async function bundleAction(): Promise<{ dir: string; main: string; post: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-action-bundle-'));
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    legalComments: 'none',
    logLevel: 'warning',
    external: ['*.node'],
    banner: { js: ESM_REQUIRE },
    entryPoints: { main: join(ROOT, 'action/main.ts'), post: join(ROOT, 'action/post.ts') },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
  });
  return { dir, main: join(dir, 'main.mjs'), post: join(dir, 'post.mjs') };
}

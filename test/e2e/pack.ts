/**
 * Packs the extension into a .vsix in a scratch folder: its bundles built there, not in
 * extension/dist (which the lead rebuilds and commits), so a bench or a test can run beside other
 * work in the same tree. The same bundles and options as esbuild.mjs's extension targets.
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { createVSIX } from '@vscode/vsce';

const node: BuildOptions = { bundle: true, platform: 'node', target: 'node20', legalComments: 'none', logLevel: 'warning', external: ['*.node'] };
const esmRequire =
  "import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);";

/** Returns the path of the .vsix, inside a new folder under `under` (default: the system's temp). */
export async function packExtension(under = tmpdir()): Promise<string> {
  const scratch = await mkdtemp(path.join(under, 'gantry-pack-'));
  const extension = path.join(scratch, 'extension');
  // Everything the manifest may name (icons, media, licence); not the sources or the built bundles.
  const skip = new Set(['src', 'dist', 'scripts', 'node_modules'].map((f) => path.resolve('extension', f)));
  await cp(path.resolve('extension'), extension, { recursive: true, filter: (source) => !skip.has(path.resolve(source)) && !source.endsWith('.vsix') });
  const outdir = path.join(extension, 'dist');
  await Promise.all([
    build({ ...node, format: 'cjs', external: ['vscode', '*.node'], entryPoints: { extension: 'extension/src/client/extension.ts', server: 'extension/src/server/server.ts' }, outdir }),
    build({ ...node, format: 'esm', banner: { js: esmRequire }, entryPoints: { 'gantry-cli': 'cli/gantry.ts' }, outdir, outExtension: { '.js': '.mjs' } }),
    build({ bundle: true, platform: 'browser', format: 'iife', target: 'es2022', legalComments: 'none', logLevel: 'warning', entryPoints: { webview: 'extension/src/client/webview/main.ts' }, outdir }),
  ]);
  const packagePath = path.join(scratch, 'gantry.vsix');
  await createVSIX({ cwd: extension, dependencies: false, packagePath, allowMissingRepository: true });
  return packagePath;
}

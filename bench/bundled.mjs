/**
 * Runs a benchmark as the shipped code runs: bundled by esbuild with the options of dist/
 * (esbuild.mjs), then started with node. `tsx`, which runs the sources directly, also names every
 * function and class it creates at run time (esbuild's keepNames), which costs the language
 * server ~20 % on a whole-file read; the server users run (extension/dist/server.js) does not.
 *
 *   node bench/bundled.mjs bench/lsp/run.ts [args...]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node bench/bundled.mjs <bench entry .ts> [args...]');
  process.exit(2);
}
const source = resolve(entry);
// Inside the repository (.cache/ is ignored), so what stays external resolves from node_modules.
const outdir = resolve('.cache/bench');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, `${basename(dirname(source))}-${basename(source, '.ts')}.mjs`);
await build({
  entryPoints: [source],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  logLevel: 'warning',
  // The baseline is loaded as it ships (a UMD tree esbuild need not rewrite).
  external: ['yaml-language-server', 'esbuild'],
  banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  // The sources' own folder, not the bundle's.
  define: { 'import.meta.dirname': JSON.stringify(dirname(source)) },
});
const run = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
process.exitCode = run.status ?? 1;

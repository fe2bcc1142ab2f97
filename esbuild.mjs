// Builds every bundle Gantry ships. `npm run build` must reproduce the committed dist/ exactly,
// so nothing here may depend on time, paths or the environment.
import { build } from 'esbuild';

// dockerode → ssh2 requires optional native addons (cpu-features, sshcrypto.node) inside try/catch;
// left external they fail to load at run time and ssh2 falls back to plain JavaScript.
const node = { bundle: true, platform: 'node', target: 'node20', legalComments: 'none', logLevel: 'warning', external: ['*.node'] };
// ESM bundles that contain CommonJS dependencies (dockerode) need a real `require`.
const esmRequire = {
  // …and `__dirname`/`__filename` (ssh2, under dockerode, reads them at load time).
  js: "import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);",
};

const targets = {
  // Split: what only `run` and `cleanup` need (the Docker client) sits in chunks loaded on demand,
  // so `validate` and `plan` do not compile it at start-up.
  cli: {
    ...node,
    format: 'esm',
    banner: { js: `#!/usr/bin/env node\n${esmRequire.js}` },
    entryPoints: { gantry: 'cli/gantry.ts' },
    outdir: 'dist/cli',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  },
  action: { ...node, format: 'esm', banner: esmRequire, entryPoints: { main: 'action/main.ts', post: 'action/post.ts' }, outdir: 'dist/action' },
  // VS Code 1.100 loads extensions as CommonJS.
  extension: { ...node, format: 'cjs', external: ['vscode', '*.node'], entryPoints: { extension: 'extension/src/client/extension.ts', server: 'extension/src/server/server.ts' }, outdir: 'extension/dist', sourcemap: process.env.GANTRY_SOURCEMAP === '1' },
  // The CLI again, in one file, shipped in the .vsix: "Gantry: Run Batch" runs it with the editor's
  // own Node, so installing the extension is enough (no `gantry` on PATH).
  'extension-cli': { ...node, format: 'esm', banner: esmRequire, entryPoints: { 'gantry-cli': 'cli/gantry.ts' }, outdir: 'extension/dist', outExtension: { '.js': '.mjs' } },
  // The schedule preview's script runs inside the webview (a browser), not in Node.
  webview: { bundle: true, platform: 'browser', format: 'iife', target: 'es2022', legalComments: 'none', logLevel: 'warning', entryPoints: { webview: 'extension/src/client/webview/main.ts' }, outdir: 'extension/dist', sourcemap: process.env.GANTRY_SOURCEMAP === '1' },
};

const only = process.argv.slice(2);
const fs = await import('node:fs');
for (const [name, options] of Object.entries(targets)) {
  if (only.length && !only.includes(name)) continue;
  const entries = Array.isArray(options.entryPoints) ? options.entryPoints : Object.values(options.entryPoints);
  if (!entries.every((e) => fs.existsSync(e))) {
    console.log(`skip ${name}: ${entries.filter((e) => !fs.existsSync(e)).join(', ')} not written yet`);
    continue;
  }
  const result = await build({ ...options, metafile: true });
  // Chunk names carry content hashes: remove chunks an earlier build left behind. (Not the whole
  // folder first: tests build the CLI while other tests run it.)
  if (options.splitting) {
    const written = new Set(Object.keys(result.metafile.outputs));
    const dir = `${options.outdir}/chunks`;
    for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      if (!written.has(`${dir}/${f}`)) fs.rmSync(`${dir}/${f}`);
    }
  }
}
// The CLI is the package's `bin`: executable, whoever built it.
if (fs.existsSync('dist/cli/gantry.js')) fs.chmodSync('dist/cli/gantry.js', 0o755);

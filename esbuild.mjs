// Builds every bundle Gantry ships. `npm run build` must reproduce the committed dist/ exactly,
// so nothing here may depend on time, paths or the environment.
import { build } from 'esbuild';

const node = { bundle: true, platform: 'node', target: 'node20', legalComments: 'none', logLevel: 'warning' };
// ESM bundles that contain CommonJS dependencies (dockerode) need a real `require`.
const esmRequire = {
  js: "import { createRequire as __gantryCreateRequire } from 'node:module'; const require = __gantryCreateRequire(import.meta.url);",
};

const targets = {
  cli: { ...node, format: 'esm', banner: { js: `#!/usr/bin/env node\n${esmRequire.js}` }, entryPoints: ['core/cli/gantry.ts'], outfile: 'dist/cli/gantry.js' },
  action: { ...node, format: 'esm', banner: esmRequire, entryPoints: { main: 'action/main.ts', post: 'action/post.ts' }, outdir: 'dist/action' },
  // VS Code 1.100 loads extensions as CommonJS.
  extension: { ...node, format: 'cjs', external: ['vscode'], entryPoints: { extension: 'extension/src/client/extension.ts', server: 'extension/src/server/server.ts' }, outdir: 'extension/dist', sourcemap: process.env.GANTRY_SOURCEMAP === '1' },
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
  await build(options);
}

// Builds the extension's bundles and packs them into gantry-<version>.vsix at the repository root
// with @vscode/vsce: `npm run package:extension`. The package holds no dependencies (everything is
// bundled), no sources and no source maps; GANTRY_SOURCEMAP=1 builds and ships the maps as well.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVSIX, listFiles } from '@vscode/vsce';

const extension = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const root = path.dirname(extension);
const sourcemaps = process.env.GANTRY_SOURCEMAP === '1';

execFileSync(process.execPath, ['esbuild.mjs', 'extension', 'extension-cli', 'webview'], { cwd: root, stdio: 'inherit' });
const bundles = ['dist/extension.js', 'dist/server.js', 'dist/webview.js', 'dist/gantry-cli.mjs'];
const missing = bundles.filter((b) => !existsSync(path.join(extension, b)));
if (missing.length > 0) {
  console.error(`package:extension: ${missing.join(', ')} not built (are their sources written?)`);
  process.exit(1);
}

const manifest = JSON.parse(readFileSync(path.join(extension, 'package.json'), 'utf8'));
const packagePath = path.join(root, `${manifest.name}-${manifest.version}.vsix`);
let ignoreFile;
let scratch;
if (sourcemaps) {
  scratch = mkdtempSync(path.join(tmpdir(), 'gantry-vsix-'));
  ignoreFile = path.join(scratch, '.vscodeignore');
  writeFileSync(ignoreFile, `${readFileSync(path.join(extension, '.vscodeignore'), 'utf8')}\n!dist/*.js.map\n`);
}
try {
  const options = { cwd: extension, dependencies: false, ignoreFile };
  const files = await listFiles({ ...options, packageManager: 2 /* PackageManager.None */ });
  const allowed = new Set([
    'package.json',
    'README.md',
    'LICENSE',
    'media/preview.css',
    'media/icons/gantry.png',
    'media/icons/file-light.svg',
    'media/icons/file-dark.svg',
    'media/language/gantry.tmLanguage.json',
    'media/language/language-configuration.json',
    ...bundles,
  ]);
  const unexpected = files.filter((f) => !allowed.has(f) && !(sourcemaps && f.endsWith('.js.map')));
  if (unexpected.length > 0) {
    console.error(`package:extension: unexpected files in the package: ${unexpected.join(', ')} (see extension/.vscodeignore)`);
    process.exit(1);
  }
  await createVSIX({ ...options, packagePath, allowMissingRepository: true });
  console.log(`${path.relative(root, packagePath)}: ${files.length} files, ${(statSync(packagePath).size / 1024).toFixed(0)} KiB`);
  for (const f of files.sort()) console.log(`  ${f}  ${(statSync(path.join(extension, f)).size / 1024).toFixed(1)} KiB`);
} finally {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}

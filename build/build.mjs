// Bundles every process of the app with esbuild into dist/:
//   dist/main/app.cjs      Electron main (electron stays external)
//   dist/main/cli.cjs      the `leakscope` CLI and browser-mode server
//   dist/main/worker.cjs   the parse worker run by the worker pool
//   dist/preload/preload.cjs  sandboxed preloads must be a single CJS file
//   dist/renderer/         the UI (browser bundle + html + css)
//   dist/wasm/             tree-sitter runtime and C grammar
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const watch = process.argv.includes('--watch');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'wasm'), { recursive: true });

/** Node-side bundles; an entry that does not exist yet is skipped so partial trees still build. */
const nodeEntries = [
  ['main/app/main.ts', 'main/app.cjs'],
  ['main/cli.ts', 'main/cli.cjs'],
  ['main/index/worker.ts', 'main/worker.cjs'],
  ['main/api/engine-worker.ts', 'main/engine-worker.cjs'],
  ['preload/preload.ts', 'preload/preload.cjs'],
];
const common = { bundle: true, sourcemap: 'linked', logLevel: 'warning', legalComments: 'none' };
for (const [src, dest] of nodeEntries) {
  if (!existsSync(join(root, src))) continue;
  await build({
    ...common,
    entryPoints: [join(root, src)],
    outfile: join(out, dest),
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // The .wasm fallbacks in main/index/parser.ts are resolved at run time (under tsx); bundles use dist/wasm.
    external: ['electron', 'web-tree-sitter/tree-sitter.wasm', 'tree-sitter-c/tree-sitter-c.wasm'],
    // web-tree-sitter's ESM build reads import.meta.url (to find its .wasm and create
    // require); in a CJS bundle that is empty, so point it at the bundle file itself.
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
}

if (existsSync(join(root, 'renderer/index.ts'))) {
  await build({
    ...common,
    entryPoints: [join(root, 'renderer/index.ts')],
    outfile: join(out, 'renderer/renderer.js'),
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    loader: { '.css': 'css' },
    minify: !watch,
  });
  for (const f of ['index.html', 'styles.css']) {
    if (existsSync(join(root, 'renderer', f))) cpSync(join(root, 'renderer', f), join(out, 'renderer', f));
  }
}

cpSync(join(root, 'node_modules/web-tree-sitter/tree-sitter.wasm'), join(out, 'wasm/tree-sitter.wasm'));
cpSync(join(root, 'node_modules/tree-sitter-c/tree-sitter-c.wasm'), join(out, 'wasm/tree-sitter-c.wasm'));

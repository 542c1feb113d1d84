/**
 * Bundles the benchmark's child programs with esbuild into a scratch folder
 * (`<out>/bench/`, with the grammar in `<out>/wasm/` as in dist/), next to the
 * index's parse worker, so the index and the parse floor are both
 * measured as shipped (bundled CommonJS, no TypeScript loader in any thread).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/** Paths of the bundled children. */
export interface BenchBundles {
  indexRun: string;
  parseFloor: string;
}

/**
 * Builds the children from the repository at `repo` into `scratch` (a folder of the
 * benchmark's own, so a concurrent `npm run build` cannot pull files from under it).
 */
export async function bundleBenchChildren(repo: string, scratch: string): Promise<BenchBundles> {
  const out = path.join(scratch, 'bench');
  mkdirSync(out, { recursive: true });
  // parser.ts looks for the runtime and grammar in ../wasm next to the bundle, as in dist/.
  mkdirSync(path.join(scratch, 'wasm'), { recursive: true });
  copyFileSync(path.join(repo, 'node_modules/web-tree-sitter/tree-sitter.wasm'), path.join(scratch, 'wasm/tree-sitter.wasm'));
  copyFileSync(path.join(repo, 'node_modules/tree-sitter-c/tree-sitter-c.wasm'), path.join(scratch, 'wasm/tree-sitter-c.wasm'));
  const entries: [string, string][] = [
    ['bench/lib/index-run.ts', 'index-run.cjs'],
    ['bench/lib/parse-floor.ts', 'parse-floor.cjs'],
    ['bench/lib/parse-floor-worker.ts', 'parse-floor-worker.cjs'],
    // The index's pool looks for worker.cjs next to the bundle that creates it.
    ['main/index/worker.ts', 'worker.cjs'],
  ];
  for (const [src, dest] of entries) {
    await build({
      entryPoints: [path.join(repo, src)],
      outfile: path.join(out, dest),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'error',
      // web-tree-sitter locates itself with import.meta.url, which a CJS bundle lacks.
      define: { 'import.meta.url': 'importMetaUrl' },
      banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    });
  }
  return { indexRun: path.join(out, 'index-run.cjs'), parseFloor: path.join(out, 'parse-floor.cjs') };
}

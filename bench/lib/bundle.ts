/**
 * Bundles the benchmark's child programs with esbuild into dist/bench/, next to
 * the index's parse worker, so the index and the parse floor are both
 * measured as shipped (bundled CommonJS, no TypeScript loader in any thread).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/** Paths of the bundled children. */
export interface BenchBundles {
  indexRun: string;
  parseFloor: string;
}

/** Builds the children; `repo` is the repository root, which must already hold `npm run build` output. */
export async function bundleBenchChildren(repo: string): Promise<BenchBundles> {
  const out = path.join(repo, 'dist', 'bench');
  const wasm = path.join(repo, 'dist', 'wasm', 'tree-sitter-c.wasm');
  if (!existsSync(wasm)) throw new Error(`${wasm} missing: run \`npm run build\` first (npm run bench does)`);
  mkdirSync(out, { recursive: true });
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

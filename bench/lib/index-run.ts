/**
 * Benchmark child: indexes one folder with Leakscope's indexer, then builds the
 * call graph, and prints a ChildResult (wallMs = index only; extra.graphMs = graph).
 * Run as its own process so its peak RSS is the index's alone.
 * Usage: index-run ROOT CACHE_DIR JOBS
 */
import { createAllocatorTable } from '../../main/analysis/allocators';
import { buildProgram } from '../../main/analysis/graph';
import { indexFolder } from '../../main/index/indexer';
import { defaultConfig } from '../../main/index/config';
import type { ChildResult } from './child-result';
import { peakRssBytes } from './proc-status';

async function main(): Promise<void> {
  const [root, cacheDir, jobs] = process.argv.slice(2);
  if (!root || !cacheDir || !jobs) throw new Error('usage: index-run ROOT CACHE_DIR JOBS');
  const started = performance.now();
  const result = await indexFolder(root, { cacheDir, config: defaultConfig(), jobs: Number(jobs) });
  const wallMs = performance.now() - started;
  // The whole-program graph is built after indexing in every consumer (CLI, app); time it apart.
  const graphStarted = performance.now();
  const program = buildProgram(result.facts, createAllocatorTable(defaultConfig().allocators));
  const graphMs = performance.now() - graphStarted;
  const out: ChildResult = {
    wallMs,
    files: result.stats.files,
    bytes: result.stats.bytes,
    parsed: result.stats.parsed,
    peakRss: peakRssBytes(),
    extra: { warnings: result.warnings.length, graphMs, functions: program.graph.functions.length, calls: program.graph.calls.length, sites: program.graph.sites.length },
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});

/**
 * Benchmark child: indexes one folder with Leakscope's indexer as the CLI does,
 * then builds the call graph and runs the elimination passes, and prints a
 * ChildResult (wallMs = index only; extra.graphMs and extra.passesMs apart).
 * Run as its own process so its peak RSS is the pipeline's alone.
 * With --reopen it instead opens ROOT twice through the app's engine, as the app
 * does: the first open analyses and stores its result, and wallMs is the second
 * open, index through suspects, served from the stored result (api/view-cache.ts).
 * Usage: index-run ROOT CACHE_DIR JOBS [--no-passes | --reopen]
 */
import { createAllocatorTable } from '../../main/analysis/allocators';
import { buildProgram } from '../../main/analysis/graph';
import { newInvestigation } from '../../main/analysis/investigation';
import { DEFAULT_PASS_ORDER, runPasses } from '../../main/analysis/run-passes';
import { createDefaultEngine } from '../../main/api/default-engine';
import { defaultConfig } from '../../main/index/config';
import { indexFolder } from '../../main/index/indexer';
import type { ChildResult } from './child-result';
import { peakRssBytes } from './proc-status';

/** Two opens through the app's engine; the second one timed. */
async function reopen(root: string, cacheDir: string): Promise<ChildResult> {
  const engine = createDefaultEngine();
  const investigation = newInvestigation(DEFAULT_PASS_ORDER);
  const options = { cacheDir, signal: new AbortController().signal, onProgress: () => undefined, investigation };
  const first = await engine.index(root, options);
  await engine.analyse(first, investigation);
  const started = performance.now();
  const second = await engine.index(root, options);
  const suspects = second.analysis?.report.suspects.length;
  const wallMs = performance.now() - started;
  if (suspects === undefined) throw new Error('the second open did not find the stored analysis');
  return { wallMs, files: second.files, bytes: 0, parsed: second.parsed, peakRss: peakRssBytes(), extra: { suspects } };
}

async function main(): Promise<void> {
  const [root, cacheDir, jobs, flag] = process.argv.slice(2);
  if (!root || !cacheDir || !jobs) throw new Error('usage: index-run ROOT CACHE_DIR JOBS [--no-passes | --reopen]');
  if (flag === '--reopen') {
    process.stdout.write(`${JSON.stringify(await reopen(root, cacheDir))}\n`);
    return;
  }
  const config = defaultConfig();
  const table = createAllocatorTable(config.allocators);
  const started = performance.now();
  const result = await indexFolder(root, { cacheDir, config, jobs: Number(jobs), detailNames: table.entries().map((e) => e.name) });
  const wallMs = performance.now() - started;
  const indexRss = peakRssBytes();

  const graphStarted = performance.now();
  const program = buildProgram(result.facts, table);
  const graphMs = performance.now() - graphStarted;
  const extra: Record<string, number> = {
    warnings: result.warnings.length,
    graphMs,
    functions: program.graph.functions.length,
    calls: program.graph.calls.length,
    sites: program.graph.sites.length,
  };
  if (flag !== '--no-passes') {
    const passesStarted = performance.now();
    const view = runPasses(program, newInvestigation(DEFAULT_PASS_ORDER), { wrappers: config.wrappers });
    extra.passesMs = performance.now() - passesStarted;
    extra.suspects = view.suspects.length;
  }
  extra.indexPeakRss = indexRss;
  const out: ChildResult = { wallMs, files: result.stats.files, bytes: result.stats.bytes, parsed: result.stats.parsed, peakRss: peakRssBytes(), extra };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

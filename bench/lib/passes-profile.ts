/**
 * Profiles the elimination passes on one C tree (not a test): indexes ROOT with a fixed
 * cache dir as `leakscope passes` does, then times buildProgram, prepareAnalysis and
 * runPasses apart (wall and this process's CPU), prints heap/RSS after each, and
 * optionally writes the passes JSON (`{passes, suspects, sites, details}`) so a change
 * can be checked to leave the results identical.
 * Usage: tsx bench/lib/passes-profile.ts ROOT CACHE_DIR [OUT_JSON]
 * Run with `node --cpu-prof` (through `--import tsx`) to see where time goes. With
 * PASSES_HEAP_PROFILE=FILE set, a sampling heap profile of what is still live after
 * runPasses is written to FILE (`--heap-prof` only sees the heap at exit, when it is gone).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createAllocatorTable } from '../../main/analysis/allocators';
import { walkStats } from '../../main/analysis/fate';
import { buildProgram } from '../../main/analysis/graph';
import { newInvestigation } from '../../main/analysis/investigation';
import { DEFAULT_PASS_ORDER, prepareAnalysis, runPasses } from '../../main/analysis/run-passes';
import { loadProjectConfig } from '../../main/index/config';
import { indexFolder } from '../../main/index/indexer';
import { peakRssBytes } from './proc-status';

const MB = 1024 * 1024;

/** Current RSS / heap and peak RSS, in MB, for a one-line report. */
function memory(): string {
  const m = process.memoryUsage();
  return `rss ${(m.rss / MB).toFixed(0)} MB, heap ${(m.heapUsed / MB).toFixed(0)} MB, peak rss ${(peakRssBytes() / MB).toFixed(0)} MB`;
}

/** Runs `step`, printing its wall and CPU time (user+system of this process) and memory after. */
function timed<T>(label: string, step: () => T): T {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const out = step();
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${label.padEnd(16)} wall ${((performance.now() - wall) / 1000).toFixed(2)} s, cpu ${((used.user + used.system) / 1e6).toFixed(2)} s; ${memory()}\n`);
  return out;
}

async function main(): Promise<void> {
  const [root, cacheDir, outJson] = process.argv.slice(2);
  if (!root || !cacheDir) throw new Error('usage: passes-profile ROOT CACHE_DIR [OUT_JSON]');
  const heapProfile = process.env.PASSES_HEAP_PROFILE;
  const session = heapProfile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('HeapProfiler.startSampling', { samplingInterval: 32768 });
  }
  const config = await loadProjectConfig(root);
  const table = createAllocatorTable(config.allocators);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const result = await indexFolder(root, { config, cacheDir, detailNames: table.entries().map((e) => e.name) });
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${'index'.padEnd(16)} wall ${((performance.now() - wall) / 1000).toFixed(2)} s, cpu(main) ${((used.user + used.system) / 1e6).toFixed(2)} s, ${result.stats.files} files, ${result.stats.parsed} parsed; ${memory()}\n`);
  const program = timed('buildProgram', () => buildProgram(result.facts, table));
  const prepared = timed('prepareAnalysis', () => prepareAnalysis(program, { wrappers: config.wrappers }));
  process.stdout.write(`pointer walks ${walkStats.walks}, steps ${walkStats.steps}\n`);
  const view = timed('runPasses', () => runPasses(prepared, newInvestigation(DEFAULT_PASS_ORDER), { wrappers: config.wrappers }));
  process.stdout.write(`pointer walks ${walkStats.walks}, steps ${walkStats.steps} (after runPasses)\n`);
  process.stdout.write(`sites ${view.sites.length}, suspects ${view.suspects.length}, cleared ${view.passes.reduce((n, p) => n + p.cleared.length, 0)}\n`);
  if (session && heapProfile) {
    // Objects still reachable from `program`, `prepared` and `view` are the samples kept.
    const { profile } = await session.post('HeapProfiler.stopSampling');
    writeFileSync(heapProfile, JSON.stringify(profile));
    session.disconnect();
  }
  if (outJson) writeFileSync(outJson, JSON.stringify({ passes: view.passes, suspects: view.suspects, sites: view.sites, details: view.details }) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

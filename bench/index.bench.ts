/**
 * `npm run bench`: how fast and how small indexing is, against the peers run in
 * the same session on the same files (DESIGN.md: performance is measured here, as
 * ratios, never by timed assertions in tests).
 *
 *   npm run bench                      Linux 6.1 fs/ (default)
 *   npm run bench -- --tree drivers/net
 *   npm run bench -- --tree all        the whole kernel
 *   npm run bench -- --path DIR        any folder
 *   options: --jobs N (default: cores), --cflow (also time cflow), --no-cscope,
 *            --no-passes (index and graph only)
 *
 * The Linux tree comes from $LEAKSCOPE_LINUX when it holds the subtree, else the
 * subtree is extracted once from /usr/src/linux-source-6.1.tar.xz into
 * ~/.cache/leakscope-linux/<subtree>/ (or $LEAKSCOPE_LINUX_CACHE).
 *
 * Measured: cold index (fresh cache folder), warm index (same cache, nothing
 * changed), MB/s, peak RSS of the index; then, in the same process, the call
 * graph and the elimination passes (time, and peak RSS of the whole pipeline);
 * a reopen through the app's engine once a result is stored (index to suspects);
 * the parse-only floor (bare
 * parse of the same files with the same number of workers); `cscope -b -k`
 * building its database from the same file list; optionally `cflow`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MAX_FILE_BYTES } from '../main/index/config';
import { walkSourceTree } from '../main/index/walk';
import { bundleBenchChildren } from './lib/bundle';
import { parseChildResult, type ChildResult } from './lib/child-result';
import { ensureLinuxTree } from './lib/linux-source';

interface BenchArgs {
  /** The folder to index. */
  root: string;
  /** How it is named in the report. */
  label: string;
  jobs: number;
  cflow: boolean;
  cscope: boolean;
  /** Run the elimination passes after the cold index (off with --no-passes). */
  passes: boolean;
  /** The whole kernel (`--tree all`), which has its own targets. */
  whole: boolean;
}

function parseArgs(argv: string[]): BenchArgs {
  let tree = 'fs';
  let explicit: string | undefined;
  let jobs = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  let cflow = false;
  let cscope = true;
  let passes = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--tree') tree = value();
    else if (a === '--path') explicit = path.resolve(value());
    else if (a === '--jobs') jobs = Number(value());
    else if (a === '--cflow') cflow = true;
    else if (a === '--no-cscope') cscope = false;
    else if (a === '--no-passes') passes = false;
    else throw new Error(`unknown option ${a} (see bench/index.bench.ts)`);
  }
  if (!(jobs >= 1)) throw new Error('--jobs must be a positive number');
  if (explicit) return { root: explicit, label: explicit, jobs, cflow, cscope, passes, whole: false };
  const members = tree === 'all' ? [] : [tree];
  const linux = ensureLinuxTree(members, process.env.LEAKSCOPE_LINUX);
  return { root: tree === 'all' ? linux : path.join(linux, tree), label: `linux-6.1 ${tree === 'all' ? '(whole tree)' : `${tree}/`}`, jobs, cflow, cscope, passes, whole: tree === 'all' };
}

/** Runs a bundled child program with node and parses its result. */
function runChild(script: string, args: string[]): ChildResult {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${path.basename(script)} failed (exit ${String(result.status)}): ${result.stderr}`);
  return parseChildResult(result.stdout);
}

/** Wall time of an external command in ms, or undefined when it is not installed or fails. */
function timeCommand(cmd: string, args: string[], cwd: string): { ms: number; ok: boolean; note: string } {
  const started = performance.now();
  const result = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 30 * 60 * 1000 });
  const ms = performance.now() - started;
  if (result.error) return { ms, ok: false, note: result.error.message };
  return { ms, ok: result.status === 0, note: result.status === 0 ? '' : `exit ${String(result.status)}: ${result.stderr.slice(0, 200)}` };
}

function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`;
}

function fmtMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const repo = path.resolve(__dirname, '..');
  const work = mkdtempSync(path.join(os.tmpdir(), 'leakscope-bench-'));
  try {
    const bundles = await bundleBenchChildren(repo, work);
    const walked = await walkSourceTree(args.root);
    // The floor and the peers get the files the index parses: those over the default size cap are skipped with a warning.
    const indexed = walked.files.filter((f) => f.size <= DEFAULT_MAX_FILE_BYTES);
    const files = indexed.map((f) => f.abs);
    const bytes = indexed.reduce((sum, f) => sum + f.size, 0);
    const listFile = path.join(work, 'files.txt');
    writeFileSync(listFile, `${files.join('\n')}\n`);
    process.stderr.write(`bench: ${args.label}: ${files.length} files, ${fmtMb(bytes)}, ${args.jobs} workers\n`);

    // Read every file once so the first measured run does not pay for the disk.
    for (const f of files) readFileSync(f);

    process.stderr.write('bench: parse-only floor…\n');
    const floor = runChild(bundles.parseFloor, [listFile, String(args.jobs)]);
    const cacheDir = path.join(work, 'cache');
    process.stderr.write('bench: cold index…\n');
    const cold = runChild(bundles.indexRun, [args.root, cacheDir, String(args.jobs), ...(args.passes ? [] : ['--no-passes'])]);
    process.stderr.write('bench: warm index…\n');
    const warm = runChild(bundles.indexRun, [args.root, cacheDir, String(args.jobs), '--no-passes']);
    let reopened: ChildResult | undefined;
    if (args.passes) {
      process.stderr.write('bench: reopen with the stored passes result…\n');
      reopened = runChild(bundles.indexRun, [args.root, cacheDir, String(args.jobs), '--reopen']);
    }

    let cscope: { ms: number; ok: boolean; note: string } | undefined;
    if (args.cscope) {
      process.stderr.write('bench: cscope -b -k…\n');
      cscope = timeCommand('cscope', ['-b', '-k', '-i', listFile, '-f', path.join(work, 'cscope.out')], args.root);
    }
    let cflow: { ms: number; ok: boolean; note: string } | undefined;
    if (args.cflow) {
      process.stderr.write('bench: cflow…\n');
      // -x (cross-reference listing) is cflow's linear mode; its default tree printout grows
      // exponentially with the graph and does not finish on a kernel folder.
      cflow = timeCommand('sh', ['-c', `xargs cflow -x -o ${JSON.stringify(path.join(work, 'cflow.out'))} < ${JSON.stringify(listFile)} 2>/dev/null`], args.root);
    }

    const mbps = (r: ChildResult, ms: number): string => `${(r.bytes / (1024 * 1024) / (ms / 1000)).toFixed(1)} MB/s`;
    const indexRss = (r: ChildResult): number => r.extra.indexPeakRss ?? r.peakRss;
    const graphMs = cold.extra.graphMs ?? 0;
    const passesMs = cold.extra.passesMs;
    const rows: string[][] = [
      ['measure', 'time', 'throughput', 'peak RSS', 'note'],
      ['parse-only floor', fmtMs(floor.wallMs), mbps(floor, floor.wallMs), fmtMb(floor.peakRss), `${floor.files} files`],
      ['index, cold', fmtMs(cold.wallMs), mbps(cold, cold.wallMs), fmtMb(indexRss(cold)), `${cold.parsed} parsed, ${cold.extra.warnings ?? 0} warnings`],
      ['index, warm', fmtMs(warm.wallMs), mbps(warm, warm.wallMs), fmtMb(indexRss(warm)), `${warm.parsed} parsed`],
      ['call graph', fmtMs(graphMs), '', '', `${cold.extra.functions ?? 0} functions, ${cold.extra.calls ?? 0} calls, ${cold.extra.sites ?? 0} sites`],
    ];
    if (passesMs !== undefined) {
      rows.push(['passes', fmtMs(passesMs), '', fmtMb(cold.peakRss), `${cold.extra.suspects ?? 0} suspects; RSS = whole pipeline`]);
    }
    if (reopened) rows.push(['reopen to suspects', fmtMs(reopened.wallMs), '', '', `${reopened.extra.suspects ?? 0} suspects; index + graph + stored passes result`]);
    if (cscope) rows.push(['cscope -b -k', fmtMs(cscope.ms), `${(bytes / (1024 * 1024) / (cscope.ms / 1000)).toFixed(1)} MB/s`, '', cscope.ok ? '' : cscope.note]);
    if (cflow) rows.push(['cflow -x', fmtMs(cflow.ms), `${(bytes / (1024 * 1024) / (cflow.ms / 1000)).toFixed(1)} MB/s`, '', cflow.ok ? '' : cflow.note]);
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    const lines = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
    lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));

    const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
    const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
    const targets = [
      `cold / parse floor = ${ratio(cold.wallMs, floor.wallMs)}  (target ≤ 1.3×: ${verdict(cold.wallMs <= 1.3 * floor.wallMs)})`,
      cscope?.ok ? `warm / cscope -b   = ${ratio(warm.wallMs, cscope.ms)}  (target ≤ 1×: ${verdict(warm.wallMs <= cscope.ms)})` : 'warm / cscope -b   = n/a (cscope not run)',
      `cold / cscope -b   = ${cscope?.ok ? ratio(cold.wallMs, cscope.ms) : 'n/a'}`,
      // Issue 2's memory targets: ≤ 400 MB on fs/, < 1.5 GB (and cold < 3 min) on the whole kernel.
      args.whole
        ? `peak RSS (index)   = ${fmtMb(indexRss(cold))}  (target on the whole kernel < 1.5 GB: ${verdict(indexRss(cold) < 1.5 * 1024 * 1024 * 1024)})`
        : `peak RSS (index)   = ${fmtMb(indexRss(cold))}  (target on fs/ ≤ 400 MB: ${verdict(indexRss(cold) <= 400 * 1024 * 1024)})`,
      ...(args.whole ? [`cold index         = ${fmtMs(cold.wallMs)}  (target on the whole kernel < 3 min: ${verdict(cold.wallMs < 180_000)})`] : []),
      passesMs === undefined ? 'passes             = n/a' : `graph + passes     = +${(((graphMs + passesMs) / cold.wallMs) * 100).toFixed(0)}% of the cold index  (target ≤ 50%: ${verdict(graphMs + passesMs <= 0.5 * cold.wallMs)})`,
    ];
    process.stdout.write(`\nLeakscope index benchmark: ${args.label}, ${files.length} files, ${fmtMb(bytes)}, ${args.jobs} workers\n\n${lines.join('\n')}\n\n${targets.join('\n')}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

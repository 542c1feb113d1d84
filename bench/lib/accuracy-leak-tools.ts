/**
 * The tools of the leak accuracy bench, each run on a copy of the folder and
 * reduced to the lines it reports as leaks: Leakscope (`passes --json`, its
 * suspects), cppcheck (`--enable=all --inconclusive --xml`, leak ids) and clang's
 * static analyzer (`--analyze`, unix.Malloc leak and mismatched-deallocator
 * warnings).
 *
 * Kernel allocators, to be fair to the peers: cppcheck gets a library file
 * (its own mechanism) declaring kmalloc/kzalloc/kcalloc→kfree and
 * vmalloc/vzalloc→vfree as two families; clang knows kmalloc/kfree itself, and
 * gets kzalloc/kcalloc/vmalloc/vzalloc as `ownership_returns(malloc)` and
 * vfree/kvfree as `ownership_takes(malloc)` (optimistic malloc modeling), so it
 * sees their leaks but cannot tell the two families apart. The fixtures use NULL
 * without a header: clang gets -DNULL=((void *)0) (cppcheck knows NULL).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PassesReport } from '../../preload/model';
import { ensureBuilt } from './accuracy-leakscope-graph';
import type { LeakReport } from './accuracy-leak-truth';

/** One tool's run. */
export interface LeakToolRun {
  reports: LeakReport[];
  ms: number;
  note?: string;
}

const REPO = path.join(__dirname, '../..');

/** Leakscope: every site still suspected after the passes. */
export function runLeakscope(dir: string): LeakToolRun {
  ensureBuilt();
  const started = performance.now();
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/leakscope.cjs'), 'passes', dir, '--json', '--no-cache'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`leakscope passes failed: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as PassesReport;
  const byId = new Map(report.sites.map((s) => [s.id, s]));
  const reports: LeakReport[] = [];
  for (const id of report.suspects) {
    const s = byId.get(id);
    if (s) reports.push({ file: s.file, line: s.line, what: `suspect ${s.api}` });
  }
  return { reports, ms };
}

/** cppcheck ids that report a leak or a release by the wrong family. */
const CPPCHECK_LEAK_IDS = new Set([
  'memleak', 'memleakOnRealloc', 'leakReturnValNotUsed', 'resourceLeak', 'leakNoVarFunctionCall',
  'leakUnsafeArgAlloc', 'mismatchAllocDealloc', 'publicAllocationError', 'unsafeClassCanLeak',
]);

const KERNEL_CFG = `<?xml version="1.0"?>
<def format="2">
  <memory><alloc init="false">kmalloc</alloc><alloc init="true">kzalloc</alloc><alloc init="true">kcalloc</alloc><dealloc>kfree</dealloc></memory>
  <memory><alloc init="false">vmalloc</alloc><alloc init="true">vzalloc</alloc><dealloc>vfree</dealloc></memory>
</def>
`;

/** cppcheck with the kernel library file written next to the copy. */
export function runCppcheck(dir: string, workDir: string): LeakToolRun {
  const cfg = path.join(workDir, 'kernel-alloc.cfg');
  writeFileSync(cfg, KERNEL_CFG);
  const started = performance.now();
  const r = spawnSync('cppcheck', ['--enable=all', '--inconclusive', '--xml', '-q', `--library=${cfg}`, '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  const reports: LeakReport[] = [];
  for (const m of r.stderr.matchAll(/<error id="([^"]+)"[^>]*?msg="([^"]*)"[^>]*>([\s\S]*?)<\/error>/g)) {
    const id = m[1] ?? '';
    if (!CPPCHECK_LEAK_IDS.has(id)) continue;
    for (const loc of (m[3] ?? '').matchAll(/<location file="([^"]+)" line="(\d+)"/g)) {
      reports.push({ file: loc[1] ?? '', line: Number(loc[2]), what: `${id}: ${m[2] ?? ''}` });
    }
  }
  return { reports, ms, note: r.status === 0 ? undefined : `cppcheck exited ${r.status}` };
}

const KERNEL_DECLS = `/* leak bench: kernel allocators as the analyzer's malloc family (ownership attributes) */
void *kzalloc(unsigned long, unsigned int) __attribute__((ownership_returns(malloc)));
void *kcalloc(unsigned long, unsigned long, unsigned int) __attribute__((ownership_returns(malloc)));
void *vmalloc(unsigned long) __attribute__((ownership_returns(malloc)));
void *vzalloc(unsigned long) __attribute__((ownership_returns(malloc)));
void vfree(const void *) __attribute__((ownership_takes(malloc, 1)));
void kvfree(const void *) __attribute__((ownership_takes(malloc, 1)));
`;

/** The clang static analyzer, one file at a time, leak and mismatch warnings of the malloc checkers. */
export function runClangAnalyzer(dir: string, workDir: string): LeakToolRun {
  const header = path.join(workDir, 'kernel-alloc.h');
  writeFileSync(header, KERNEL_DECLS);
  const started = performance.now();
  const reports: LeakReport[] = [];
  const failed: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.c')).sort()) {
    const kernel = /\b(kzalloc|kcalloc|vmalloc|vzalloc|vfree|kvfree)\b/.test(readFileSync(path.join(dir, file), 'utf8'));
    const r = spawnSync('clang', [
      '--analyze', '-Xanalyzer', '-analyzer-output=text', '-Xanalyzer', '-analyzer-config', '-Xanalyzer', 'unix.DynamicMemoryModeling:Optimistic=true',
      '-Wno-everything', '-DNULL=((void *)0)', ...(kernel ? ['-include', header] : []), '-o', '/dev/null', file,
    ], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) failed.push(file);
    for (const m of r.stderr.matchAll(/^([^\s:]+\.c):(\d+):\d+: warning: (.*) \[(unix\.Malloc|unix\.MismatchedDeallocator|cplusplus\.NewDelete\w*)\]$/gm)) {
      if (!/leak|should be deallocated|deallocator/i.test(m[3] ?? '')) continue;
      reports.push({ file: m[1] ?? '', line: Number(m[2]), what: `${m[4] ?? ''}: ${m[3] ?? ''}` });
    }
  }
  return { reports, ms: performance.now() - started, note: failed.length ? `clang failed on ${failed.join(', ')}` : undefined };
}

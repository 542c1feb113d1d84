/**
 * `npm run bench:leaks`: how many leaks Leakscope keeps as suspects and how many
 * correct functions it wrongly flags, next to cppcheck and clang's static
 * analyzer run in the same process on a copy of the same folder (issue 3 item 7).
 * The folder follows the leak suite's convention: functions named `*_leaky` leak,
 * their `*_ok` twins do not; a tool flags a function when one of its leak
 * reports lies inside it.
 *
 *   npm run bench:leaks                      test/fixtures/leaks
 *   npm run bench:leaks -- DIR [DIR…]        other folders (e.g. a held-out set)
 *   options: --show (list every report per tool)
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixtureFunctions, scoreLeaks } from './lib/accuracy-leak-truth';
import { runClangAnalyzer, runCppcheck, runLeakscope, type LeakToolRun } from './lib/accuracy-leak-tools';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(7);

function benchFolder(source: string, show: boolean): void {
  const work = mkdtempSync(path.join(os.tmpdir(), 'leakscope-acc-leaks-'));
  try {
    const dir = path.join(work, 'src');
    cpSync(source, dir, { recursive: true });
    const functions = fixtureFunctions(dir);
    console.log(`\n== ${source}: ${functions.filter((f) => f.role === 'leaky').length} leaky functions, ${functions.filter((f) => f.role === 'ok').length} correct twins, ${functions.filter((f) => f.role === 'helper').length} helpers`);
    const tools: [string, LeakToolRun][] = [
      ['leakscope', runLeakscope(dir)],
      ['cppcheck', runCppcheck(dir, work)],
      ['clang --analyze', runClangAnalyzer(dir, work)],
    ];
    console.log(`${'tool'.padEnd(16)} ${'leaks found'.padStart(11)} ${'recall'.padStart(7)} ${'ok flagged'.padStart(10)} ${'FP rate'.padStart(7)} ${'helpers'.padStart(7)} ${'time'.padStart(8)}`);
    const scores = tools.map(([name, run]) => [name, run, scoreLeaks(functions, run.reports)] as const);
    for (const [name, run, s] of scores) {
      console.log(
        `${name.padEnd(16)} ${`${s.leaksFound}/${s.leaks}`.padStart(11)} ${pct(s.leaks ? s.leaksFound / s.leaks : 0)} ${`${s.okFlagged}/${s.ok}`.padStart(10)} ${pct(s.ok ? s.okFlagged / s.ok : 0)} ${String(s.helpersFlagged).padStart(7)} ${`${(run.ms / 1000).toFixed(2)} s`.padStart(8)}`,
      );
    }
    for (const [name, run, s] of scores) {
      console.log(`${name}: missed ${s.missed.join(', ') || '-'}; false alarms ${s.falseAlarms.join(', ') || '-'}`);
      if (run.note) console.log(`  note: ${run.note}`);
      if (show) for (const r of run.reports) console.log(`  ${r.file}:${r.line} ${r.what}`);
    }
    const lk = scores[0]?.[2];
    for (const [name, , s] of scores.slice(1)) {
      const beat = (lk?.missed ?? []).filter((m) => !s.missed.includes(m));
      if (beat.length) console.log(`leaks ${name} finds and leakscope misses: ${beat.join(', ')}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main(): void {
  const argv = process.argv.slice(2);
  const show = argv.includes('--show');
  const dirs = argv.filter((a) => a !== '--show').map((a) => path.resolve(a));
  if (dirs.length === 0) dirs.push(path.join(__dirname, '../test/fixtures/leaks'));
  console.log('Leak accuracy: *_leaky functions flagged (recall) and *_ok twins flagged (false positives)');
  for (const dir of dirs) benchFolder(dir, show);
}

main();

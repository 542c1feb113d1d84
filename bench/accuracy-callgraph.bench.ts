/**
 * `npm run bench:callgraph`: how close Leakscope's call graph is to clang's, next
 * to cscope and cflow run in the same process on the same folder (issue 2: "aim
 * to beat both"). Ground truth is clang's `debug.DumpCallGraph` per translation
 * unit; every tool is reduced to caller→callee pairs of functions clang saw
 * defined (statics whose name several files define are named file::name).
 *
 *   npm run bench:callgraph                         /work/peers/{lua5.4-*,zlib-*} that exist
 *   npm run bench:callgraph -- DIR [DIR…]           any folders
 *   LEAKSCOPE_ACCURACY_DIRS=a:b npm run bench:callgraph
 *   options: --clang-arg ARG (repeatable; e.g. --clang-arg -DFOO), --show N (misses listed per tool, default 8)
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { clangTruth } from './lib/accuracy-clang';
import { cflowGraph } from './lib/accuracy-cflow';
import { cscopeGraph } from './lib/accuracy-cscope';
import { leakscopeGraph } from './lib/accuracy-leakscope-graph';
import { FunctionNamer, missing, pairKey, score, type ToolGraph } from './lib/accuracy-pairs';

const PEERS = '/work/peers';

interface Args {
  dirs: string[];
  clangArgs: string[];
  show: number;
}

function parseArgs(argv: string[]): Args {
  const dirs: string[] = [];
  const clangArgs: string[] = [];
  let show = 8;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--clang-arg') clangArgs.push(argv[++i] ?? '');
    else if (a === '--show') show = Number(argv[++i] ?? '8');
    else dirs.push(path.resolve(a));
  }
  if (dirs.length === 0 && process.env.LEAKSCOPE_ACCURACY_DIRS) dirs.push(...process.env.LEAKSCOPE_ACCURACY_DIRS.split(':').filter(Boolean));
  if (dirs.length === 0 && existsSync(PEERS)) {
    for (const entry of readdirSync(PEERS).sort()) {
      const dir = path.join(PEERS, entry);
      if (entry.startsWith('lua5.4-') && existsSync(path.join(dir, 'src'))) {
        dirs.push(path.join(dir, 'src'));
        // Debian's luaconf.h includes a header generated at build time for this one string.
        clangArgs.push('-DDEB_HOST_MULTIARCH="x86_64-linux-gnu"');
      }
      else if (entry.startsWith('zlib-') && existsSync(path.join(dir, 'zlib.h'))) dirs.push(dir);
    }
  }
  if (dirs.length === 0) throw new Error(`no folders: pass DIR, set LEAKSCOPE_ACCURACY_DIRS, or apt-get source zlib lua5.4 into ${PEERS}`);
  return { dirs, clangArgs, show };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(7);

async function benchFolder(root: string, args: Args): Promise<void> {
  console.log(`\n== ${root}`);
  const truth = await clangTruth(root, args.clangArgs);
  const namer = new FunctionNamer(truth.defs);
  const truthPairs = new Set<string>();
  const truthDefined = new Set<string>();
  for (const unit of truth.units) {
    // Calls resolve first to the bodies this unit holds (its statics and header inlines).
    const own = new Map(unit.defined.map((d) => [d.name, d.file]));
    for (const d of unit.defined) {
      const key = namer.definition(d.name, d.file);
      if (key !== undefined) truthDefined.add(key);
    }
    for (const [caller, callee] of unit.calls) {
      const callerFile = own.get(caller);
      if (callerFile === undefined) continue;
      const from = namer.definition(caller, callerFile);
      const calleeFile = own.get(callee);
      const to = calleeFile !== undefined ? namer.definition(callee, calleeFile) : namer.callee(callee, unit.file);
      if (from !== undefined && to !== undefined) truthPairs.add(pairKey(from, to));
    }
  }
  console.log(`clang: ${truth.units.length} units compiled, ${truth.failed.length} failed; ${truthDefined.size} functions, ${truthPairs.size} edges, ${(truth.ms / 1000).toFixed(1)} s`);
  for (const f of truth.failed.slice(0, 5)) console.log(`  failed ${f.file}: ${f.error}`);

  const tools: [string, ToolGraph][] = [
    ['leakscope', leakscopeGraph(root, namer, [])],
    ['cscope', cscopeGraph(root, truth.defs, namer)],
    ['cflow', cflowGraph(root, namer, false, [])],
    ['cflow --cpp', cflowGraph(root, namer, true, [`-I${truth.stubDir}`, ...args.clangArgs.filter((a) => /^-[DIU]/.test(a))])],
  ];
  console.log(`${'tool'.padEnd(12)} ${'edges'.padStart(6)} ${'correct'.padStart(7)} ${'precis.'.padStart(7)} ${'recall'.padStart(7)} ${'F1'.padStart(7)} ${'def.rec'.padStart(7)} ${'time'.padStart(8)}`);
  for (const [name, g] of tools) {
    const s = score(g.pairs, truthPairs);
    const d = score(g.defined, truthDefined);
    console.log(
      `${name.padEnd(12)} ${String(s.found).padStart(6)} ${String(s.correct).padStart(7)} ${pct(s.precision)} ${pct(s.recall)} ${pct(s.f1)} ${pct(d.recall)} ${`${(g.ms / 1000).toFixed(2)} s`.padStart(8)}`,
    );
  }
  const lk = tools[0]?.[1];
  if (lk && args.show > 0) {
    console.log(`leakscope misses (in clang, not leakscope), first ${args.show}:`);
    for (const k of missing(truthPairs, lk.pairs, args.show)) console.log(`  - ${k}`);
    console.log(`leakscope extras (not in clang), first ${args.show}:`);
    for (const k of missing(lk.pairs, truthPairs, args.show)) console.log(`  + ${k}`);
    console.log('leakscope functions clang defines that leakscope does not:');
    for (const k of missing(truthDefined, lk.defined, args.show)) console.log(`  - ${k}`);
    for (const [name, g] of tools.slice(1)) {
      const beat = [...truthPairs].filter((k) => g.pairs.has(k) && !lk.pairs.has(k));
      console.log(`edges ${name} finds and leakscope misses: ${beat.length}${beat.length ? `, e.g. ${beat.slice(0, 4).join('; ')}` : ''}`);
    }
  }
  for (const [name, g] of tools) for (const n of g.notes) console.log(`  note (${name}): ${n}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  console.log('Call-graph accuracy against clang debug.DumpCallGraph (direct calls between functions clang saw defined)');
  if (args.clangArgs.length > 0) console.log(`clang (and cflow --cpp) arguments: ${args.clangArgs.join(' ')}`);
  for (const dir of args.dirs) await benchFolder(dir, args);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

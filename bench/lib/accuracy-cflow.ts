/**
 * cflow's side of the call-graph accuracy bench: `cflow -AA --depth=2
 * --omit-arguments` over all .c files at once (every global and static function
 * as a root, its direct callees one level down), optionally with `--cpp` so cflow
 * preprocesses like a compiler would.
 */
import { spawnSync } from 'node:child_process';
import { sourceFiles } from './accuracy-clang';
import { pairKey, type FunctionNamer, type ToolGraph } from './accuracy-pairs';

const LINE = /^(\s*)([A-Za-z_]\w*)\(\)(?: <.* at ([^:>]+):\d+>)?/;

/** Runs cflow from the root and parses its two-level tree. */
export function cflowGraph(root: string, namer: FunctionNamer, preprocess: boolean, cppArgs: string[]): ToolGraph {
  const started = performance.now();
  const files = sourceFiles(root, false);
  const args = ['-AA', '--depth=2', '--omit-arguments', ...(preprocess ? ['--cpp', '-I.', ...cppArgs] : []), ...files];
  const r = spawnSync('cflow', args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - started;
  const pairs = new Set<string>();
  const defined = new Set<string>();
  let caller: { key: string | undefined; file: string } | undefined;
  for (const line of r.stdout.split('\n')) {
    const m = LINE.exec(line);
    if (!m?.[2]) continue;
    if ((m[1] ?? '').length === 0) {
      const file = m[3] ?? '';
      const key = namer.definition(m[2], file);
      if (key !== undefined) defined.add(key);
      caller = { key, file };
      continue;
    }
    if (caller?.key === undefined) continue;
    const callee = namer.callee(m[2], caller.file, m[3]);
    if (callee !== undefined) pairs.add(pairKey(caller.key, callee));
  }
  const notes = r.status === 0 ? [] : [`cflow${preprocess ? ' --cpp' : ''} exited ${r.status}: ${(r.stderr ?? '').split('\n')[0] ?? ''}`];
  return { pairs, defined, ms, notes };
}

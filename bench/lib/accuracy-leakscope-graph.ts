/**
 * Leakscope's side of the call-graph accuracy bench: `leakscope index DIR --json
 * --no-cache` run as the user would, its direct and macro edges flattened through
 * macro nodes into function→function pairs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CallGraph, FunctionNode } from '../../preload/model';
import { pairKey, type FunctionNamer, type ToolGraph } from './accuracy-pairs';

/** The repository root (bench/lib/ is two levels down). */
const REPO = path.join(__dirname, '../..');

/** Builds dist/ when the CLI bundle is missing. */
export function ensureBuilt(): void {
  if (existsSync(path.join(REPO, 'dist/main/cli.cjs'))) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

/** Runs the CLI and reduces its graph; `extraArgs` go to `leakscope index` (e.g. -D NAME). */
export function leakscopeGraph(root: string, namer: FunctionNamer, extraArgs: string[]): ToolGraph {
  ensureBuilt();
  const started = performance.now();
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/leakscope.cjs'), 'index', root, '--json', '--no-cache', ...extraArgs], {
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`leakscope index failed: ${r.stderr}`);
  const graph = JSON.parse(r.stdout) as CallGraph;
  return reduceGraph(graph, namer, ms);
}

/** Flattens macro nodes: each function reaches the functions its macros (transitively) call. */
export function reduceGraph(graph: CallGraph, namer: FunctionNamer, ms: number): ToolGraph {
  const nodes = new Map<string, FunctionNode>(graph.functions.map((f) => [f.id, f]));
  const out = new Map<string, string[]>();
  for (const e of graph.calls) {
    if (e.kind === 'indirect') continue;
    const list = out.get(e.from) ?? [];
    list.push(e.to);
    out.set(e.from, list);
  }
  const keyOf = (f: FunctionNode): string | undefined => namer.definition(f.name, f.file);
  const pairs = new Set<string>();
  const defined = new Set<string>();
  for (const f of graph.functions) {
    if (f.kind !== 'function') continue;
    const caller = keyOf(f);
    if (caller === undefined) continue;
    defined.add(caller);
    const seen = new Set<string>(); // a function's own id is a callee too (recursion)
    const stack = [...(out.get(f.id) ?? [])];
    while (stack.length > 0) {
      const id = stack.pop();
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      const callee = nodes.get(id);
      if (!callee) continue;
      if (callee.kind === 'macro') {
        stack.push(...(out.get(id) ?? []));
        continue;
      }
      // An external node may still be a project function clang saw (e.g. defined in a unit Leakscope skipped).
      const key = callee.kind === 'function' ? keyOf(callee) : namer.callee(callee.name, f.file);
      if (key !== undefined) pairs.add(pairKey(caller, key));
    }
  }
  return { pairs, defined, ms, notes: [] };
}

/**
 * Graph walks the UI is built on: everything that can reach a function (its callers up
 * to the roots), everything it reaches, the leak-relevant subgraph, and every call path
 * from A to B. Pure functions over a GraphIndex; iterative so deep chains cannot
 * overflow the stack.
 */
import type { GraphIndex, MergedCall } from './graph-index';

/** All ids reachable from `start` following `next` (start included). */
export function reach(start: Iterable<string>, next: Map<string, string[]>, allowed?: (id: string) => boolean): Set<string> {
  const seen = new Set<string>();
  const stack: string[] = [];
  for (const s of start) if (!seen.has(s) && (!allowed || allowed(s))) { seen.add(s); stack.push(s); }
  while (stack.length) {
    const id = stack.pop() as string;
    for (const n of next.get(id) ?? []) {
      if (seen.has(n) || (allowed && !allowed(n))) continue;
      seen.add(n);
      stack.push(n);
    }
  }
  return seen;
}

/**
 * The leak-relevant subgraph: functions holding any of `siteFunctions` plus all their
 * callers up to the entry points. Externals are left out (they appear as badges).
 */
export function leakRelevant(index: GraphIndex, siteFunctions: Iterable<string>): Set<string> {
  const notExternal = (id: string): boolean => index.byId.get(id)?.kind !== 'external';
  return reach(siteFunctions, index.callers, notExternal);
}

/** A selected function's chain: callers up to the roots, callees down to the leaves. */
export interface Chain {
  up: Set<string>;
  down: Set<string>;
  /** Keys `from→to` of the calls on the chain. */
  edges: Set<string>;
}

/** Edge key used by chain and path results. */
export function edgeKey(from: string, to: string): string {
  return `${from}\u2192${to}`;
}

/** Callers and callees of `id` within `visible` (all when omitted). */
export function chainOf(index: GraphIndex, id: string, visible?: Set<string>): Chain {
  const allowed = visible ? (n: string): boolean => visible.has(n) : undefined;
  const up = reach([id], index.callers, allowed);
  const down = reach([id], index.callees, allowed);
  const edges = new Set<string>();
  for (const c of index.calls) {
    if ((up.has(c.from) && up.has(c.to)) || (down.has(c.from) && down.has(c.to))) edges.add(edgeKey(c.from, c.to));
  }
  return { up, down, edges };
}

/** Every node and call on some call path from `a` to `b`; empty when b is unreachable. */
export function pathsBetween(index: GraphIndex, a: string, b: string): { nodes: Set<string>; edges: Set<string> } {
  const fwd = reach([a], index.callees);
  if (!fwd.has(b)) return { nodes: new Set(), edges: new Set() };
  const bwd = reach([b], index.callers);
  const nodes = new Set([...fwd].filter((n) => bwd.has(n)));
  const edges = new Set<string>();
  for (const c of index.calls) if (nodes.has(c.from) && nodes.has(c.to)) edges.add(edgeKey(c.from, c.to));
  return { nodes, edges };
}

/** One shortest call path from a to b (by number of calls), for a breadcrumb; null when none. */
export function shortestPath(index: GraphIndex, a: string, b: string): string[] | null {
  const prev = new Map<string, string | null>([[a, null]]);
  const queue = [a];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    if (id === b) break;
    for (const n of index.callees.get(id) ?? []) {
      if (prev.has(n)) continue;
      prev.set(n, id);
      queue.push(n);
    }
  }
  if (!prev.has(b)) return null;
  const path: string[] = [];
  for (let cur: string | null = b; cur !== null; cur = prev.get(cur) ?? null) path.unshift(cur);
  return path;
}

/** One caller path from a root down to `id` (shortest), for the breadcrumb bar. */
export function rootPath(index: GraphIndex, id: string): string[] {
  const prev = new Map<string, string | null>([[id, null]]);
  const queue = [id];
  let root = id;
  for (let i = 0; i < queue.length; i++) {
    const cur = queue[i] as string;
    const callers = index.callers.get(cur) ?? [];
    if (callers.length === 0) { root = cur; break; }
    root = cur;
    for (const c of callers) {
      if (prev.has(c)) continue;
      prev.set(c, cur);
      queue.push(c);
    }
  }
  const path: string[] = [];
  for (let cur: string | null = root; cur !== null; cur = prev.get(cur) ?? null) path.push(cur);
  return path;
}

/** Calls among a node set (both ends inside). */
export function callsWithin(calls: MergedCall[], nodes: Set<string>): MergedCall[] {
  return calls.filter((c) => nodes.has(c.from) && nodes.has(c.to));
}

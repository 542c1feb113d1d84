/**
 * Lookup tables over a CallGraph that every other renderer module needs: nodes by id,
 * callers and callees by id (deduplicated), and sites by function. Built once per
 * snapshot so walks and filters stay linear in the graph size.
 */
import type { CallEdge, CallGraph, FunctionNode, Site } from '../../preload/model';

/** A call merged over all its call sites: one per caller → callee pair. */
export interface MergedCall {
  from: string;
  to: string;
  /** The most visible kind among the merged calls: direct beats macro beats indirect. */
  kind: CallEdge['kind'];
  /** How many call sites were merged. */
  count: number;
}

/** Indexed view of a call graph. */
export interface GraphIndex {
  graph: CallGraph;
  byId: Map<string, FunctionNode>;
  callers: Map<string, string[]>;
  callees: Map<string, string[]>;
  calls: MergedCall[];
  /** Calls of the allocators and deallocators themselves (kmalloc, kfree…), by function: what badges and counts show. */
  sitesByFunction: Map<string, Site[]>;
  /** Calls of wrappers defined in the project (derived allocators such as ht_create), by function. */
  wrapperSitesByFunction: Map<string, Site[]>;
  siteById: Map<string, Site>;
  /** Whether a site calls a primitive allocator/deallocator rather than a wrapper defined here. */
  isPrimitive(site: Site): boolean;
}

const KIND_RANK: Record<CallEdge['kind'], number> = { direct: 3, macro: 2, indirect: 1 };

/**
 * Build the lookup tables; calls to or from unknown ids are dropped, self calls kept once.
 * `extraSites` (the passes report's, which adds calls of derived wrappers) are merged by id.
 */
export function indexGraph(graph: CallGraph, extraSites: readonly Site[] = []): GraphIndex {
  const byId = new Map(graph.functions.map((f) => [f.id, f]));
  // Nested maps rather than "from→to" string keys: no string building for hundreds of thousands of calls.
  const byFrom = new Map<string, Map<string, MergedCall>>();
  const calls: MergedCall[] = [];
  const callers = new Map<string, string[]>();
  const callees = new Map<string, string[]>();
  for (const c of graph.calls) {
    if (!byId.has(c.from) || !byId.has(c.to)) continue;
    let targets = byFrom.get(c.from);
    if (!targets) byFrom.set(c.from, (targets = new Map()));
    const old = targets.get(c.to);
    if (!old) {
      const m: MergedCall = { from: c.from, to: c.to, kind: c.kind, count: 1 };
      targets.set(c.to, m);
      calls.push(m);
      push(callees, c.from, c.to);
      push(callers, c.to, c.from);
    } else {
      old.count++;
      if (KIND_RANK[c.kind] > KIND_RANK[old.kind]) old.kind = c.kind;
    }
  }
  // A site whose api is a function defined in this project is a call of a wrapper; the seed counts only the primitives.
  const defined = new Set(graph.functions.filter((f) => f.kind !== 'external').map((f) => f.name));
  const isPrimitive = (s: Site): boolean => !defined.has(s.api);
  const siteById = new Map<string, Site>();
  for (const s of [...graph.sites, ...extraSites]) if (!siteById.has(s.id)) siteById.set(s.id, s);
  const sitesByFunction = new Map<string, Site[]>();
  const wrapperSitesByFunction = new Map<string, Site[]>();
  for (const s of siteById.values()) push(isPrimitive(s) ? sitesByFunction : wrapperSitesByFunction, s.function, s);
  for (const list of [...sitesByFunction.values(), ...wrapperSitesByFunction.values()]) list.sort((a, b) => a.line - b.line);
  return { graph, byId, callers, callees, calls, sitesByFunction, wrapperSitesByFunction, siteById, isPrimitive };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Pass: single-use helpers (the seed's Pass 1). An allocating helper called from one
 * place whose caller frees the result at once (`ht_iter()` in `nswapd_mem_cleanup()`),
 * or a helper that keeps its allocations in globals which the matching cleanup helper
 * frees, where the two helpers are called from an init function and its paired
 * teardown (`nswapd_mem_monitor_init()` from `nswapd_mem_init()`, released by
 * `nswapd_mem_monitor_cleanup()` from `nswapd_mem_cleanup()`).
 */
import type { Clearing } from '../../../preload/model';
import type { Outcome } from '../fate';
import type { AllocInfo } from '../ownership';
import type { PassState } from './accounting';
import type { Pass } from './pass';

const trivial = (o: Outcome): boolean => o.kind === 'null' || o.kind === 'exit';

function name(state: PassState, id: string): string {
  return state.pf.functions.get(id)?.node.name ?? id;
}

/** Distinct callers of a function, not counting itself. */
function callersOf(state: PassState, id: string): string[] {
  return state.pf.callersOf(id).filter((c) => c !== id);
}

/** Result handed back to the one caller, which frees it right away. */
function freedByOneCaller(state: PassState, a: AllocInfo): Clearing[] | undefined {
  const outcomes = a.fate.outcomes;
  if (!outcomes.some((o) => o.kind === 'returned') || !outcomes.every((o) => trivial(o) || o.kind === 'returned')) return undefined;
  const callers = callersOf(state, a.fn);
  const uses = state.own.wrapperSites.get(a.fn) ?? [];
  if (callers.length !== 1 || uses.length === 0 || !uses.every((w) => w.fn === callers[0])) return undefined;
  const frees: string[] = [];
  for (const w of uses) {
    const wo = w.fate.outcomes;
    if (!wo.some((o) => o.kind === 'freed') || !wo.every((o) => trivial(o) || (o.kind === 'freed' && !o.wrongFamily))) return undefined;
    for (const o of wo) if (o.kind === 'freed') frees.push(o.freeSite);
    // The result's own fields freed with it in the caller (`kfree(htlist->info); kfree(htlist);`).
    const holder = w.site.target;
    for (const f of state.own.frees) if (f.fn === w.fn && (f.arg.startsWith(`${holder}->`) || f.arg.startsWith(`${holder}.`))) frees.push(f.site.id);
  }
  const caller = callers[0] ?? '';
  const text = `${name(state, a.fn)}() is only called from ${name(state, caller)}(), which frees its result at once (${[...new Set(frees)].join(', ')})`;
  const evidence = { text, pairedWith: [...new Set(frees)], chain: [a.fn, caller] };
  return [{ site: a.site.id, rule: 'single-use-helpers', evidence }, ...uses.map((w) => ({ site: w.site.id, rule: 'single-use-helpers', evidence }))];
}

/** Kept in globals by a helper of an init function; freed by the helper of the paired teardown. */
function freedByMatchingCleanup(state: PassState, a: AllocInfo): Clearing[] | undefined {
  const pf = state.pf;
  const outcomes = a.fate.outcomes;
  const stored = outcomes.filter((o): o is Extract<Outcome, { kind: 'stored' }> => o.kind === 'stored' && o.where === 'global');
  if (stored.length === 0 || !outcomes.every((o) => trivial(o) || (o.kind === 'stored' && o.where === 'global'))) return undefined;
  const keys = new Set(stored.map((o) => o.key));
  if (keys.size !== 1 || pf.roots.has(a.fn)) return undefined;
  const key = [...keys][0] ?? '';
  const callers = callersOf(state, a.fn);
  const caller = callers[0];
  if (callers.length !== 1 || caller === undefined || pf.roots.has(caller)) return undefined;
  const frees = (state.index.freesByKey.get(key) ?? []).filter((f) => f.fn !== a.fn);
  if (frees.length === 0) return undefined;
  const counterparts = new Set<string>();
  for (const f of frees) {
    const users = callersOf(state, f.fn).filter((c) => c !== a.fn);
    if (users.length !== 1) return undefined;
    counterparts.add(users[0] ?? '');
  }
  if (counterparts.size !== 1) return undefined;
  const teardown = [...counterparts][0] ?? '';
  if (teardown === caller || pf.roots.has(teardown)) return undefined;
  const pair = pf.pairs.find((p) => pf.reachers(caller).has(p.init) && pf.reachers(teardown).has(p.exit));
  if (!pair) return undefined;
  const g = stored[0]?.text ?? key;
  const freers = [...new Set(frees.map((f) => f.fn))];
  const text = `${name(state, a.fn)}() is only called from ${name(state, caller)}() and keeps the block in ${g}; ${freers.map((f) => `${name(state, f)}()`).join(', ')} frees it (${frees.map((f) => f.site.id).join(', ')}) and is only called from ${name(state, teardown)}(), the matching cleanup (${name(state, pair.init)}() / ${name(state, pair.exit)}(), ${pair.how})`;
  return [{ site: a.site.id, rule: 'single-use-helpers', evidence: { text, pairedWith: frees.map((f) => f.site.id), chain: [caller, a.fn, teardown, ...freers] } }];
}

/** The seed's Pass 1. */
export const singleUseHelpersPass: Pass = {
  name: 'single-use-helpers',
  title: 'Single-use helpers whose caller or matching cleanup frees what they allocate',
  rule: 'An allocating function called from one place whose caller frees the result at once, or whose globals are freed by the cleanup helper called from the matching teardown.',
  adds: [],
  run(state) {
    const out: Clearing[] = [];
    for (const a of state.own.allocs) {
      if (state.cleared.has(a.site.id) || a.wrapper !== undefined || a.managed) continue;
      const found = freedByOneCaller(state, a) ?? freedByMatchingCleanup(state, a);
      if (!found) continue;
      for (const c of found) {
        if (state.cleared.has(c.site)) continue;
        state.cleared.set(c.site, 'single-use-helpers');
        out.push(c);
      }
    }
    return out;
  },
};

/**
 * Pass: managed memory. `devm_*` and other managed allocators are released by their
 * owner (the device) and are never suspects.
 */
import type { Clearing } from '../../../preload/model';
import type { Pass } from './pass';

/** Managed allocations. */
export const managedPass: Pass = {
  name: 'managed',
  title: 'Managed memory released by its owner (devm_*)',
  rule: 'Allocated by a managed allocator, which frees it when its owner goes away.',
  adds: [],
  run(state) {
    const out: Clearing[] = [];
    for (const a of state.own.allocs) {
      if (!a.managed || state.cleared.has(a.site.id)) continue;
      state.cleared.set(a.site.id, 'managed');
      out.push({ site: a.site.id, rule: 'managed', evidence: { text: `${a.site.api}() is managed: the owner releases it`, pairedWith: [], chain: [a.fn] } });
    }
    return out;
  },
};

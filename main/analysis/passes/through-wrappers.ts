/**
 * Pass: through wrappers. A derived allocator (a function returning a fresh block, or
 * storing one through an out-parameter) is cleared when every call to it has been
 * cleared — the result is accounted for at each caller — or when nothing in the
 * project calls it.
 */
import { clearByRules } from './rule-pass';
import type { Pass } from './pass';

/** Derived allocators whose callers all account for the result. */
export const throughWrappersPass: Pass = {
  name: 'through-wrappers',
  title: 'Allocated through a wrapper whose every caller accounts for the result',
  rule: 'Returned (or stored through an out-parameter) by a derived allocator whose every call site is cleared.',
  adds: ['wrappers'],
  run(state, allowed) {
    return clearByRules(state, allowed, 'through-wrappers');
  },
};

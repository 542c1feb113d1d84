/**
 * Pass: owned by a global, released at teardown. The block is kept in a global or
 * static variable that a function on the exit side of the same module frees. Init and
 * exit sides are found through registration (module_init/module_exit, .probe/.remove,
 * .open/.release … in one initializer, atexit, main) and reachability in the call
 * graph, not by names.
 */
import { clearByRules } from './rule-pass';
import type { Pass } from './pass';

/** Globals released by the paired teardown. */
export const globalTeardownPass: Pass = {
  name: 'global-teardown',
  title: 'Kept in a global and freed by the matching teardown',
  rule: 'Stored in a global or static variable that is freed by a function reached from the teardown registered with the init that reaches the allocation.',
  adds: ['global'],
  run(state, allowed) {
    return clearByRules(state, allowed, 'global-teardown');
  },
};

/**
 * Pass: freed where allocated. A path-sensitive walk of the function's control flow
 * (early returns, goto unwind ladders, `if (!p) return -ENOMEM`, loops, switch,
 * constant conditions) shows the block freed on every path on which it does not
 * escape. A free on some paths only leaves the site a suspect naming the leaking path.
 */
import { clearByRules } from './rule-pass';
import type { Pass } from './pass';

/** Freed in the same function on every path. */
export const freedLocallyPass: Pass = {
  name: 'freed-locally',
  title: 'Freed in the function that allocated it, on every path',
  rule: 'Every path from the allocation either frees it, finds the allocation failed, or hands it on in a way an earlier pass already accounts for.',
  adds: ['freed-locally'],
  run(state, allowed) {
    return clearByRules(state, allowed, 'freed-locally');
  },
};

/**
 * Pass: handed off. The block is passed — directly, or through a thread, callback or
 * work registration such as `kernel_thread(fn, arg)` or `pthread_create(…, fn, arg)` —
 * to a function that frees that parameter on every path, or keeps it somewhere an
 * earlier rule shows released.
 */
import { clearByRules } from './rule-pass';
import type { Pass } from './pass';

/** Passed to a function that frees or keeps it. */
export const handedOffPass: Pass = {
  name: 'handed-off',
  title: 'Handed to a function or thread that frees it',
  rule: 'Passed to a function (or a thread/callback started with it) that frees that parameter on every path, or stores it where it is released.',
  adds: ['handed'],
  run(state, allowed) {
    return clearByRules(state, allowed, 'handed-off');
  },
};

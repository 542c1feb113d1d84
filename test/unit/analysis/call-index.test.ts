/** The call index numbers every call in scan order (functions in order, calls in CFG order) and finds them by callee. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallIndex } from '../../../main/analysis/call-index';
import { ProgramFacts } from '../../../main/analysis/program-facts';
import { programOf } from './helpers';

const SOURCES = {
  'a.c': `
void *alloc_a(int n) { if (n > 4) log_big(n); return kmalloc(n, 0); }
void drop_a(void *p) { kfree(p); log_big(1); }
`,
  'b.c': `
void use_b(void) { void *p = alloc_a(3); if (!p) return; drop_a(p); kfree(0); }
void idle_b(void) { }
`,
};

test('call index: calls by name, in function order then CFG call order', async () => {
  const pf = new ProgramFacts(await programOf(SOURCES));
  const index = new CallIndex(pf.functions.values());
  const named = (names: string[]): string[] =>
    index.callsTo(names).map((k) => `${index.functionOf(k)?.node.name ?? '?'}:${index.call(k)?.line ?? 0}:${index.call(k)?.callee ?? '?'}`);
  assert.deepEqual(named(['kfree']), ['drop_a:3:kfree', 'use_b:2:kfree']);
  assert.deepEqual(named(['kfree', 'log_big', 'kfree']), ['alloc_a:2:log_big', 'drop_a:3:kfree', 'drop_a:3:log_big', 'use_b:2:kfree']);
  assert.deepEqual(named(['nothing']), []);
  // Numbers run over every call of every function: alloc_a's two, drop_a's two, then use_b's.
  assert.deepEqual(index.callsTo(['alloc_a', 'drop_a']), [4, 5]);
  assert.deepEqual(
    index.functionsCalling(['kfree', 'log_big']).map((f) => f.node.name),
    ['alloc_a', 'drop_a', 'use_b'],
  );
});

test('call index: released, it finds nothing', async () => {
  const pf = new ProgramFacts(await programOf(SOURCES));
  const index = new CallIndex(pf.functions.values());
  index.release();
  assert.deepEqual(index.callsTo(['kfree']), []);
  assert.deepEqual(index.functionsCalling(['kfree']), []);
  assert.equal(index.functionOf(0), undefined);
});

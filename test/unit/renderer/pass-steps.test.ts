import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPassSteps, countTrail, describeCleared, spokenTitle } from '../../../renderer/model/pass-steps';
import { report } from './fixture';

const steps = buildPassSteps(report);

test('one step per pass plus the start', () => {
  assert.deepEqual(steps.map((s) => s.name), ['start', 'freed-locally', 'init-cleanup']);
});

test('counts per family go down pass by pass', () => {
  assert.deepEqual(steps[0]?.counts, [{ family: 'kmalloc', allocs: 3, frees: 3 }, { family: 'malloc', allocs: 1, frees: 1 }]);
  assert.deepEqual(steps[1]?.counts, [{ family: 'kmalloc', allocs: 3, frees: 3 }, { family: 'malloc', allocs: 0, frees: 0 }]);
  assert.deepEqual(steps[2]?.counts, [{ family: 'kmalloc', allocs: 1, frees: 1 }, { family: 'malloc', allocs: 0, frees: 0 }]);
  assert.equal(countTrail(steps, 'kmalloc'), '3/3 → 3/3 → 1/1');
});

test('a site cleared twice counts once; suspects appear only at the last step', () => {
  assert.deepEqual(steps[2]?.clearedNow, ['lib/mon.c:7:kmalloc', 'lib/mon.c:8:kzalloc', 'lib/mon.c:31:kfree', 'lib/mon.c:32:kfree']);
  assert.equal(steps[1]?.state.get('src/mem.c:8:kmalloc'), 'live');
  assert.equal(steps[2]?.state.get('src/mem.c:8:kmalloc'), 'suspect');
  assert.equal(steps[2]?.state.get('src/mem.c:33:kfree'), 'live');
  assert.equal(steps[2]?.state.get('lib/thr.c:15:free'), 'cleared');
});

test('captions name the pass and what it cleared per api', () => {
  assert.equal(steps[0]?.caption, 'Start — 8 allocation and free calls found');
  assert.equal(steps[1]?.caption, 'Pass 1 — freed where it was allocated: cleared 1 malloc, 1 free');
  assert.equal(steps[2]?.caption, 'Pass 2 — paired init and cleanup: cleared 1 kmalloc, 1 kzalloc, 2 kfrees');
  assert.equal(describeCleared([]), 'nothing');
});

test('a report without passes marks suspects at step 0', () => {
  const only = buildPassSteps({ passes: [], suspects: ['src/mem.c:8:kmalloc'], sites: report.sites });
  assert.equal(only.length, 1);
  assert.equal(only[0]?.state.get('src/mem.c:8:kmalloc'), 'suspect');
});

test('node status sums members and ranks suspect over live over cleared', async () => {
  const { nodeStatus, siteFunctionsLeft } = await import('../../../renderer/model/node-status');
  const { indexGraph } = await import('../../../renderer/model/graph-index');
  const { graph } = await import('./fixture');
  const index = indexGraph(graph);
  const final = steps[2]!.state;
  assert.deepEqual(nodeStatus(['store', 'release', 'mon_init'], index.sitesByFunction, final), { allocLeft: 1, allocTotal: 3, allocState: 'suspect', freeLeft: 1, freeTotal: 1, freeState: 'live', state: 'suspect' });
  assert.deepEqual(nodeStatus(['mon_cleanup'], index.sitesByFunction, final), { allocLeft: 0, allocTotal: 0, allocState: 'none', freeLeft: 0, freeTotal: 2, freeState: 'cleared', state: 'cleared' });
  assert.equal(nodeStatus(['main'], index.sitesByFunction, final).state, 'none');
  assert.deepEqual([...siteFunctionsLeft(graph.sites, final)].sort(), ['release', 'store']);
});

test('counts and captions can leave out calls of the project\'s own wrappers', async () => {
  const { indexGraph } = await import('../../../renderer/model/graph-index');
  const { graph } = await import('./fixture');
  const wrapperCall = { id: 'src/main.c:22:mon_init', kind: 'alloc' as const, api: 'mon_init', family: 'kmalloc', function: 'init', file: 'src/main.c', line: 22, code: 'mon_init();', target: 'x' };
  const withWrapper = { ...report, sites: [...report.sites, wrapperCall], passes: [...report.passes.slice(0, 1), { ...report.passes[1]!, cleared: [...report.passes[1]!.cleared, { site: wrapperCall.id, rule: 'r', evidence: { text: '', pairedWith: [], chain: [] } }] }] };
  const index = indexGraph(graph, withWrapper.sites);
  assert.equal(index.isPrimitive(wrapperCall), false);
  assert.deepEqual(index.wrapperSitesByFunction.get('init')?.map((s) => s.id), [wrapperCall.id]);
  assert.equal(index.sitesByFunction.has('init'), false);
  const counted = buildPassSteps(withWrapper, index.isPrimitive);
  assert.deepEqual(counted[0]?.counts, [{ family: 'kmalloc', allocs: 3, frees: 3 }, { family: 'malloc', allocs: 1, frees: 1 }]);
  assert.equal(counted[2]?.caption, 'Pass 2 — paired init and cleanup: cleared 1 kmalloc, 1 kzalloc, 2 kfrees');
  assert.equal(counted[2]?.state.get(wrapperCall.id), 'cleared');
  assert.deepEqual(buildPassSteps(withWrapper)[0]?.counts[0], { family: 'kmalloc', allocs: 4, frees: 3 });
});

test('pass titles are said the short way', () => {
  assert.equal(spokenTitle('single-use-helpers', 'Single-use helpers whose caller or matching cleanup frees what they allocate'), 'single-use helpers');
  assert.equal(spokenTitle('manual', 'Cleared by hand, with a note'), 'cleared by hand');
  // Unknown passes: the title's first clause, acronyms kept as written.
  assert.equal(spokenTitle('custom', 'Owned by a structure whose destroy function frees it'), 'owned by a structure');
  assert.equal(spokenTitle('custom', 'RCU callbacks that free the object'), 'RCU callbacks');
  assert.equal(spokenTitle('custom', 'Paired init and cleanup'), 'paired init and cleanup');
});

test('a pass that clears nothing says so', () => {
  const empty = buildPassSteps({ ...report, passes: [...report.passes, { name: 'manual', title: 'Cleared by hand, with a note', cleared: [] }] });
  assert.equal(empty[3]?.caption, 'Pass 3 — cleared by hand: no change');
  assert.deepEqual(empty[3]?.clearedNow, []);
});

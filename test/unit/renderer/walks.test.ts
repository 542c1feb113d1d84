import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexGraph } from '../../../renderer/model/graph-index';
import { chainOf, edgeKey, leakRelevant, pathsBetween, rootPath, shortestPath } from '../../../renderer/model/walks';
import { graph } from './fixture';

const index = indexGraph(graph);
const sorted = (s: Iterable<string>): string[] => [...s].sort();

test('indexGraph merges repeated calls, keeps the strongest kind and drops unknown ends', () => {
  const runStore = index.calls.find((c) => c.from === 'run' && c.to === 'store');
  assert.deepEqual(runStore, { from: 'run', to: 'store', kind: 'direct', count: 2 });
  assert.equal(index.calls.some((c) => c.to === 'ghost'), false);
  assert.equal(index.calls.length, 14);
  assert.deepEqual(index.callers.get('store'), ['init', 'run', 'src/mem.h::HELPER']);
});

test('leakRelevant is the site functions plus every caller up to the roots, no externals', () => {
  const siteFns = new Set(graph.sites.map((s) => s.function));
  assert.deepEqual(sorted(leakRelevant(index, siteFns)), ['cleanup', 'init', 'lib/thr.c::thread_fn', 'main', 'mon_cleanup', 'mon_init', 'release', 'run', 'src/mem.h::HELPER', 'store']);
  assert.deepEqual(sorted(leakRelevant(index, ['release'])), ['cleanup', 'main', 'release']);
});

test('chainOf lights callers up to main and callees down, with the chain edges', () => {
  const c = chainOf(index, 'store');
  assert.deepEqual(sorted(c.up), ['init', 'main', 'run', 'src/mem.h::HELPER', 'store']);
  assert.deepEqual(sorted(c.down), ['kmalloc', 'printk', 'store']);
  assert.equal(c.edges.has(edgeKey('main', 'run')), true);
  assert.equal(c.edges.has(edgeKey('store', 'printk')), true);
  assert.equal(c.edges.has(edgeKey('main', 'cleanup')), false);
  const limited = chainOf(index, 'store', new Set(['store', 'run', 'main']));
  assert.deepEqual(sorted(limited.up), ['main', 'run', 'store']);
});

test('pathsBetween finds every path main → store, including through the macro', () => {
  const p = pathsBetween(index, 'main', 'store');
  assert.deepEqual(sorted(p.nodes), ['init', 'main', 'run', 'src/mem.h::HELPER', 'store']);
  assert.deepEqual(sorted(p.edges), sorted([edgeKey('main', 'init'), edgeKey('main', 'run'), edgeKey('init', 'store'), edgeKey('run', 'store'), edgeKey('run', 'src/mem.h::HELPER'), edgeKey('src/mem.h::HELPER', 'store')]));
  assert.equal(pathsBetween(index, 'store', 'main').nodes.size, 0);
});

test('shortestPath and rootPath give one readable chain', () => {
  assert.deepEqual(shortestPath(index, 'main', 'store'), ['main', 'init', 'store']);
  assert.equal(shortestPath(index, 'util', 'store'), null);
  assert.deepEqual(rootPath(index, 'release'), ['main', 'cleanup', 'release']);
  assert.deepEqual(rootPath(index, 'util'), ['util']);
});

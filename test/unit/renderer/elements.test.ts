import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexGraph } from '../../../renderer/model/graph-index';
import { buildElements, dirOf, initialGrouping } from '../../../renderer/model/elements';
import { leakRelevant } from '../../../renderer/model/walks';
import { graph } from './fixture';

const index = indexGraph(graph);
const visible = leakRelevant(index, graph.sites.map((s) => s.function));

test('without grouping every visible function is a node and calls merge per pair', () => {
  const set = buildElements(index, visible, { grouping: 'none', collapsedByDefault: false, toggled: new Set() });
  assert.equal(set.nodes.length, 10);
  assert.equal(set.nodes.every((n) => n.type === 'function' && n.parent === undefined), true);
  assert.deepEqual(set.edges.find((e) => e.source === 'run' && e.target === 'store'), { id: 'run\u2192store', source: 'run', target: 'store', kind: 'direct', count: 2 });
  assert.equal(set.edges.find((e) => e.target === 'lib/thr.c::thread_fn')?.kind, 'indirect');
  assert.equal(set.edges.length, 11);
});

test('collapsed directories stand for their functions and aggregate calls between them', () => {
  const set = buildElements(index, visible, { grouping: 'directory', collapsedByDefault: true, toggled: new Set() });
  assert.deepEqual(set.nodes.map((n) => [n.id, n.members.length, n.collapsed]), [['dir:src', 7, true], ['dir:lib', 3, true]]);
  assert.deepEqual(set.edges.map((e) => [e.id, e.count, e.kind]), [['dir:src\u2192dir:lib', 3, 'direct']]);
  assert.equal(set.representative.get('store'), 'dir:src');
});

test('expanding a directory shows its files collapsed; expanding a file shows functions inside it', () => {
  const set = buildElements(index, visible, { grouping: 'directory', collapsedByDefault: true, toggled: new Set(['dir:src', 'file:src/mem.c']) });
  const ids = set.nodes.map((n) => `${n.id}<${n.parent ?? ''}`).sort();
  assert.deepEqual(ids, ['dir:lib<', 'dir:src<', 'file:src/main.c<dir:src', 'file:src/mem.c<dir:src', 'file:src/mem.h<dir:src', 'release<file:src/mem.c', 'store<file:src/mem.c']);
  assert.equal(set.representative.get('main'), 'file:src/main.c');
  assert.equal(set.edges.some((e) => e.source === 'file:src/main.c' && e.target === 'store'), true);
});

test('file grouping expanded by default makes compounds around functions', () => {
  const set = buildElements(index, visible, { grouping: 'file', collapsedByDefault: false, toggled: new Set(['file:lib/mon.c']) });
  assert.equal(set.nodes.find((n) => n.id === 'store')?.parent, 'file:src/mem.c');
  assert.equal(set.representative.get('mon_init'), 'file:lib/mon.c');
  assert.equal(dirOf('main.c'), '.');
  assert.equal(dirOf('fs/ext4/inode.c'), 'fs/ext4');
});

test('initial grouping: none when small, directories when big, files when big but flat', () => {
  assert.equal(initialGrouping(['a.c', 'b.c'], 2), 'none');
  assert.equal(initialGrouping(['ext4/a.c', 'jbd2/b.c', 'ext4/c.c'], 2), 'directory');
  assert.equal(initialGrouping(['a.c', 'b.c', 'c.c'], 2), 'file');
  assert.equal(initialGrouping(['ext4/a.c', 'ext4/b.c', 'ext4/c.c'], 2), 'file');
});

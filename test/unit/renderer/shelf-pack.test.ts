import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shelfPack } from '../../../renderer/model/shelf-pack';

test('packs tallest first into rows near the target aspect', () => {
  const boxes = [
    { id: 'a', width: 100, height: 50 },
    { id: 'b', width: 100, height: 80 },
    { id: 'c', width: 100, height: 50 },
    { id: 'd', width: 100, height: 20 },
  ];
  // area with gap 10 = 110*60 + 110*90 + 110*60 + 110*30 = 26400; aspect 1 → target ≈ 162.5: one box per row would be too narrow for two.
  const r = shelfPack(boxes, 1, 10);
  assert.deepEqual(r.placements, [
    { id: 'b', x: 0, y: 0 },
    { id: 'a', x: 0, y: 90 },
    { id: 'c', x: 0, y: 150 },
    { id: 'd', x: 0, y: 210 },
  ]);
  assert.deepEqual([r.width, r.height], [100, 230]);
  const wide = shelfPack(boxes, 4, 10);
  assert.deepEqual(wide.placements.map((p) => [p.id, p.x, p.y]), [['b', 0, 0], ['a', 110, 0], ['c', 220, 0], ['d', 0, 90]]);
  assert.deepEqual([wide.width, wide.height], [320, 110]);
});

test('a single wide box sets the row width; nothing in gives an empty result', () => {
  assert.deepEqual(shelfPack([{ id: 'x', width: 900, height: 10 }, { id: 'y', width: 10, height: 5 }], 1, 0).placements, [{ id: 'x', x: 0, y: 0 }, { id: 'y', x: 0, y: 10 }]);
  assert.deepEqual(shelfPack([], 1, 5), { placements: [], width: 0, height: 0 });
});

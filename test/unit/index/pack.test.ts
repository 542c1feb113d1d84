import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packRows, unpackRows } from '../../../main/index/pack';

test('rows of one shape pack into keys + values and unpack to equal objects', () => {
  const rows = [
    { name: 'a', line: 1, field: '' },
    { name: 'b', line: 2, field: 'open' },
  ];
  const packed = packRows(rows);
  assert.deepEqual(packed, { k: ['name', 'line', 'field'], r: [['a', 1, ''], ['b', 2, 'open']] });
  assert.deepEqual(unpackRows(packed), rows);
});

test('rows of different shapes (an added optional field) are kept as they are', () => {
  const rows: { name: string; extra?: number }[] = [{ name: 'a' }, { name: 'b', extra: 1 }];
  assert.deepEqual(packRows(rows), rows);
  assert.deepEqual(unpackRows(packRows(rows)), rows);
  assert.deepEqual(packRows([{ name: 'only' }]), [{ name: 'only' }]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzyMatch, fuzzySearch } from '../../../renderer/model/fuzzy';

const names = ['nswapd_mem_store', 'nswapd_mem_release', 'nswap_store_page', 'ht_insert', 'store', 'restore_all'];

test('subsequence across word starts matches', () => {
  const m = fuzzyMatch('nms', 'nswapd_mem_store');
  assert.deepEqual(m?.positions, [0, 7, 11]);
  assert.equal(fuzzyMatch('xyz', 'nswapd_mem_store'), null);
  assert.equal(fuzzyMatch('', 'a'), null);
});

test('exact beats prefix beats word-start substring beats inner substring', () => {
  const ranked = fuzzySearch('store', names, (n) => n).map((r) => r.item);
  assert.deepEqual(ranked, ['store', 'nswap_store_page', 'nswapd_mem_store', 'restore_all']);
});

test('initials rank the intended function first and the limit applies', () => {
  assert.deepEqual(fuzzySearch('nmr', names, (n) => n).map((r) => r.item), ['nswapd_mem_release', 'nswapd_mem_store']);
  assert.equal(fuzzySearch('s', names, (n) => n, 2).length, 2);
  assert.equal(fuzzySearch('HT_INS', names, (n) => n)[0]?.item, 'ht_insert');
});

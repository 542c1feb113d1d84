/** Expression helpers: casts, null tests, storage keys typed by struct. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constantCondition, freshComparison, nullFacts, stripCasts } from '../../../main/analysis/expr';
import { classify, type FunctionContext } from '../../../main/analysis/storage';

test('expr: casts and parentheses are stripped, arithmetic is kept', () => {
  assert.equal(stripCasts('(struct foo *)(p)'), 'p');
  assert.equal(stripCasts('(void *) ht -> table'), 'ht->table');
  assert.equal(stripCasts('(a) + b'), '(a) + b');
});

test('expr: null tests in their common spellings', () => {
  assert.deepEqual(nullFacts('!p', 'p'), ['null', 'nonnull']);
  assert.deepEqual(nullFacts('p == NULL', 'p'), ['null', 'nonnull']);
  assert.deepEqual(nullFacts('NULL != p', 'p'), ['nonnull', 'null']);
  assert.deepEqual(nullFacts('unlikely(!p)', 'p'), ['null', 'nonnull']);
  assert.deepEqual(nullFacts('IS_ERR(p)', 'p'), ['null', 'nonnull']);
  assert.deepEqual(nullFacts('!a || !p', 'p'), [undefined, 'nonnull']);
  assert.deepEqual(nullFacts('p && q', 'p'), ['nonnull', undefined]);
  assert.deepEqual(nullFacts('len > 0', 'p'), [undefined, undefined]);
  assert.equal(constantCondition('0'), false);
  assert.equal(constantCondition('(1)'), true);
  assert.equal(constantCondition('x'), undefined);
});

test('expr: comparisons of a fresh block with pointers that cannot hold it decide a condition', () => {
  const fresh = (e: string): boolean => e === 'buf';
  const other = (e: string): boolean => ['small', 'of->prealloc_buf', 'readbuf'].includes(e);
  assert.equal(freshComparison('buf != small', fresh, other), true);
  assert.equal(freshComparison('unlikely(buf == of->prealloc_buf)', fresh, other), false);
  assert.equal(freshComparison('(char *)small != buf', fresh, other), true);
  assert.equal(freshComparison('buf != small && buf != readbuf', fresh, other), true);
  assert.equal(freshComparison('buf == small || buf == readbuf', fresh, other), false);
  assert.equal(freshComparison('!(buf == small)', fresh, other), true);
  // One undecided part decides nothing unless the other part alone does.
  assert.equal(freshComparison('buf != small && n > 4', fresh, other), undefined);
  assert.equal(freshComparison('buf != small || n > 4', fresh, other), true);
  assert.equal(freshComparison('buf == small && n > 4', fresh, other), false);
  // Neither side a known other pointer, or no comparison at all.
  assert.equal(freshComparison('buf != tmp', fresh, other), undefined);
  assert.equal(freshComparison('buf != NULL', fresh, other), undefined);
  assert.equal(freshComparison('buf', fresh, other), undefined);
  assert.equal(freshComparison('small != readbuf', fresh, other), undefined);
});

test('storage: field paths are keyed by the struct type behind typedefs', () => {
  const ctx: FunctionContext = {
    id: 'f', name: 'f', file: 'a.c', line: 1, endLine: 9, params: ['ht'], paramTypes: { ht: 'htable_t' }, locals: { l: 'ht_list_t *' }, isMacro: false,
    types: { typedefs: new Map([['htable_t', 'struct htable *'], ['ht_list_t', 'struct ht_list']]), structs: new Map<string, Record<string, string>>([['htable', { table: 'ht_list_t **', reserves: 'ht_list_t *' }], ['ht_list', { next: 'struct ht_list *' }]]), globals: new Map([['g', { type: 'int *', key: 'static a.c::g' }]]) },
  };
  assert.equal(classify(ctx, 'ht->table').key, 'struct htable.table');
  assert.equal(classify(ctx, 'ht->table[b]').key, 'struct htable.table[]');
  assert.equal(classify(ctx, 'ht->reserves->next').key, 'struct ht_list.next');
  assert.equal(classify(ctx, 'g').key, 'static a.c::g');
  assert.equal(classify(ctx, 'l').kind, 'local');
  assert.equal(classify(ctx, '*out').kind, 'deref');
});

/** Expression helpers: casts, null tests, storage keys typed by struct. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constantCondition, nullFacts, stripCasts } from '../../../main/analysis/expr';
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

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileFacts } from '../../../main/index/facts';
import { callDetail, callTuplesOf, joinFacts, lightPartsOf, splitFacts, storedPartsOf } from '../../../main/index/lazy-facts';

const facts: FileFacts = {
  file: 'a.c',
  hash: 'h',
  functions: [
    {
      name: 'f',
      line: 1,
      endLine: 9,
      static: true,
      inline: false,
      params: ['n'],
      locals: { p: 'char *' },
      paramTypes: { n: 'int' },
      body: [
        { k: 'call', line: 2, col: 12, callee: 'kmalloc', indirect: false, args: ['n', 'GFP_KERNEL'], target: 'p', code: 'char *p = kmalloc(n, GFP_KERNEL);' },
        { k: 'if', line: 3, cond: '!p', then: [{ k: 'return', line: 3, value: '-ENOMEM' }], else: [] },
        { k: 'loop', line: 4, kind: 'for', cond: 'i < n', body: [{ k: 'call', line: 5, col: 4, callee: 'ops->step', indirect: true, args: ['p'], target: '', code: 'ops->step(p);' }] },
        { k: 'call', line: 6, col: 2, callee: 'kfree', indirect: false, args: ['p'], target: '', code: 'kfree(p);' },
        { k: 'return', line: 7, value: '0' },
      ],
      guards: ['CONFIG_X'],
      active: true,
    },
  ],
  macros: [{ name: 'FREE', line: 11, endLine: 11, params: ['x'], body: [{ k: 'call', line: 11, col: 17, callee: 'kfree', indirect: false, args: ['x'], target: '', code: '#define FREE(x) kfree(x)' }], guards: [], active: true }],
  addressTaken: [],
  globals: [],
  structs: [],
  typedefs: [],
  warnings: [],
};

test('split keeps call tuples (details only for asked names) and moves bodies into one JSON string', () => {
  const stored = splitFacts(facts, new Set(['kmalloc']));
  assert.deepEqual(JSON.parse(stored.calls), [
    [
      ['kmalloc', 2, 12, 0, ['n', 'GFP_KERNEL'], 'p', 'char *p = kmalloc(n, GFP_KERNEL);'],
      ['ops->step', 5, 4, 1],
      ['kfree', 6, 2, 0],
    ],
    [['kfree', 11, 17, 0]],
  ]);
  assert.deepEqual(stored.meta.functions[0].body, []);
  assert.deepEqual(stored.meta.functions[0].locals, {});
  assert.equal(JSON.parse(stored.heavy).length, 2);
  assert.equal(facts.functions[0].body.length, 5); // the input is not modified
});

test('joined facts read like the original and serialise whole; the bodies are decoded once, on first use', () => {
  let decodes = 0;
  const stored = splitFacts(facts);
  const joined = joinFacts(stored, () => {
    decodes++;
    return stored.heavy;
  });
  assert.equal(decodes, 0);
  assert.deepEqual(joined.functions[0].name, 'f');
  assert.equal(decodes, 0); // light fields need no decoding
  assert.deepEqual(JSON.parse(JSON.stringify(joined)), facts);
  assert.deepEqual(joined.functions[0].body, facts.functions[0].body);
  assert.deepEqual(joined.functions[0].locals, facts.functions[0].locals);
  assert.deepEqual(joined.macros[0].body, facts.macros[0].body);
  assert.equal(decodes, 1);
  assert.deepEqual(stored.meta.functions[0].body, []); // the stored parts stay plain
});

test('call tuples come from the compact list, details from the body on demand', () => {
  const stored = splitFacts(facts);
  const joined = joinFacts(stored, () => stored.heavy);
  const [first] = callTuplesOf(joined.functions[0]);
  assert.deepEqual(first, ['kmalloc', 2, 12, 0]);
  assert.deepEqual(callDetail(joined.functions[0], first), { args: ['n', 'GFP_KERNEL'], target: 'p', code: 'char *p = kmalloc(n, GFP_KERNEL);' });
  // Facts that never went through split/join (hand-built) work the same way.
  assert.deepEqual(callTuplesOf(facts.macros[0]), [['kfree', 11, 17, 0, ['x'], '', '#define FREE(x) kfree(x)']]);
});

test('call lists are read from their reader only when asked for, once per file, and a damaged list reads as no calls', () => {
  const stored = splitFacts(facts);
  let reads = 0;
  const joined = joinFacts({ meta: stored.meta, calls: () => (reads++, stored.calls) }, () => stored.heavy);
  assert.equal(reads, 0);
  assert.deepEqual(callTuplesOf(joined.macros[0]), [['kfree', 11, 17, 0]]);
  assert.deepEqual(callTuplesOf(joined.functions[0]).map((c) => c[0]), ['kmalloc', 'ops->step', 'kfree']);
  assert.equal(reads, 1);
  const damaged = joinFacts({ meta: stored.meta, calls: '[[["kmal' }, () => stored.heavy);
  assert.deepEqual(callTuplesOf(damaged.functions[0]), []);
});

test('stored parts of joined facts round-trip without touching the bodies; a damaged blob reads as empty bodies', () => {
  const stored = splitFacts(facts);
  let decodes = 0;
  const joined = joinFacts(stored, () => {
    decodes++;
    return stored.heavy;
  });
  assert.deepEqual(lightPartsOf(joined), { meta: stored.meta, calls: stored.calls });
  assert.equal(decodes, 0);
  assert.deepEqual(storedPartsOf(joined), stored);
  const broken = joinFacts(stored, () => '[[[{"k":');
  assert.deepEqual(broken.functions[0].body, []);
  assert.deepEqual(broken.functions[0].locals, {});
});

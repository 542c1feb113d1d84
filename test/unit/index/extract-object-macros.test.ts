/** Object-like macros that call something (`#define XXH_CPU_LITTLE_ENDIAN XXH_isLittleEndian()`) and their uses. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allCalls, factsOf, fn } from './extract-helpers';

const source = [
  '#define LITTLE XXH_isLittleEndian()',
  '#define NEWNODE malloc(sizeof(struct node))',
  '#define BUFSZ (4 * 1024)',
  '#define SAVE_IF_FULL if (full(p)) { save(p); return; }',
  'static int digest(int h)',
  '{',
  '   int e = (int)LITTLE; /* LITTLE in a comment */',
  '   struct node *n;',
  '   n = NEWNODE;',
  '   if (LITTLE)',
  '      h = swap(h, LITTLE);',
  '   else {',
  '      puts("LITTLE");',
  '      SAVE_IF_FULL;',
  '   }',
  '   return LITTLE;',
  '}',
  '#define X_MASK GENMASK(3, 0)',
].join('\n');

test('object-like macros whose value calls something are macros when a function of the file uses them; other values are not', async () => {
  const facts = await factsOf(source);
  assert.deepStrictEqual(
    facts.macros.map((m) => [m.name, m.line, m.params, allCalls(m.body).map((c) => c.callee)]),
    [
      ['LITTLE', 1, [], ['XXH_isLittleEndian']],
      ['NEWNODE', 2, [], ['malloc']],
      ['SAVE_IF_FULL', 4, [], ['full', 'save']],
    ],
  );
});

test('each use in a function is a call of the macro at its statement, with the value\'s target', async () => {
  const facts = await factsOf(source);
  const f = fn(facts, 'digest');
  assert.deepStrictEqual(
    allCalls(f.body).map((c) => [c.callee, c.line, c.col, c.target]),
    [
      ['LITTLE', 7, 16, 'e'],
      ['NEWNODE', 9, 7, 'n'],
      ['LITTLE', 10, 7, 'cond'],
      ['LITTLE', 11, 18, 'swap(#1)'],
      ['swap', 11, 10, 'h'],
      ['puts', 13, 6, ''],
      ['SAVE_IF_FULL', 14, 6, ''],
      ['LITTLE', 16, 10, 'return'],
    ],
  );
  // `n = NEWNODE;` is the call now, not an assignment of a name.
  assert.equal(JSON.stringify(f.body).includes('"rhs":"NEWNODE"'), false);
});

/** FileFacts.written: the names a file may write, and the scalar initialisers of globals. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { factsOf } from './extract-helpers';

test('written: assignments, compound assignments, ++/--, address-of; not comparisons, not own locals or parameters', async () => {
  const facts = await factsOf(
    [
      'static int a, b, c, d, e, f, g, h;',
      'int *pa = &h;',
      'void w(int param) {',
      '\tint local = 0;',
      '\ta = 1; b += 2; c++; --d; take(&e);',
      '\tif (f == 1 || f != 2 || f <= 3 || f >= 4) param = 5;',
      '\tlocal = g && f;',
      '}',
    ].join('\n'),
  );
  assert.deepEqual(facts.written, ['a', 'b', 'c', 'd', 'e', 'h']);
});

test('globals keep a short scalar initialiser; pointers, arrays and lists do not', async () => {
  const facts = await factsOf(['static const int LIMIT = 4;', 'int level = -1, none;', 'char *name = "x";', 'int list[2] = { 1, 2 };'].join('\n'));
  assert.deepEqual(
    facts.globals.map((g) => [g.name, g.init]),
    [['LIMIT', '4'], ['level', '-1'], ['none', undefined], ['name', undefined], ['list', undefined]],
  );
  assert.equal(facts.written, undefined);
});

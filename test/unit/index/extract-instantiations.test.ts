/** Template includes: names written through a macro, pasting macros in force at a quoted include. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pasteTemplate } from '../../../main/index/extract/instantiations';
import { factsOf, fn } from './extract-helpers';

test('a function named through a macro keeps the macro as its wrapper, on the tree and the text path', async () => {
  const facts = await factsOf(
    [
      'static int PTRCALL',
      'PREFIX(scanLt)(const ENCODING *enc, const char *ptr)',
      '{',
      '  return PREFIX(scanAtts)(enc, ptr);',
      '}',
      'int BZ_API(BZ2_bzlibVersion)(void)',
      '{',
      '  return 1;',
      '}',
      'int plain(void) { return 0; }',
    ].join('\n'),
  );
  assert.deepStrictEqual(
    facts.functions.map((f) => [f.name, f.line, f.static, f.params, f.wrapper]),
    [
      ['scanLt', 1, true, ['enc', 'ptr'], 'PREFIX'],
      ['BZ2_bzlibVersion', 6, false, [], 'BZ_API'],
      ['plain', 10, false, [], undefined],
    ],
  );
  assert.equal(Object.hasOwn(fn(facts, 'plain'), 'wrapper'), false);
});

test('quoted includes after pasting macros record the macros in force; #undef and other bodies drop them', async () => {
  const facts = await factsOf(
    [
      '#define PREFIX(ident) normal_ ## ident',
      '#define NS(x) x ## NS',
      '#define TWICE(x) x ## x',
      '#define CALL(x) f(x)',
      '#include <stdio.h>',
      '#include "xmltok_impl.c"',
      '#undef PREFIX',
      '#define PREFIX(ident) big2_##ident',
      '#undef NS',
      '#include "xmltok_impl.c"',
      '#if 0',
      '#include "dead.c"',
      '#endif',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.instantiations, [
    { include: 'xmltok_impl.c', line: 6, pastes: { PREFIX: 'normal_$', NS: '$NS' } },
    { include: 'xmltok_impl.c', line: 10, pastes: { PREFIX: 'big2_$' } },
  ]);
  assert.equal((await factsOf('#include "a.h"\nint x;\n')).instantiations, undefined);
});

test('paste templates: prefix, suffix, identity; anything else is not one', () => {
  assert.equal(pasteTemplate('normal_ ## ident', 'ident'), 'normal_$');
  assert.equal(pasteTemplate('x##NS', 'x'), '$NS');
  assert.equal(pasteTemplate('_pcre2_ ## name ## _8', 'name'), '_pcre2_$_8');
  assert.equal(pasteTemplate('x', 'x'), '$');
  assert.equal(pasteTemplate('x ## x', 'x'), undefined);
  assert.equal(pasteTemplate('f(x)', 'x'), undefined);
  assert.equal(pasteTemplate('y', 'x'), undefined);
});

/** Statement macros written without their `;` (`PNG_UNUSED(pos)` then a call on the next line). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endStatementMacros } from '../../../main/index/extract/statement-macros';
import { allCalls, factsOf, fn, targets } from './extract-helpers';

test('a semicolon-less statement macro gets its `;` by moving one column into its indentation', () => {
  const text = ['int f(void)', '{', '   PNG_UNUSED(pos)', '   /* c */', '#ifdef X', '   SAVE_IF_FULL', '   report(p);', '#endif', '}'].join('\n');
  const out = endStatementMacros(text);
  assert.equal(out.length, text.length);
  assert.deepStrictEqual(out.split('\n'), ['int f(void)', '{', '  PNG_UNUSED(pos);', '   /* c */', '#ifdef X', '  SAVE_IF_FULL;', '   report(p);', '#endif', '}']);
});

test('left alone: a #define continuation line, a call continued by an operator or a brace, a call spanning lines, lower-case names, a name before `}`', () => {
  const text = [
    '#define M(x) \\',
    '   OTHER(x)',
    'int g(void)',
    '{',
    '   x = 1 +',
    '   CHECK(a)',
    '   || b;',
    '   FOREACH(i)',
    '   {',
    '   }',
    '   MULTI(a,',
    '         b)',
    '   next(a);',
    '   lower(a)',
    '   next(a);',
    '   LAST',
    '}',
  ].join('\n');
  assert.equal(endStatementMacros(text), text);
});

test('the call after a semicolon-less statement macro is found and the function is not lost', async () => {
  const facts = await factsOf(
    [
      'static int',
      'png_icc_profile_error(png_const_structrp png_ptr, png_const_charp name)',
      '{',
      '   size_t pos = png_safecat(name);',
      '   PNG_UNUSED(pos)',
      '',
      '   png_chunk_report(png_ptr, name,',
      '       pos != 0 ? 1 : 2);',
      '   return 0;',
      '}',
      'int later(void)',
      '{',
      '   SAVE_BUFFER_IF_FULL',
      '   INC_NLINK(dir)',
      '   if (x)',
      '      free(dir);',
      '   return 1;',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.functions.map((f) => f.name), ['png_icc_profile_error', 'later']);
  assert.deepStrictEqual(targets(fn(facts, 'png_icc_profile_error').body), ['png_safecat>pos', 'PNG_UNUSED>', 'png_chunk_report>']);
  assert.deepStrictEqual(allCalls(fn(facts, 'later').body).map((c) => [c.callee, c.line]), [['INC_NLINK', 14], ['free', 16]]);
});

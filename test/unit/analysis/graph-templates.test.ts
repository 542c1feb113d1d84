/** Template includes (expat's xmltok.c including xmltok_impl.c under three PREFIX macros). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { programOf } from './helpers';

const edges = (p: Awaited<ReturnType<typeof programOf>>): string[] => p.graph.calls.map((c) => `${c.from} -> ${c.to} ${c.kind}`);

test('each include of a template compiles its PREFIX(name) functions under that include\'s macros, in the including unit', async () => {
  const p = await programOf({
    'lib/xmltok_impl.c': [
      '#ifdef XML_TOK_IMPL_C',
      'static int PTRCALL',
      'PREFIX(scanLt)(const ENCODING *enc, const char *ptr)',
      '{',
      '  if (BYTE_TYPE(enc, ptr))',
      '    return PREFIX(scanAtts)(enc, ptr);',
      '  return 0;',
      '}',
      'static int PTRCALL',
      'PREFIX(scanAtts)(const ENCODING *enc, const char *ptr)',
      '{',
      '  return checkCharRefNumber(1);',
      '}',
      '#endif',
    ].join('\n'),
    'lib/xmltok.c': [
      'static int checkCharRefNumber(int result) { return result; }',
      'static int unicode_byte_type(char hi, char lo) { return hi + lo; }',
      '#define SB_BYTE_TYPE(enc, p) ((p)[0])',
      '#define XML_TOK_IMPL_C',
      '#define PREFIX(ident) normal_##ident',
      '#define BYTE_TYPE(enc, p) SB_BYTE_TYPE(enc, p)',
      '#include "xmltok_impl.c"',
      '#undef PREFIX',
      '#undef BYTE_TYPE',
      '#define PREFIX(ident) big2_##ident',
      '#define BYTE_TYPE(enc, p) unicode_byte_type((p)[0], (p)[1])',
      '#include "xmltok_impl.c"',
    ].join('\n'),
  });
  const functions = p.graph.functions.filter((f) => f.kind === 'function').map((f) => `${f.id} ${f.file}:${f.line}`);
  assert.deepStrictEqual(functions, [
    'lib/xmltok.c::checkCharRefNumber lib/xmltok.c:1',
    'lib/xmltok.c::unicode_byte_type lib/xmltok.c:2',
    'lib/xmltok_impl.c::big2_scanAtts lib/xmltok_impl.c:9',
    'lib/xmltok_impl.c::big2_scanLt lib/xmltok_impl.c:2',
    'lib/xmltok_impl.c::normal_scanAtts lib/xmltok_impl.c:9',
    'lib/xmltok_impl.c::normal_scanLt lib/xmltok_impl.c:2',
  ]);
  // BYTE_TYPE is redefined between the includes: each copy calls what its definition calls
  // (SB_BYTE_TYPE calls nothing, so it is no macro node).
  assert.deepStrictEqual(edges(p), [
    'lib/xmltok.c::BYTE_TYPE -> SB_BYTE_TYPE direct',
    'lib/xmltok.c::BYTE_TYPE -> lib/xmltok.c::unicode_byte_type direct',
    'lib/xmltok_impl.c::big2_scanAtts -> lib/xmltok.c::checkCharRefNumber direct',
    'lib/xmltok_impl.c::big2_scanLt -> lib/xmltok.c::unicode_byte_type direct',
    'lib/xmltok_impl.c::big2_scanLt -> lib/xmltok_impl.c::big2_scanAtts direct',
    'lib/xmltok_impl.c::normal_scanAtts -> lib/xmltok.c::checkCharRefNumber direct',
    'lib/xmltok_impl.c::normal_scanLt -> SB_BYTE_TYPE direct',
    'lib/xmltok_impl.c::normal_scanLt -> lib/xmltok_impl.c::normal_scanAtts direct',
  ]);
});

test('without a template include, a function named through a macro keeps its written name', async () => {
  const p = await programOf({ 'bz.c': '#define BZ_API(f) f\nint BZ_API(BZ2_bzlibVersion)(void) { return helper(); }\nint helper(void) { return 0; }\n' });
  assert.deepStrictEqual(edges(p), ['BZ2_bzlibVersion -> helper direct']);
});

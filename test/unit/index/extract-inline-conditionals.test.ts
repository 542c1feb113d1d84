/** `#if` groups inside an expression: read as their first branch so the definition survives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankInlineConditionals } from '../../../main/index/extract/inline-conditionals';
import { allCalls, factsOf, fn, targets } from './extract-helpers';

test('a K&R definition with #ifdef inside an assignment is found with its calls (zlib deflateResetKeep)', async () => {
  const facts = await factsOf(
    [
      'int ZEXPORT deflateResetKeep(strm)',
      '    z_streamp strm;',
      '{',
      '    deflate_state *s;',
      '    if (deflateStateCheck(strm)) {',
      '        return Z_STREAM_ERROR;',
      '    }',
      '    s->status =',
      '#ifdef GZIP',
      '        s->wrap == 2 ? GZIP_STATE :',
      '#endif',
      '        INIT_STATE;',
      '    strm->adler =',
      '#ifdef GZIP',
      '        s->wrap == 2 ? crc32(0L, Z_NULL, 0) :',
      '#endif',
      '        adler32(0L, Z_NULL, 0);',
      '    _tr_init(s);',
      '    return Z_OK;',
      '}',
      'int ZEXPORT deflateReset(strm)',
      '    z_streamp strm;',
      '{',
      '    return deflateResetKeep(strm);',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.functions.map((f) => [f.name, f.line, f.endLine, f.params]), [
    ['deflateResetKeep', 1, 20, ['strm']],
    ['deflateReset', 21, 25, ['strm']],
  ]);
  assert.deepStrictEqual(targets(fn(facts, 'deflateResetKeep').body), ['deflateStateCheck>cond', 'crc32>strm->adler', 'adler32>strm->adler', '_tr_init>']);
});

test('groups holding half a statement inside a body are read as their first branch (zlib _tr_flush_block)', async () => {
  const facts = await factsOf(
    [
      'void ZLIB_INTERNAL _tr_flush_block(s, buf, stored_len, last)',
      '    deflate_state *s;',
      '    ulg stored_len;   /* length of input block */',
      '{',
      '    if (s->level > 0) {',
      '        build_tree(s);',
      '#ifndef FORCE_STATIC',
      '        if (static_lenb <= opt_lenb || s->strategy == Z_FIXED)',
      '#endif',
      '            opt_lenb = static_lenb;',
      '    }',
      '#ifdef FORCE_STORED',
      '    if (buf != (char*)0) { /* force stored block */',
      '#else',
      '    if (stored_len + 4 <= opt_lenb && buf != (char*)0) {',
      '                       /* 4: two words for the lengths */',
      '#endif',
      '        _tr_stored_block(s, buf, stored_len, last);',
      '    } else {',
      '        compress_block(s, static_ltree, static_dtree);',
      '    }',
      '#ifdef ZLIB_DEBUG',
      '    Assert(s->compressed_len == s->bits_sent, "bad compressed size");',
      '#endif',
      '    init_block(s);',
      '}',
      'local void init_block(s)',
      '    deflate_state *s;',
      '{',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.functions.map((f) => [f.name, f.line, f.endLine]), [
    ['_tr_flush_block', 1, 26],
    ['init_block', 27, 30],
  ]);
  const calls = allCalls(fn(facts, '_tr_flush_block').body).map((c) => [c.callee, c.line]);
  assert.deepStrictEqual(calls, [['build_tree', 6], ['_tr_stored_block', 18], ['compress_block', 20], ['Assert', 23], ['init_block', 25]]);
});

test('a group holding the else part of an if is read as its first branch (zlib read_buf)', async () => {
  const facts = await factsOf(
    [
      'local unsigned read_buf(strm, buf, size)',
      '    z_streamp strm;',
      '{',
      '    zmemcpy(buf, strm->next_in, len);',
      '    if (strm->state->wrap == 1) {',
      '        strm->adler = adler32(strm->adler, buf, len);',
      '    }',
      '#ifdef GZIP',
      '    /* gzip */',
      '    else if (strm->state->wrap == 2) {',
      '        strm->adler = crc32(strm->adler, buf, len);',
      '    }',
      '#endif',
      '    return len;',
      '}',
    ].join('\n'),
  );
  const body = fn(facts, 'read_buf').body;
  assert.deepStrictEqual(allCalls(body).map((c) => [c.callee, c.line, c.target]), [
    ['zmemcpy', 4, ''],
    ['adler32', 6, 'strm->adler'],
    ['crc32', 11, 'strm->adler'],
  ]);
  assert.deepStrictEqual(body.map((s) => s.k), ['call', 'if', 'return']);
});

test('only groups cutting through an expression are blanked; later branches go, file-scope groups stay', () => {
  const text = [
    'x = f(a,',
    '#if A /* one',
    '  , two */',
    '      b,',
    '#  if B',
    '      c,',
    '#  endif',
    '#elif C',
    '      d,',
    '#else',
    '      e,',
    '#endif',
    '      z);',
    '#ifdef D',
    'g();',
    '#else',
    'h();',
    '#endif',
    '#ifdef __cplusplus',
    'extern "C" {',
    '#endif',
  ].join('\n');
  const out = blankInlineConditionals(text);
  assert.equal(out.length, text.length);
  assert.deepStrictEqual(out.split('\n').map((l) => l.trim()), [
    'x = f(a,', '', '', 'b,', '', 'c,', '', '', '', '', '', '', 'z);', '#ifdef D', 'g();', '#else', 'h();', '#endif',
    '#ifdef __cplusplus', 'extern "C" {', '#endif',
  ]);
});

test('an #ifdef that opens in one function and closes in the next is read as on, so both bodies keep their calls (libpng png_free)', async () => {
  const facts = await factsOf(
    [
      'void png_free(png_structrp png_ptr, void *ptr)',
      '{',
      '   if (png_ptr == NULL || ptr == NULL)',
      '      return;',
      '',
      '#ifdef PNG_USER_MEM_SUPPORTED',
      '   if (png_ptr->free_fn != NULL)',
      '      png_ptr->free_fn(png_ptr, ptr);',
      '   else',
      '      png_free_default(png_ptr, ptr);',
      '}',
      '',
      'void png_free_default(png_structrp png_ptr, void *ptr)',
      '{',
      '   if (png_ptr == NULL || ptr == NULL)',
      '      return;',
      '#endif /* USER_MEM */',
      '',
      '   free(ptr);',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.functions.map((f) => [f.name, f.line, f.endLine]), [
    ['png_free', 1, 11],
    ['png_free_default', 13, 20],
  ]);
  assert.deepStrictEqual(targets(fn(facts, 'png_free').body), ['png_ptr->free_fn>', 'png_free_default>']);
  assert.deepStrictEqual(targets(fn(facts, 'png_free_default').body), ['free>']);
});

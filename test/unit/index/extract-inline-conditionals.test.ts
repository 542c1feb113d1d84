/** `#if` groups inside an expression: read as their first branch so the definition survives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankInlineConditionals } from '../../../main/index/extract/inline-conditionals';
import { factsOf, fn, targets } from './extract-helpers';

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

test('only mid-expression groups are blanked; later branches go, statement-position groups stay', () => {
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
  ].join('\n');
  const out = blankInlineConditionals(text);
  assert.equal(out.length, text.length);
  assert.deepStrictEqual(out.split('\n').map((l) => l.trim()), [
    'x = f(a,', '', '', 'b,', '', 'c,', '', '', '', '', '', '', 'z);', '#ifdef D', 'g();', '#else', 'h();', '#endif',
  ]);
});

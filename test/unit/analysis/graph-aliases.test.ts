import { test } from 'node:test';
import assert from 'node:assert/strict';
import { programOf } from './helpers';
import { factsOf } from '../index/extract-helpers';

const edgesFrom = (p: Awaited<ReturnType<typeof programOf>>, from: string): string[] => p.graph.calls.filter((c) => c.from === from).map((c) => `${c.to} ${c.kind}`);

test('the extractor records object-like macros that rename one identifier, in active code only', async () => {
  const facts = await factsOf(
    [
      '#define get4byte sqlite3Get4byte',
      '#define BUFSZ 4096',
      '#define ALLOC(n) malloc(n)',
      '#if 0',
      '#define dead_name other_name',
      '#endif',
      '#ifdef SOME_OPTION',
      '# define fdatasync fsync',
      '#endif',
      '#define same same',
    ].join('\n'),
  );
  assert.deepEqual(facts.aliases, [
    { name: 'get4byte', target: 'sqlite3Get4byte', line: 1 },
    { name: 'fdatasync', target: 'fsync', line: 8, guarded: true },
  ]);
  assert.equal((await factsOf('int x;\n')).aliases, undefined);
});

test('a call of a rename macro is a call of what it stands for, from any file that can see it', async () => {
  const p = await programOf({
    'btree.h': '#define get4byte sqlite3Get4byte\n#define put4byte sqlite3Put4byte\n',
    'util.c': 'unsigned sqlite3Get4byte(const unsigned char *p) { return p[0]; }\nvoid sqlite3Put4byte(unsigned char *p, unsigned v) { p[0] = v; }\n',
    'btree.c': '#include "btree.h"\nint page(unsigned char *a) { put4byte(a, 1); return get4byte(a) + get4byte(a + 4); }\n',
  });
  assert.deepEqual(edgesFrom(p, 'page'), ['sqlite3Get4byte direct', 'sqlite3Put4byte direct']);
  assert.equal(p.graph.functions.some((f) => f.name === 'get4byte'), false);
});

test('a name the program defines is not redirected by a rename under #if, and two headers that disagree rename only in their own files', async () => {
  const p = await programOf({
    'zlib.h': '#ifndef ZLIB_H\n#define ZLIB_H\n#if !defined(ZLIB_INTERNAL) && defined(Z_WANT64)\n#define gzopen gzopen64\n#endif\n#endif\n',
    'gzlib.c': 'void *gzopen(const char *p) { return 0; }\nvoid *gzopen64(const char *p) { return 0; }\n',
    'minigzip.c': '#include "zlib.h"\nint main(void) { return gzopen("x") != 0; }\n',
    'a.c': '#define log_it write_a\nvoid write_a(void) {}\nvoid fa(void) { log_it(); }\n',
    'b.c': '#define log_it write_b\nvoid write_b(void) {}\nvoid fb(void) { log_it(); }\n',
    'c.c': 'void fc(void) { log_it(); }\n',
  });
  assert.deepEqual(edgesFrom(p, 'main'), ['gzopen direct']);
  assert.deepEqual(edgesFrom(p, 'fa'), ['write_a direct']);
  assert.deepEqual(edgesFrom(p, 'fb'), ['write_b direct']);
  assert.deepEqual(edgesFrom(p, 'fc'), ['log_it direct']);
});

test('two headers that rename a name differently resolve when their chains reach the same function (curl msnprintf)', async () => {
  const p = await programOf({
    'curl_printf.h': '#define msnprintf curl_msnprintf\n#define aprintf curl_maprintf\n',
    'curlx.h': '#define curlx_msnprintf curl_msnprintf\n#ifdef ENABLE_CURLX_PRINTF\n#define msnprintf curlx_msnprintf\n#define aprintf other_maprintf\n#endif\n',
    'mprintf.c': 'int curl_msnprintf(char *b, int n) { return n; }\nchar *curl_maprintf(const char *f) { return 0; }\nchar *other_maprintf(const char *f) { return 0; }\n',
    'url.c': '#include "curl_printf.h"\nvoid port(char *b) { msnprintf(b, 4); aprintf("x"); }\n',
  });
  assert.deepEqual(edgesFrom(p, 'port'), ['aprintf direct', 'curl_msnprintf direct']);
});

test('a storage macro another header defines as static makes a header\'s definitions static: each file calls its own copy', async () => {
  const p = await programOf({
    'common/compiler.h': '#define FORCE_INLINE_TEMPLATE static inline\n',
    'common/mem.h': '#include "compiler.h"\nFORCE_INLINE_TEMPLATE unsigned MEM_read32(const void *p) { return *(const unsigned *)p; }\n',
    'legacy/zstd_v02.c': 'FORCE_INLINE_TEMPLATE unsigned MEM_read32(const void *p) { return 2; }\nunsigned v02(const void *p) { return MEM_read32(p); }\n',
    'compress/hist.c': '#include "../common/mem.h"\nunsigned hist(const void *p) { return MEM_read32(p); }\n',
  });
  assert.deepEqual(edgesFrom(p, 'v02'), ['legacy/zstd_v02.c::MEM_read32 direct']);
  assert.deepEqual(edgesFrom(p, 'hist'), ['common/mem.h::MEM_read32 direct']);
});

test('a rename outside any #if (but inside an include guard) redirects a name the program defines, except in the defining file', async () => {
  const p = await programOf({
    'common/zstd_internal.h': '#ifndef ZSTD_CCOMMON_H_MODULE\n#define ZSTD_CCOMMON_H_MODULE\n#define ZSTD_isError ERR_isError\n#endif\n',
    'common/error_private.h': 'static inline unsigned ERR_isError(unsigned long code) { return code > 100; }\n',
    'common/zstd_common.c': 'unsigned ZSTD_isError(unsigned long code) { return ERR_isError(code); }\nunsigned twice(unsigned long c) { return ZSTD_isError(c); }\n',
    'compress/hist.c': 'unsigned hist(unsigned long c) { return ZSTD_isError(c); }\n',
  });
  assert.deepEqual(edgesFrom(p, 'hist'), ['common/error_private.h::ERR_isError direct']);
  assert.deepEqual(edgesFrom(p, 'twice'), ['ZSTD_isError direct']);
});

test('an #ifdef __cplusplus extern "C" wrapper is no configuration: renames after it are unconditional', async () => {
  const facts = await factsOf(['#ifndef H', '#define H', '#if defined (__cplusplus)', 'extern "C" {', '#endif', '#define ZSTD_isError ERR_isError', '#if defined (__cplusplus)', '}', '#endif', '#endif'].join('\n'));
  assert.deepEqual(facts.aliases, [{ name: 'ZSTD_isError', target: 'ERR_isError', line: 6 }]);
});

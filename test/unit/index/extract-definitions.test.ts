/** Function definitions: names, lines, linkage and parameters, including hostile headers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { factsOf, fn, targets } from './extract-helpers';

const header = (f: { name: string; line: number; endLine: number; static: boolean; inline: boolean; params: string[] }) =>
  [f.name, f.line, f.endLine, f.static, f.inline, f.params];

test('plain, static inline (header style) and pointer-returning definitions', async () => {
  const facts = await factsOf(
    [
      'static inline int add(int a, int b)',
      '{',
      '\treturn a + b;',
      '}',
      'char *dup(const char *s) { return strdup(s); }',
      'struct node **table_of(struct ht *ht) { return ht->table; }',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.functions.map(header), [
    ['add', 1, 4, true, true, ['a', 'b']],
    ['dup', 5, 5, false, false, ['s']],
    ['table_of', 6, 6, false, false, ['ht']],
  ]);
  assert.deepStrictEqual(fn(facts, 'dup').paramTypes, { s: 'const char *' });
  assert.deepStrictEqual(fn(facts, 'table_of').paramTypes, { ht: 'struct ht *' });
});

test('K&R definition takes parameter types from the declarations before the body', async () => {
  const facts = await factsOf('int kr(a, p)\n\tint a;\n\tchar *p;\n{\n\treturn use(p, a);\n}\n');
  const kr = fn(facts, 'kr');
  assert.deepStrictEqual(header(kr), ['kr', 1, 6, false, false, ['a', 'p']]);
  assert.deepStrictEqual(kr.paramTypes, { a: 'int', p: 'char *' });
  assert.deepStrictEqual(targets(kr.body), ['use>return']);
});

test('function returning a function pointer is named by its inner declarator', async () => {
  const facts = await factsOf('void (*get_handler(int sig))(int)\n{\n\treturn lookup(sig);\n}\n');
  assert.deepStrictEqual(facts.functions.map(header), [['get_handler', 1, 4, false, false, ['sig']]]);
  assert.deepStrictEqual(fn(facts, 'get_handler').paramTypes, { sig: 'int' });
});

test('macro-wrapped kernel definitions: __init, asmlinkage, __attribute__ soup, unknown attribute macro', async () => {
  const facts = await factsOf(
    [
      'static int __init ext4_init_fs(void)',
      '{',
      '\treturn register_filesystem(&ext4_fs_type);',
      '}',
      'asmlinkage __visible void __cold noinline do_thing(struct pt_regs *regs)',
      '{',
      '\thandle(regs);',
      '}',
      '__attribute__((noinline)) __attribute__((section(".text.x"))) static void soup(void) { one(); }',
      'static int MY_ATTR setup(void)',
      '{',
      '\treturn helper();',
      '}',
      'static void __printf(2, 3) logf(int level, const char *fmt, ...) { vlog(level, fmt); }',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.functions.map(header), [
    ['ext4_init_fs', 1, 4, true, false, []],
    ['do_thing', 5, 8, false, false, ['regs']],
    ['soup', 9, 9, true, false, []],
    ['setup', 10, 13, true, false, []],
    ['logf', 14, 14, true, false, ['level', 'fmt', '']],
  ]);
  assert.deepStrictEqual(targets(fn(facts, 'ext4_init_fs').body), ['register_filesystem>return']);
  assert.deepStrictEqual(targets(fn(facts, 'setup').body), ['helper>return']);
  assert.deepStrictEqual(fn(facts, 'do_thing').paramTypes, { regs: 'struct pt_regs *' });
  assert.deepStrictEqual(facts.warnings, []);
});

test('SYSCALL_DEFINEn and BPF_CALL_n style definitions', async () => {
  const facts = await factsOf(
    [
      'SYSCALL_DEFINE3(open, const char __user *, filename, int, flags, umode_t, mode)',
      '{',
      '\tif (force_o_largefile())',
      '\t\tflags |= O_LARGEFILE;',
      '\treturn do_sys_open(AT_FDCWD, filename, flags, mode);',
      '}',
      'COMPAT_SYSCALL_DEFINE1(close, unsigned int, fd)',
      '{',
      '\treturn close_fd(fd);',
      '}',
      'BPF_CALL_2(bpf_map_lookup, struct bpf_map *, map, void *, key)',
      '{',
      '\treturn map->ops->lookup(map, key);',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.functions.map(header), [
    ['sys_open', 1, 6, false, false, ['filename', 'flags', 'mode']],
    ['compat_sys_close', 7, 10, false, false, ['fd']],
    ['bpf_map_lookup', 11, 14, false, false, ['map', 'key']],
  ]);
  assert.deepStrictEqual(fn(facts, 'sys_open').paramTypes, { filename: 'const char *', flags: 'int', mode: 'umode_t' });
  assert.deepStrictEqual(targets(fn(facts, 'sys_open').body), ['force_o_largefile>cond', 'do_sys_open>return']);
  assert.deepStrictEqual(targets(fn(facts, 'bpf_map_lookup').body), ['map->ops->lookup>return']);
});

test('return type that is a macro call (STACK_OF(X) *f)', async () => {
  const facts = await factsOf('STACK_OF(X509) *load_certs(const char *file)\n{\n\treturn sk_new(file);\n}\n');
  assert.deepStrictEqual(facts.functions.map(header), [['load_certs', 1, 4, false, false, ['file']]]);
});

test('every line belongs to its real function: a line range per definition, no gaps swallowed', async () => {
  const facts = await factsOf(
    ['static int __init a(void)', '{', '\treturn x();', '}', '', 'static void __exit b(void)', '{', '\ty();', '}'].join('\n'),
  );
  assert.deepStrictEqual(
    facts.functions.map((f) => [f.name, f.line, f.endLine]),
    [['a', 1, 4], ['b', 6, 9]],
  );
  assert.deepStrictEqual(fn(facts, 'b').body.map((s) => s.line), [8]);
});

test('an export macro before a typedef return type does not take the name (lua LUA_API lua_CFunction f)', async () => {
  const facts = await factsOf(
    [
      'LUA_API lua_CFunction lua_atpanic (lua_State *L, lua_CFunction panicf) {',
      '  lua_CFunction old;',
      '  lua_lock(L);',
      '  return old;',
      '}',
      'LUALIB_API lua_Integer luaL_len (lua_State *L, int idx) {',
      '  lua_len(L, idx);',
      '  return 0;',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.functions.map((f) => [f.name, f.line, f.endLine, f.params, f.paramTypes, targets(f.body)]), [
    ['lua_atpanic', 1, 5, ['L', 'panicf'], { L: 'lua_State *', panicf: 'lua_CFunction' }, ['lua_lock>']],
    ['luaL_len', 6, 9, ['L', 'idx'], { L: 'lua_State *', idx: 'int' }, ['lua_len>']],
  ]);
});

test('K&R definition whose header an unknown macro wrecked is read back from the text (zlib zError, gzgets)', async () => {
  const facts = await factsOf(
    [
      'const char * ZEXPORT zError(err)',
      '    int err;',
      '{',
      '    return ERR_MSG(err);',
      '}',
      'char * ZEXPORT gzgets(file, buf, len)',
      '    gzFile file;',
      '    char **next, *buf;   /* (buffer) */',
      '    int len;',
      '{',
      '    gz_fetch(file);',
      '    return buf;',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.functions.map((f) => [f.name, f.line, f.endLine, f.params, f.paramTypes, targets(f.body)]), [
    ['zError', 1, 5, ['err'], { err: 'int' }, ['ERR_MSG>return']],
    ['gzgets', 6, 13, ['file', 'buf', 'len'], { file: 'gzFile', buf: 'char *', len: 'int' }, ['gz_fetch>']],
  ]);
});

test('export macros around the name: M(NAME)(params) and PNG_FUNCTION(type, name, (params), attributes)', async () => {
  const facts = await factsOf(
    [
      '#define BZ_API(func) func',
      'int BZ_API(BZ2_bzCompressInit) ( bz_stream* strm, int blockSize100k )',
      '{',
      '   return helper(strm);',
      '}',
      'PNG_FUNCTION(png_structp, png_create_read_struct, (png_const_charp user_png_ver, png_voidp error_ptr), PNG_ALLOCATED)',
      '{',
      '   return png_create_read_struct_2(user_png_ver, error_ptr);',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.functions.map(header), [
    ['BZ2_bzCompressInit', 2, 5, false, false, ['strm', 'blockSize100k']],
    ['png_create_read_struct', 6, 9, false, false, ['user_png_ver', 'error_ptr']],
  ]);
  assert.deepStrictEqual(fn(facts, 'BZ2_bzCompressInit').paramTypes, { strm: 'bz_stream *', blockSize100k: 'int' });
  assert.deepStrictEqual(fn(facts, 'png_create_read_struct').paramTypes, { user_png_ver: 'png_const_charp', error_ptr: 'png_voidp' });
  assert.deepStrictEqual(targets(fn(facts, 'png_create_read_struct').body), ['png_create_read_struct_2>return']);
});

test('PNG_FUNCTION with a calling convention before the name, a parenthesised name, comments, after a continued #if', async () => {
  const facts = await factsOf(
    [
      '#if defined(A) ||\\',
      '   defined(B)',
      '/* a comment; with a semicolon',
      ' */',
      'PNG_FUNCTION(void /* PRIVATE */, (PNGCBAPI',
      'png_safe_error),(png_structp png_nonconst_ptr, png_const_charp error_message),',
      '    PNG_NORETURN)',
      '{',
      '   png_longjmp(png_nonconst_ptr, 1);',
      '}',
      '#endif',
      'PNG_FUNCTION(void,PNGAPI',
      'png_error,(png_const_structrp png_ptr, png_const_charp error_message),',
      '    PNG_NORETURN)',
      '{',
      '   png_default_error(png_ptr, error_message);',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.functions.map(header), [
    ['png_safe_error', 5, 10, false, false, ['png_nonconst_ptr', 'error_message']],
    ['png_error', 12, 17, false, false, ['png_ptr', 'error_message']],
  ]);
  assert.deepStrictEqual(fn(facts, 'png_error').paramTypes, { png_ptr: 'png_const_structrp', error_message: 'png_const_charp' });
  assert.deepStrictEqual(targets(fn(facts, 'png_error').body), ['png_default_error>']);
});

test('storage macros: one the file defines as static makes definitions static; other all-caps words before the name are kept', async () => {
  const facts = await factsOf(
    [
      '#if defined(__GNUC__)',
      '#  define MEM_STATIC static __inline __attribute__((unused))',
      '#else',
      '#  define MEM_STATIC static',
      '#endif',
      'MEM_STATIC U64 MEM_readLE64(const void* memPtr)',
      '{',
      '    return MEM_read64(memPtr);',
      '}',
      'FORCE_INLINE_TEMPLATE size_t ZSTD_count(const BYTE* pIn)',
      '{',
      '    return MEM_readLE64(pIn);',
      '}',
      'size_t plain(void) { return 0; }',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.staticMacros, ['MEM_STATIC']);
  assert.deepStrictEqual(
    facts.functions.map((f) => [f.name, f.static, f.prefixMacros]),
    [
      ['MEM_readLE64', true, undefined],
      ['ZSTD_count', false, ['FORCE_INLINE_TEMPLATE']],
      ['plain', false, undefined],
    ],
  );
});

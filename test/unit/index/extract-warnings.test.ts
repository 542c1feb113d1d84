/** Damaged input: warnings per region, and the rest of the file still stands. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFacts, NO_DEFINES } from '../../../main/index/extract/index';
import type { CParser } from '../../../main/index/parser';
import { factsOf, targets, fn } from './extract-helpers';

test('an ERROR node mid-file gives one warning and keeps the functions around it', async () => {
  const facts = await factsOf(
    ['int before(void) { return a(); }', 'int broken(void)', '{', '\tint x = ;', '\tfoo(;', '}', 'int after(void) { return b(); }'].join('\n'),
  );
  assert.deepStrictEqual(facts.functions.map((f) => f.name), ['before', 'broken', 'after']);
  assert.deepStrictEqual(targets(fn(facts, 'after').body), ['b>return']);
  assert.deepStrictEqual(facts.warnings, [{ file: 'a.c', line: 4, message: 'parse error near line 4; facts around it may be incomplete' }]);
});

test('an unterminated comment warns and drops what follows, as a compiler would', async () => {
  const facts = await factsOf(['int kept(void) { return 0; }', '/* never closed', 'int lost(void) { return 1; }'].join('\n'));
  assert.deepStrictEqual(facts.functions.map((f) => f.name), ['kept']);
  assert.deepStrictEqual(facts.warnings, [{ file: 'a.c', line: 2, message: 'unterminated comment at line 2; the rest of the file is ignored' }]);
});

test('a whole-file ERROR that starts at the closed header comment is a parse error, not an unterminated comment (zlib inflate.c)', async () => {
  // Reduced from zlib's inflate.c (its #ifdef splits an `if (` condition): tree-sitter's root
  // becomes an ERROR that starts at the header comment. The comment is closed, so nothing may be dropped.
  const facts = await factsOf(
    [
      '/* inflate.c -- header */',
      'int f(void) {',
      '    for (;;)',
      '        switch (state->mode) {',
      '            if (state->wrap == 0) {',
      '#ifdef GUNZIP',
      '                break;',
    ].join('\n'),
  );
  assert.deepStrictEqual(facts.warnings, [{ file: 'a.c', line: 1, message: 'parse error near line 1; facts around it may be incomplete' }]);
});

test('binary garbage and empty input never throw', async () => {
  const garbage = await factsOf('\u0000\u0001\u00ff{{{(((/*');
  assert.deepStrictEqual(garbage.functions, []);
  assert.ok(garbage.warnings.length >= 1);
  const empty = await factsOf('');
  assert.deepStrictEqual(empty, { file: 'a.c', hash: 'h', functions: [], macros: [], addressTaken: [], globals: [], structs: [], typedefs: [], warnings: [] });
});

test('a body that error recovery runs to the end of the file is cut at its column-0 brace', async () => {
  const facts = await factsOf(
    [
      'static void recalc(void)',
      '{',
      '\tint i, tot = 0;',
      '\tfor_each_online_cpu(i)',
      '\t\ttot += per_cpu(acc, i).nr;',
      '\tover_limit = (tot > max_heads);',
      '}',
      '',
      'struct buffer_head *alloc_head(gfp_t gfp)',
      '{',
      '\treturn kmem_cache_zalloc(cachep, gfp);',
      '}',
      'void free_head(struct buffer_head *bh)',
      '{',
      '\tkmem_cache_free(cachep, bh);',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(
    facts.functions.map((f) => [f.name, f.line, f.endLine, targets(f.body)]),
    [
      ['recalc', 1, 7, []],
      ['alloc_head', 9, 12, ['kmem_cache_zalloc>return']],
      ['free_head', 13, 16, ['kmem_cache_free>']],
    ],
  );
});

test('an iterator macro followed by its body is read as a loop and warns nothing; a real error beside it still does', async () => {
  const facts = await factsOf(
    [
      'int f(struct inode *inode, struct hlist_head *h) {',
      '\thlist_for_each_entry(fid, h, ilist) {',
      '\t\tif (uid_eq(fid->uid, uid))',
      '\t\t\tp9_fid_get(fid);',
      '\t}',
      '\tint x = ;',
      '\treturn 0;',
      '}',
    ].join('\n'),
  );
  assert.deepStrictEqual(targets(fn(facts, 'f').body), ['hlist_for_each_entry>', 'uid_eq>cond', 'p9_fid_get>']);
  assert.deepStrictEqual(facts.warnings, [{ file: 'a.c', line: 6, message: 'parse error near line 6; facts around it may be incomplete' }]);
});

test('a type passed to a macro (container_of) keeps the call whole and warns nothing', async () => {
  const facts = await factsOf(
    [
      'static inline struct v9fs_inode *V9FS_I(const struct inode *inode)',
      '{',
      '\treturn container_of(inode, struct v9fs_inode, netfs.inode);',
      '}',
      'void put(struct work_struct *work) {',
      '\tstruct affs_sb_info *sbi = container_of(work, const struct affs_sb_info, sb_work.work);',
      '\tkfree(sbi);',
      '}',
    ].join('\n'),
  );
  const calls = facts.functions.flatMap((f) => f.body).filter((s) => s.k === 'call');
  assert.deepStrictEqual(
    calls.map((c) => (c.k === 'call' ? [c.callee, c.args, c.target] : [])),
    [
      ['container_of', ['inode', 'struct v9fs_inode', 'netfs.inode'], 'return'],
      ['container_of', ['work', 'const struct affs_sb_info', 'sb_work.work'], 'sbi'],
      ['kfree', ['sbi'], ''],
    ],
  );
  assert.deepStrictEqual(facts.warnings, []);
});

test('a WASM runtime fault is thrown for the worker to replace its parser; any other failure is a warning', () => {
  const failing = (error: Error): CParser => ({
    parse(): never {
      throw error;
    },
  });
  assert.throws(() => extractFacts(failing(new WebAssembly.RuntimeError('memory access out of bounds')), 'int x;', 'a.c', 'h', NO_DEFINES), WebAssembly.RuntimeError);
  assert.throws(() => extractFacts(failing(new Error('Aborted(). Build with -sASSERTIONS for more info.')), 'int x;', 'a.c', 'h', NO_DEFINES), /Aborted/);
  const facts = extractFacts(failing(new Error('tree-sitter returned no tree')), 'int x;', 'a.c', 'h', NO_DEFINES);
  assert.deepEqual(facts.warnings, [{ file: 'a.c', line: 0, message: 'could not extract facts: tree-sitter returned no tree' }]);
  assert.deepEqual(facts.functions, []);
});

/** The text-only statement path must produce exactly the facts the tree path produces. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastPath } from '../../../main/index/extract/fast-path';
import { factsOf, targets } from './extract-helpers';

const CORPUS = [
  'static int g;',
  'int f(struct ht *ht, T **out, int i, void (*cb)(int))',
  '{',
  '\tchar *p, *q;',
  '\tp = kmalloc(10, GFP_KERNEL);',
  '\tht->table=(ht_list_t**)kmalloc(sizeof(ht_list_t*)*num,',
  '\t\tGFP_KERNEL);',
  '\targs = (T*)',
  '\t    kmalloc(sizeof(T), GFP);',
  '\t*out = kstrdup("a(b=c", GFP_KERNEL);',
  '\tslots[i] = vmalloc(64);',
  '\t*w++ = p;',
  '\tx <<= 2;',
  '\ty += f2(x);',
  '\ti++;',
  '\tq = p;',
  '\tops->cb = on_event;',
  '\tdone = true;',
  '\tcb(3);',
  '\tg(4);',
  '\tregister_x(&handler, "name", \'c\', sizeof(*p));',
  '\tsize = offsetof(struct s, f);',
  '\tprintk("%s(%d)\\n", name, i);',
  '\tkfree(kmalloc(1, 2));',
  '\ta = b = c;',
  '\tif (x)',
  '\t\treturn make(i);',
  '\tif (y)',
  '\t\treturn (void *)alloc(i);',
  '\tif (z)',
  '\t\treturn;',
  '\treturn -ENOMEM;',
  '}',
].join('\n');

test('fast path on and off give identical facts', async () => {
  fastPath.enabled = true;
  const fast = await factsOf(CORPUS);
  fastPath.enabled = false;
  try {
    const slow = await factsOf(CORPUS);
    assert.deepStrictEqual(fast, slow);
  } finally {
    fastPath.enabled = true;
  }
  assert.deepStrictEqual(targets(fast.functions[0].body), [
    'kmalloc>p', 'kmalloc>ht->table', 'kmalloc>args', 'kstrdup>*out', 'vmalloc>slots[i]', 'f2>', 'cb>', 'g>',
    'register_x>', 'printk>', 'kmalloc>kfree(#0)', 'kfree>', 'make>return', 'alloc>return',
  ]);
  assert.deepStrictEqual(
    fast.functions[0].body.filter((s) => s.k === 'assign').map((s) => (s.k === 'assign' ? `${s.lhs}=${s.rhs}` : '')),
    ['*w++=p', 'q=p', 'ops->cb=on_event', 'done=true', 'size=offsetof(struct s, f)', 'b=c', 'a=b'],
  );
});

const DECLARATIONS = [
  'static int limit;',
  'int f(struct file *file, int n)',
  '{',
  '\tint err;',
  '\tif (n)',
  '\t\terr = get(n, f2(n), (long)n);',
  '\telse',
  '\t\terr = (int)put (file , "x)" , n );',
  '\tint zero = 0, one = 1;',
  '\tunsigned long delay = HZ;',
  '\tstatic const char *names[4];',
  '\tstruct inode *inode = file_inode(file);',
  '\tstruct super_block *sb =',
  '\t\tinode->i_sb;',
  '\tvoid *buf = (void *)kmalloc(n, GFP_KERNEL);',
  '\tchar **argv = kcalloc(n, sizeof(char *), GFP_KERNEL);',
  '\tint (*cb)(int) = handler;',
  '\tstruct ops *ops = &default_ops;',
  '\tu32 mask = BIT(3);',
  '\tsize_t len = sizeof(*buf);',
  '\tint flag = n == 2;',
  '\tint pick = n ? 1 : 2;',
  '\tconst char *s = "a(b";',
  '\tif (!inode)',
  '\t\treturn -ENOENT;',
  '\tif (err == 0 && n != limit)',
  '\t\tkfree(buf);',
  '\twhile (n-- > 0 && argv[n])',
  '\t\tkfree(argv[n]);',
  '\tif (n < 2 ? zero : one)',
  '\t\tdelay <<= 1;',
  '\tif (err = check(n))',
  '\t\treturn err;',
  '\tswitch (sb->s_flags & MASK) {',
  '\tcase 1:',
  '\t\tbreak;',
  '\t}',
  '\treturn 0;',
  '}',
].join('\n');

test('declarations and conditions by text equal the tree path', async () => {
  fastPath.enabled = true;
  const fast = await factsOf(DECLARATIONS);
  fastPath.enabled = false;
  try {
    const slow = await factsOf(DECLARATIONS);
    assert.deepStrictEqual(fast, slow);
  } finally {
    fastPath.enabled = true;
  }
  const fn = fast.functions[0];
  assert.deepStrictEqual(fn.locals, {
    err: 'int', zero: 'int', one: 'int', delay: 'unsigned long', names: 'static const char *[]', inode: 'struct inode *',
    sb: 'struct super_block *', buf: 'void *', argv: 'char **', cb: 'int (*)()', ops: 'struct ops *', mask: 'u32',
    len: 'size_t', flag: 'int', pick: 'int', s: 'const char *',
  });
  assert.deepStrictEqual(fast.functions[0].paramTypes, { file: 'struct file *', n: 'int' });
  assert.deepStrictEqual(targets(fn.body), ['f2>get(#1)', 'get>err', 'put>err', 'file_inode>inode', 'kmalloc>buf', 'kcalloc>argv', 'BIT>mask', 'kfree>', 'kfree>', 'check>err']);
  const conds = fn.body.flatMap((s) => (s.k === 'if' || s.k === 'switch' || s.k === 'loop' ? [s.cond] : []));
  assert.deepStrictEqual(conds, ['n', '!inode', 'err == 0 && n != limit', 'n-- > 0 && argv[n]', 'n < 2 ? zero : one', 'err', 'sb->s_flags & MASK']);
  const lines = fn.body.filter((s) => s.k === 'assign').map((s) => (s.k === 'assign' ? `${s.line}:${s.lhs}=${s.rhs}` : ''));
  assert.deepStrictEqual(lines, ['9:zero=0', '9:one=1', '10:delay=HZ', '13:sb=inode->i_sb', '17:cb=handler', '18:ops=&default_ops', '20:len=sizeof(*buf)', '21:flag=n == 2', '22:pick=n ? 1 : 2', '23:s="a(b"']);
  const put = fn.body.flatMap((s) => (s.k === 'if' ? s.else : [])).find((s) => s.k === 'call');
  assert.deepStrictEqual(put?.k === 'call' ? [put.line, put.col, put.args] : [], [8, 13, ['file', '"x)"', 'n']]);
});

const MACRO_ARGUMENTS = [
  'int f(struct rb_root *root, int len, int n)',
  '{',
  '\tstruct foo *e = rb_entry(rb_first(root), struct foo, node);',
  '\tlen = min_t(unsigned int, len, get(n));',
  '\treturn 0;',
  '}',
].join('\n');

test('a macro argument is what the commas separate (struct foo, unsigned int), with nested calls on either path', async () => {
  fastPath.enabled = true;
  const fast = await factsOf(MACRO_ARGUMENTS);
  fastPath.enabled = false;
  try {
    const slow = await factsOf(MACRO_ARGUMENTS);
    assert.deepStrictEqual(fast, slow);
  } finally {
    fastPath.enabled = true;
  }
  const calls = fast.functions[0].body.flatMap((s) => (s.k === 'call' ? [`${s.callee}(${s.args.join('|')})>${s.target}`] : []));
  assert.deepStrictEqual(calls, [
    'rb_first(root)>rb_entry(#0)', 'rb_entry(rb_first(root)|struct foo|node)>e',
    'get(n)>min_t(#2)', 'min_t(unsigned int|len|get(n))>len',
  ]);
  assert.deepStrictEqual(fast.addressTaken.map((a) => a.name), ['node']);
});

test('a static local is typed `static …` and its initialiser, run once before the program, emits nothing (both paths)', async () => {
  const source = 'void f(int n)\n{\n\tstatic char *buf = 0;\n\tstatic struct ops *ops = &default_ops, *spare;\n\tchar *p = 0;\n\tbuf = realloc(buf, n);\n}\n';
  for (const enabled of [true, false]) {
    fastPath.enabled = enabled;
    try {
      const facts = await factsOf(source);
      const f = facts.functions[0];
      assert.deepStrictEqual(f?.locals, { buf: 'static char *', ops: 'static struct ops *', spare: 'static struct ops *', p: 'char *' }, `fast path ${enabled}`);
      assert.deepStrictEqual(f?.body.map((s) => (s.k === 'assign' ? `${s.line}:${s.lhs}=${s.rhs}` : s.k === 'call' ? `${s.line}:${s.callee}>${s.target}` : s.k)), ['5:p=0', '6:realloc>buf'], `fast path ${enabled}`);
      assert.deepStrictEqual(facts.addressTaken.map((a) => `${a.name}:${a.how}`), ['default_ops:assignment'], `fast path ${enabled}`);
    } finally {
      fastPath.enabled = true;
    }
  }
});

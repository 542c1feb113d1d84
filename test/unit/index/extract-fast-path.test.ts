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

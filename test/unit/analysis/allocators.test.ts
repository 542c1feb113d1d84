import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinAllocators, createAllocatorTable } from '../../../main/analysis/allocators';

const table = builtinAllocators();
const brief = (name: string): string => {
  const e = table.get(name);
  return e ? `${e.kind} ${e.family} ${e.arg}${e.managed ? ' managed' : ''}` : 'none';
};

test('libc, POSIX and GNU allocators, with out-parameters', () => {
  assert.equal(brief('malloc'), 'alloc malloc -1');
  assert.equal(brief('calloc'), 'alloc malloc -1');
  assert.equal(brief('realloc'), 'realloc malloc 0');
  assert.equal(brief('reallocarray'), 'realloc malloc 0');
  assert.equal(brief('strdup'), 'alloc malloc -1');
  assert.equal(brief('strndup'), 'alloc malloc -1');
  assert.equal(brief('aligned_alloc'), 'alloc malloc -1');
  assert.equal(brief('memalign'), 'alloc malloc -1');
  assert.equal(brief('valloc'), 'alloc malloc -1');
  assert.equal(brief('pvalloc'), 'alloc malloc -1');
  assert.equal(brief('posix_memalign'), 'alloc malloc 0');
  assert.equal(brief('asprintf'), 'alloc malloc 0');
  assert.equal(brief('vasprintf'), 'alloc malloc 0');
  assert.equal(brief('getline'), 'alloc malloc 0');
  assert.equal(brief('getdelim'), 'alloc malloc 0');
  assert.equal(brief('scandir'), 'alloc malloc 1');
  assert.equal(brief('getaddrinfo'), 'alloc getaddrinfo 3');
  assert.equal(brief('freeaddrinfo'), 'free getaddrinfo 0');
  assert.equal(brief('free'), 'free malloc 0');
  assert.equal(brief('mmap'), 'alloc mmap -1');
  assert.equal(brief('munmap'), 'free mmap 0');
});

test('stdio and dirent handles are families of their own (CWE-772 resource leaks), closed only by their own close', () => {
  assert.equal(brief('fopen'), 'alloc fopen -1');
  assert.equal(brief('fdopen'), 'alloc fopen -1');
  assert.equal(brief('fclose'), 'free fopen 0');
  assert.equal(brief('freopen'), 'free fopen 2');
  assert.equal(brief('popen'), 'alloc popen -1');
  assert.equal(brief('pclose'), 'free popen 0');
  assert.equal(brief('opendir'), 'alloc opendir -1');
  assert.equal(brief('closedir'), 'free opendir 0');
  const table = createAllocatorTable();
  assert.equal(table.canRelease('fclose', 'popen'), false);
  assert.equal(table.canRelease('free', 'fopen'), false);
});

test('glib: g_malloc family, g_new macros, g_slice with its own frees', () => {
  for (const name of ['g_malloc', 'g_malloc0', 'g_malloc_n', 'g_try_malloc', 'g_new', 'g_new0', 'g_strdup', 'g_strndup', 'g_strdup_printf', 'g_strconcat', 'g_strjoin', 'g_memdup']) {
    assert.equal(brief(name), 'alloc g_malloc -1', name);
  }
  assert.equal(brief('g_realloc'), 'realloc g_malloc 0');
  assert.equal(brief('g_renew'), 'realloc g_malloc 1');
  assert.equal(brief('g_free'), 'free g_malloc 0');
  assert.equal(brief('g_slice_alloc'), 'alloc g_slice -1');
  assert.equal(brief('g_slice_new'), 'alloc g_slice -1');
  assert.equal(brief('g_slice_free'), 'free g_slice 1');
  assert.equal(brief('g_slice_free1'), 'free g_slice 1');
  assert.equal(brief('g_strsplit'), 'alloc g_strv -1');
  assert.equal(brief('g_strfreev'), 'free g_strv 0');
});

test('Linux kernel families', () => {
  for (const name of ['kmalloc', 'kzalloc', 'kcalloc', 'kmalloc_array', 'kmalloc_node', 'kzalloc_node', 'kstrdup', 'kstrndup', 'kmemdup', 'kmemdup_nul', 'kasprintf', 'kvasprintf']) {
    assert.equal(brief(name), 'alloc kmalloc -1', name);
  }
  assert.equal(brief('krealloc'), 'realloc kmalloc 0');
  assert.equal(brief('kfree'), 'free kmalloc 0');
  assert.equal(brief('kfree_sensitive'), 'free kmalloc 0');
  for (const name of ['vmalloc', 'vzalloc', 'vmalloc_node', 'vzalloc_node']) assert.equal(brief(name), 'alloc vmalloc -1', name);
  assert.equal(brief('vfree'), 'free vmalloc 0');
  for (const name of ['kvmalloc', 'kvzalloc', 'kvcalloc', 'kvmalloc_array']) assert.equal(brief(name), 'alloc kvmalloc -1', name);
  assert.equal(brief('kvfree'), 'free kvmalloc 0');
  assert.equal(brief('kmem_cache_alloc'), 'alloc kmem_cache -1');
  assert.equal(brief('kmem_cache_zalloc'), 'alloc kmem_cache -1');
  assert.equal(brief('kmem_cache_free'), 'free kmem_cache 1');
  assert.equal(brief('alloc_pages'), 'alloc alloc_pages -1');
  assert.equal(brief('alloc_page'), 'alloc alloc_pages -1');
  assert.equal(brief('__free_pages'), 'free alloc_pages 0');
  assert.equal(brief('__free_page'), 'free alloc_pages 0');
  assert.equal(brief('__get_free_pages'), 'alloc __get_free_pages -1');
  assert.equal(brief('__get_free_page'), 'alloc __get_free_pages -1');
  assert.equal(brief('get_zeroed_page'), 'alloc __get_free_pages -1');
  assert.equal(brief('free_pages'), 'free __get_free_pages 0');
  assert.equal(brief('free_page'), 'free __get_free_pages 0');
  assert.equal(brief('devm_kzalloc'), 'alloc devm -1 managed');
  assert.equal(brief('devm_kfree'), 'free devm 1 managed');
});

test('compatible families: kvfree takes kmalloc and vmalloc memory, vfree and kfree do not cross', () => {
  assert.equal(table.canRelease('kfree', 'kmalloc'), true);
  assert.equal(table.canRelease('kvfree', 'kmalloc'), true);
  assert.equal(table.canRelease('kvfree', 'vmalloc'), true);
  assert.equal(table.canRelease('kvfree', 'kvmalloc'), true);
  assert.equal(table.canRelease('vfree', 'kmalloc'), false);
  assert.equal(table.canRelease('kfree', 'vmalloc'), false);
  assert.equal(table.canRelease('kfree', 'kvmalloc'), false);
  assert.equal(table.canRelease('free_pages', 'alloc_pages'), false);
  assert.equal(table.canRelease('krealloc', 'kmalloc'), true);
  assert.equal(table.canRelease('kmalloc', 'kmalloc'), false); // an allocator releases nothing
  assert.equal(table.canRelease('free', 'g_malloc'), false);
});

test('the table is at least as complete as cppcheck for the memory families it mirrors', () => {
  assert.ok(table.size >= 600, `only ${table.size} entries`);
  assert.deepEqual(table.allocatorsOf('vmalloc').slice(0, 3), ['__vmalloc', '__vmalloc_node', '__vmalloc_node_range']);
});

test('config entries extend and override the built-in table', () => {
  const custom = createAllocatorTable([
    { name: 'pool_get', family: 'pool', kind: 'alloc' },
    { name: 'pool_put', family: 'pool', kind: 'free', arg: 1 },
    { name: 'kfree', family: 'kmalloc', kind: 'free', arg: 0 },
    { name: 'my_kvfree', family: 'kvmalloc', kind: 'free' },
    { name: 'malloc', family: 'my_heap', kind: 'alloc' },
  ]);
  assert.deepEqual(custom.get('pool_get'), { name: 'pool_get', kind: 'alloc', family: 'pool', arg: -1, managed: false, accepts: ['pool'], origin: 'config' });
  assert.deepEqual(custom.get('pool_put'), { name: 'pool_put', kind: 'free', family: 'pool', arg: 1, managed: false, accepts: ['pool'], origin: 'config' });
  assert.equal(custom.get('malloc')?.family, 'my_heap');
  assert.equal(custom.canRelease('my_kvfree', 'vmalloc'), true); // joins its family's accepted families
  assert.equal(table.get('malloc')?.family, 'malloc'); // the built-in table is untouched
  assert.equal(custom.size, table.size + 3);
});

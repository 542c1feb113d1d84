import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCsvTable, formatMarkdownTable, formatTextTable, siteRows, tableHeading } from '../../../main/report/tables';
import type { Site } from '../../../preload/model';

const site = (file: string, line: number, fn: string, code: string): Site => ({ id: `${file}:${line}:kmalloc`, kind: 'alloc', api: 'kmalloc', family: 'kmalloc', function: fn, file, line, code, target: '' });
const sites = [
  site('src/b.c', 7, 'src/b.c::helper', 'p = kmalloc(n, GFP_KERNEL); /* a|b */'),
  site('lib/a.c', 120, 'ht_create', 'ht->table = kmalloc(sizeof(x), GFP_NSWAP);'),
  site('lib/a.c', 36, 'ht_create', 'x = "q,\\"uote";'),
];
const names = new Map([['ht_create', 'ht_create'], ['src/b.c::helper', 'helper']]);
const rows = siteRows(sites, (id) => names.get(id));

test('rows are sorted by file and line and carry function names', () => {
  assert.deepEqual(rows.map((r) => `${r.file}:${r.line} ${r.function}`), ['lib/a.c:36 ht_create', 'lib/a.c:120 ht_create', 'src/b.c:7 helper']);
  assert.equal(siteRows([site('x.c', 1, 'x.c::gone', '')], () => undefined)[0].function, 'gone');
});

test('headings follow the seed', () => {
  assert.equal(tableHeading(19, ['kmalloc']), 'There are 19 calls to kmalloc.');
  assert.equal(tableHeading(1, ['kfree']), 'There is 1 call to kfree.');
  assert.equal(tableHeading(3, ['kfree', 'vfree']), 'There are 3 calls to kfree, vfree.');
});

test('aligned text', () => {
  assert.equal(
    formatTextTable(rows),
    [
      'File     Function   Line  Code',
      'lib/a.c  ht_create    36  x = "q,\\"uote";',
      'lib/a.c  ht_create   120  ht->table = kmalloc(sizeof(x), GFP_NSWAP);',
      'src/b.c  helper        7  p = kmalloc(n, GFP_KERNEL); /* a|b */',
    ].join('\n'),
  );
});

test('Markdown escapes pipes and shows code as inline code', () => {
  assert.equal(
    formatMarkdownTable(rows),
    [
      '| File | Function | Line | Code |',
      '| --- | --- | ---: | --- |',
      '| lib/a.c | ht_create | 36 | `x = "q,\\"uote";` |',
      '| lib/a.c | ht_create | 120 | `ht->table = kmalloc(sizeof(x), GFP_NSWAP);` |',
      '| src/b.c | helper | 7 | `p = kmalloc(n, GFP_KERNEL); /* a\\|b */` |',
    ].join('\n'),
  );
});

test('CSV quotes fields with commas and quotes', () => {
  assert.equal(
    formatCsvTable(rows),
    'File,Function,Line,Code\r\nlib/a.c,ht_create,36,"x = ""q,\\""uote"";"\r\nlib/a.c,ht_create,120,"ht->table = kmalloc(sizeof(x), GFP_NSWAP);"\r\nsrc/b.c,helper,7,"p = kmalloc(n, GFP_KERNEL); /* a|b */"\r\n',
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryRows, rowsToCsv, stateLabel, type SiteRow, type TableQuery } from '../../../renderer/model/sites-table';
import { buildPassSteps } from '../../../renderer/model/pass-steps';
import { graph, report } from './fixture';

const last = buildPassSteps(report).at(-1);
const rows: SiteRow[] = graph.sites.map((site) => ({ site, functionName: site.function.split('::').pop() as string, state: last?.state.get(site.id) ?? 'live' }));
const q = (over: Partial<TableQuery>): TableQuery => ({ sortBy: 'file', descending: false, text: '', states: new Set(), kind: 'all', ...over });

test('sorts by file then line by default and by state with suspects first', () => {
  assert.deepEqual(queryRows(rows, q({})).map((r) => r.site.line), [7, 8, 31, 32, 12, 15, 8, 33]);
  assert.deepEqual(queryRows(rows, q({ sortBy: 'state' })).slice(0, 2).map((r) => [r.site.id, r.state]), [['src/mem.c:8:kmalloc', 'suspect'], ['src/mem.c:33:kfree', 'live']]);
  assert.equal(queryRows(rows, q({ sortBy: 'line', descending: true }))[0]?.site.line, 33);
});

test('filters by text, state and kind', () => {
  assert.deepEqual(queryRows(rows, q({ text: 'MON_cl' })).map((r) => r.site.line), [31, 32]);
  assert.equal(queryRows(rows, q({ states: new Set(['cleared']) })).length, 6);
  assert.equal(queryRows(rows, q({ kind: 'free' })).length, 4);
  assert.equal(queryRows(rows, q({ kind: 'alloc', states: new Set(['live', 'suspect']) })).length, 1);
});

test('CSV quotes fields that need it', () => {
  const row: SiteRow = { site: { ...graph.sites[0]!, code: 'p = kmalloc(n, "a,b");' }, functionName: 'store', state: 'suspect' };
  assert.equal(rowsToCsv([row]), 'File,Function,Line,Code,Kind,API,Family,State,Site\r\nsrc/mem.c,store,8,"p = kmalloc(n, ""a,b"");",alloc,kmalloc,kmalloc,suspect,src/mem.c:8:kmalloc\r\n');
});

test('a free left open beside a suspect of its family says it pairs with the suspect', () => {
  const open = rows.find((r) => r.site.id === 'src/mem.c:33:kfree') as SiteRow;
  assert.equal(stateLabel(open, rows).text, 'pairs with suspect');
  // Before the last step there is no suspect yet: the same free is simply live.
  const early = rows.map((r) => ({ ...r, state: r.state === 'suspect' ? ('live' as const) : r.state }));
  assert.equal(stateLabel(early.find((r) => r.site.id === 'src/mem.c:33:kfree') as SiteRow, early).text, 'live');
  // A suspect of another family does not pair with it.
  const otherFamily = rows.map((r) => (r.state === 'suspect' ? { ...r, site: { ...r.site, family: 'vmalloc' } } : r));
  assert.equal(stateLabel(open, otherFamily).text, 'live');
  assert.deepEqual(rows.filter((r) => r.state !== 'live').map((r) => stateLabel(r, rows).text).sort(), ['cleared', 'cleared', 'cleared', 'cleared', 'cleared', 'cleared', 'suspect']);
});

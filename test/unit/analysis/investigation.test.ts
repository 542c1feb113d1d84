/** The investigation file: migration, atomic save, corrupt files kept aside, pure edits. */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { addManualClear, InvestigationError, investigationFile, loadInvestigation, migrateInvestigation, newInvestigation, removeManualClear, saveInvestigation, setPasses } from '../../../main/analysis/investigation';

const ORDER = ['a', 'b', 'manual'];

test('investigation: edits are pure and removable by id', () => {
  const base = newInvestigation(ORDER);
  const one = addManualClear(base, 'file', 'lib/x.c', 'library is clean', new Date('2026-01-01T00:00:00Z'), 'id1');
  assert.equal(base.manual.length, 0);
  assert.deepEqual(one.manual, [{ id: 'id1', scope: 'file', target: 'lib/x.c', note: 'library is clean', at: '2026-01-01T00:00:00.000Z' }]);
  assert.deepEqual(removeManualClear(one, 'id1').manual, []);
  assert.deepEqual(setPasses(one, ['b', 'zzz', 'b'], ['a', 'nope'], ORDER), { ...one, passOrder: ['b', 'a', 'manual'], disabled: ['a'] });
});

test('investigation: schema 0 files (clears, no schema) migrate; newer schemas are refused', () => {
  const migrated = migrateInvestigation({ clears: [{ id: 'x', scope: 'site', target: 's', note: 'n', at: 't' }], passOrder: ['b'] }, ORDER);
  assert.deepEqual(migrated, { schema: 1, passOrder: ['b', 'a', 'manual'], disabled: [], manual: [{ id: 'x', scope: 'site', target: 's', note: 'n', at: 't' }] });
  assert.throws(() => migrateInvestigation({ schema: 9 }, ORDER), /newer/);
  assert.throws(() => migrateInvestigation({ schema: 1, manual: [{ id: 1 }] }, ORDER), /manual\[0\]/);
});

test('investigation: saved pretty and atomically, loaded back; a corrupt file is moved aside, not overwritten', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'leakscope-inv-'));
  assert.deepEqual(await loadInvestigation(root, ORDER), newInvestigation(ORDER));
  const inv = addManualClear(newInvestigation(ORDER), 'site', 'a.c:1:malloc', 'checked', new Date('2026-01-01T00:00:00Z'), 'm1');
  await saveInvestigation(root, inv);
  const text = await readFile(investigationFile(root), 'utf8');
  assert.ok(text.startsWith('{\n  "schema": 1,'));
  assert.deepEqual(await loadInvestigation(root, ORDER), inv);
  assert.deepEqual((await readdir(path.join(root, '.leakscope'))).sort(), ['investigation.json']);

  await mkdir(path.join(root, '.leakscope'), { recursive: true });
  await writeFile(investigationFile(root), '{ not json');
  await assert.rejects(() => loadInvestigation(root, ORDER, () => new Date('2026-02-03T04:05:06Z')), (err: unknown) => err instanceof InvestigationError && /kept as investigation\.json\.corrupt-2026-02-03T04-05-06-000Z/.test(err.message));
  assert.deepEqual((await readdir(path.join(root, '.leakscope'))).sort(), ['investigation.json.corrupt-2026-02-03T04-05-06-000Z']);
  assert.equal(await readFile(path.join(root, '.leakscope', 'investigation.json.corrupt-2026-02-03T04-05-06-000Z'), 'utf8'), '{ not json');
});

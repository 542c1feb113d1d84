import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createApi } from '../../../main/api/api';
import { createDefaultEngine } from '../../../main/api/default-engine';
import type { Result } from '../../../preload/contract';

const root = path.join(__dirname, '..', '..', '..');

function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(path.join(os.tmpdir(), `leakscope-${prefix}-`)));
}

function value<T>(result: Result<T>): T {
  if (!result.ok) assert.fail(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

test('the default engine opens the sample through the API, then re-opens it from the cache', async () => {
  const sample = path.join(tempDir('sample'), 'nswap');
  cpSync(path.join(root, 'examples', 'nswap'), sample, { recursive: true });
  const cacheDir = tempDir('cache');
  const options = { engine: createDefaultEngine(), configDir: tempDir('config'), cacheDir };

  const first = createApi(options);
  const cold = value(await first.openFolder(sample));
  assert.equal(cold.files, 16);
  assert.deepEqual([cold.parsed, cold.cached], [16, 0]);
  const snapshot = value(await first.getSnapshot());
  const count = (api: string) => snapshot.graph.sites.filter((s) => s.api === api).length;
  assert.deepEqual([count('kmalloc'), count('kfree')], [19, 22]);
  assert.ok(snapshot.graph.functions.some((f) => f.name === 'nswapd_mem_store' && f.file === 'src/nswapd_mem.c'));
  assert.match(value(await first.readSource('src/nswapd_mem.c')), /nswapd_mem_store/);
  const writeup = value(await first.getWriteup());
  assert.match(writeup, /\| File \| Function \| Line \| Code \|/);
  // One snapshot per pass, numbered as the renderer's pass player numbers its steps.
  const passes = snapshot.analysis.passes;
  assert.deepEqual([...writeup.matchAll(/\]\((pass-\d+\.png)\)/g)].map((m) => m[1]), passes.map((_, i) => `pass-${i + 1}.png`));

  // The planted leak is the one suspect; clearing it by hand empties the list and survives a new instance.
  const suspects = snapshot.analysis.suspects.map((id) => snapshot.analysis.sites.find((s) => s.id === id)!);
  assert.deepEqual(suspects.map((s) => [s.file, s.api]), [['src/nswapd_mem.c', 'kmalloc']]);
  assert.equal(suspects[0]!.function, 'nswapd_mem_store');
  const cleared = value(await first.addManualClear('site', suspects[0]!.id, 'freed by nswapd_mem_release'));
  assert.deepEqual(cleared.suspects, []);
  assert.equal(cleared.passes.find((p) => p.name === 'manual')?.cleared[0]?.site, suspects[0]!.id);

  const second = createApi(options);
  const warm = value(await second.openFolder(sample));
  assert.deepEqual([warm.parsed, warm.cached], [0, 16]);
  const reopened = value(await second.getSnapshot());
  assert.deepEqual(reopened.graph, snapshot.graph);
  assert.deepEqual(reopened.analysis.suspects, []);
  assert.deepEqual(reopened.analysis.investigation.manual.map((m) => m.note), ['freed by nswapd_mem_release']);
  // Undo history is per session; removing the clear brings the suspect back.
  assert.equal(reopened.analysis.canUndo, false);
  const removed = value(await second.removeManualClear(reopened.analysis.investigation.manual[0]!.id));
  assert.deepEqual(removed.suspects, [suspects[0]!.id]);
});

test('the default engine reports a folder without C as no-c-files', async () => {
  const api = createApi({ engine: createDefaultEngine(), configDir: tempDir('config'), cacheDir: tempDir('cache') });
  const result = await api.openFolder(tempDir('empty'));
  assert.equal(result.ok ? 'ok' : result.error.code, 'no-c-files');
});

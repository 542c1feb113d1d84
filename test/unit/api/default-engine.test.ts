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
  assert.match(value(await first.getWriteup()), /\| File \| Function \| Line \| Code \|/);

  const second = createApi(options);
  const warm = value(await second.openFolder(sample));
  assert.deepEqual([warm.parsed, warm.cached], [0, 16]);
  assert.deepEqual(value(await second.getSnapshot()).graph, snapshot.graph);
});

test('the default engine reports a folder without C as no-c-files', async () => {
  const api = createApi({ engine: createDefaultEngine(), configDir: tempDir('config'), cacheDir: tempDir('cache') });
  const result = await api.openFolder(tempDir('empty'));
  assert.equal(result.ok ? 'ok' : result.error.code, 'no-c-files');
});

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createApi } from '../../../main/api/api';
import { createWorkerEngine } from '../../../main/api/worker-engine';
import type { Progress, Result } from '../../../preload/contract';

const root = path.join(__dirname, '..', '..', '..');

function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(path.join(os.tmpdir(), `leakscope-${prefix}-`)));
}

function value<T>(result: Result<T>): T {
  if (!result.ok) assert.fail(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function sampleCopy(): string {
  const dir = path.join(tempDir('sample'), 'nswap');
  cpSync(path.join(root, 'examples', 'nswap'), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.leakscope`) });
  return dir;
}

test('the worker engine indexes and analyses in a worker thread, with progress, passes and write-up', { timeout: 120_000 }, async (t) => {
  const api = createApi({ engine: createWorkerEngine(), configDir: tempDir('config'), cacheDir: tempDir('cache') });
  // A failed assertion must not leave the analysis worker holding the test process open.
  t.after(() => api.close());
  const progress: Progress[] = [];
  api.events.on('progress', (p) => progress.push(p));
  const sample = sampleCopy();
  const info = value(await api.openFolder(sample));
  assert.equal(info.files, 16);
  assert.ok(progress.some((p) => p.phase === 'parse' && p.done === 16 && p.total === 16), JSON.stringify(progress));
  // After the files, the analysis reports its steps (preparing, then the passes) before the open is done.
  assert.deepEqual(
    progress.filter((p) => p.phase === 'analyse' || p.phase === 'done'),
    [
      { phase: 'analyse', done: 1, total: 3, message: 'Tracing 41 alloc/free sites in 51 functions' },
      { phase: 'analyse', done: 2, total: 3, message: 'Running the elimination passes' },
      { phase: 'done', done: 16, total: 16, message: `Opened ${path.basename(sample)}` },
    ],
  );
  const snap = value(await api.getSnapshot());
  const suspects = snap.analysis.suspects.map((id) => snap.analysis.sites.find((s) => s.id === id)!);
  assert.deepEqual(suspects.map((s) => s.function), ['nswapd_mem_store']);
  const view = value(await api.addManualClear('site', suspects[0]!.id, 'by hand'));
  assert.deepEqual(view.suspects, []);
  assert.match(value(await api.getWriteup()), /That leaves us with/);
  api.close();
  assert.equal((await api.getSnapshot()).ok, false);
});

test('cancelling a worker-engine open stops its worker and keeps the previous folder working', { timeout: 120_000 }, async () => {
  const api = createApi({ engine: createWorkerEngine(), configDir: tempDir('config'), cacheDir: tempDir('cache') });
  const first = sampleCopy();
  value(await api.openFolder(first));
  // Cancel once the second open is under way (its first progress event), not after a fixed delay.
  const underway = new Promise<void>((resolve) => api.events.on('progress', () => resolve()));
  const opening = api.openFolder(sampleCopy());
  await underway;
  value(await api.cancel());
  const cancelled = await opening;
  assert.equal(cancelled.ok ? 'ok' : cancelled.error.code, 'cancelled');
  assert.equal(value(await api.getSnapshot()).project.root, first);
  // The first folder's worker still answers.
  const suspect = value(await api.getSnapshot()).analysis.suspects[0]!;
  assert.deepEqual(value(await api.addManualClear('site', suspect, 'still alive')).suspects, []);
  api.close();
});

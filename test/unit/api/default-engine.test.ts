import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createApi } from '../../../main/api/api';
import { newInvestigation } from '../../../main/analysis/investigation';
import { DEFAULT_PASS_ORDER } from '../../../main/analysis/run-passes';
import { createDefaultEngine } from '../../../main/api/default-engine';
import { cacheFileFor } from '../../../main/index/cache';
import type { Investigation, Progress, Result } from '../../../preload/contract';

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

test('a reopen under the same investigation gets its stored analysis with the index; a changed file, investigation or damaged store does not', async () => {
  const sample = path.join(tempDir('sample'), 'nswap');
  cpSync(path.join(root, 'examples', 'nswap'), sample, { recursive: true });
  const cacheDir = tempDir('cache');
  const engine = createDefaultEngine();
  const investigation = newInvestigation(DEFAULT_PASS_ORDER);
  const open = async (inv: Investigation) => {
    const progress: Progress[] = [];
    const project = await engine.index(sample, { cacheDir, signal: new AbortController().signal, onProgress: (p) => progress.push(p), investigation: inv });
    return { project, analysing: progress.some((p) => p.phase === 'analyse') };
  };

  const first = await open(investigation);
  assert.equal(first.project.analysis, undefined);
  assert.equal(first.analysing, true);
  const computed = await engine.analyse(first.project, investigation);
  assert.deepEqual(computed.report.suspects.map((id) => id.split(':')[0]), ['src/nswapd_mem.c']);

  // Unchanged folder, same investigation: the stored result comes back and nothing is prepared.
  const second = await open(investigation);
  assert.deepEqual(second.project.analysis, computed);
  assert.equal(second.analysing, false);
  // Its analysis is still there to run under another investigation (prepared on first use), and equals a fresh one.
  const without = { ...investigation, disabled: ['handed-off'] };
  const fresh = await engine.analyse(first.project, without);
  assert.deepEqual(await engine.analyse(second.project, without), fresh);

  // The last analysis is the one stored: the original investigation no longer matches, the new one does.
  assert.equal((await open(investigation)).project.analysis, undefined);
  assert.deepEqual((await open(without)).project.analysis, fresh);

  // A damaged store is ignored.
  writeFileSync(cacheFileFor(cacheDir, sample).replace(/\.json$/, '.view.json'), '{"format":"leakscope-view-cache","ver');
  assert.equal((await open(without)).project.analysis, undefined);
  const again = await open(without);
  await engine.analyse(again.project, without);
  assert.deepEqual((await open(without)).project.analysis, fresh);

  // An edited file changes the inputs.
  appendFileSync(path.join(sample, 'src', 'nswapd_mem.c'), '\n/* edited */\n');
  const edited = await open(without);
  assert.equal(edited.project.analysis, undefined);
  assert.equal(edited.analysing, true);
});

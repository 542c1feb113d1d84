import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createApi, type ApiOptions } from '../../../main/api/api';
import { dispatch } from '../../../main/api/dispatch';
import type { Progress, Result } from '../../../preload/contract';
import { createFakeEngine } from './fake-engine';

function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(path.join(os.tmpdir(), `leakscope-${prefix}-`)));
}

/** A project folder with two C files: three allocations, one marked freed. */
function makeProject(): string {
  const root = tempDir('proj');
  writeFileSync(path.join(root, 'a.c'), 'void a(void) {\n  char *p = malloc(4);\n  char *q = malloc(8); /*freed*/\n}\n');
  writeFileSync(path.join(root, 'b.c'), 'void b(void) {\n  int *p = malloc(2);\n}\n');
  return root;
}

function setup(extra: Partial<ApiOptions> = {}) {
  const engine = createFakeEngine();
  const configDir = tempDir('config');
  const api = createApi({ engine, configDir, cacheDir: tempDir('cache'), ...extra });
  return { api, engine, configDir };
}

function value<T>(result: Result<T>): T {
  if (!result.ok) assert.fail(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function errorCode(result: Result<unknown>): string {
  assert.equal(result.ok, false, 'expected a failure');
  return result.ok ? '' : result.error.code;
}

test('openFolder indexes a folder, reports it, and remembers it as recent', async () => {
  const root = makeProject();
  const { api } = setup();
  const progress: Progress[] = [];
  api.events.on('progress', (p) => progress.push(p));
  const changed: string[] = [];
  api.events.on('changed', (c) => changed.push(c.reason));

  const info = value(await api.openFolder(root));
  assert.equal(info.root, root);
  assert.equal(info.name, path.basename(root));
  assert.equal(info.files, 2);
  assert.deepEqual(info.warnings, []);
  assert.deepEqual(changed, ['opened']);
  assert.equal(progress[0]?.phase, 'walk');
  assert.deepEqual(progress.at(-1), { phase: 'done', done: 2, total: 2, message: `Opened ${path.basename(root)}` });
  assert.ok(progress.some((p) => p.phase === 'parse' && p.done === 2 && p.total === 2));

  const snapshot = value(await api.getSnapshot());
  assert.deepEqual(snapshot.graph.functions.map((f) => f.id), ['a', 'b']);
  assert.deepEqual(snapshot.analysis.suspects, ['a.c:2:malloc', 'b.c:2:malloc']);
  assert.deepEqual(snapshot.analysis.passes[0]?.cleared.map((c) => c.site), ['a.c:3:malloc']);
  assert.deepEqual(value(await api.recentFolders()), [root]);
});

test('openFolder refuses a file, a missing path and a folder without C, keeping the open project', async () => {
  const root = makeProject();
  const empty = tempDir('empty');
  writeFileSync(path.join(empty, 'notes.txt'), 'no C here\n');
  const { api } = setup();
  value(await api.openFolder(root));

  assert.equal(errorCode(await api.openFolder(path.join(root, 'a.c'))), 'not-a-folder');
  assert.equal(errorCode(await api.openFolder(path.join(root, 'missing'))), 'not-found');
  assert.equal(errorCode(await api.openFolder(empty)), 'no-c-files');
  assert.equal(value(await api.getSnapshot()).project.root, root);
  assert.deepEqual(value(await api.recentFolders()), [root]);
});

test('thousands of warnings are listed up to 500 and summarised', async () => {
  const { api } = setup({ engine: createFakeEngine({ warnings: 1234 }) });
  const info = value(await api.openFolder(makeProject()));
  assert.equal(info.warnings.length, 501);
  assert.deepEqual(info.warnings[499], { file: 'a.c', line: 500, message: 'warning 500' });
  assert.deepEqual(info.warnings[500], { file: '', line: 0, message: '734 more warnings not listed' });
});

test('getSnapshot before any folder is open answers not-found', async () => {
  const { api } = setup();
  assert.equal(errorCode(await api.getSnapshot()), 'not-found');
});

test('readSource reads inside the folder and refuses ../, absolute paths and symlink escapes', async () => {
  const root = makeProject();
  const outside = tempDir('outside');
  writeFileSync(path.join(outside, 'secret.c'), 'secret\n');
  mkdirSync(path.join(root, 'sub'));
  symlinkSync(path.join(outside, 'secret.c'), path.join(root, 'escape.c'));
  symlinkSync(outside, path.join(root, 'sub', 'dirlink'));
  symlinkSync(path.join(root, 'b.c'), path.join(root, 'sub', 'inner.c'));
  const { api } = setup();
  value(await api.openFolder(root));

  assert.equal(value(await api.readSource('a.c')), readFileSync(path.join(root, 'a.c'), 'utf8'));
  assert.equal(value(await api.readSource('sub/inner.c')), readFileSync(path.join(root, 'b.c'), 'utf8'));
  for (const bad of ['../' + path.basename(outside) + '/secret.c', 'sub/../../x.c', path.join(outside, 'secret.c'), '/etc/passwd', 'escape.c', 'sub/dirlink/secret.c']) {
    const result = await api.readSource(bad);
    assert.equal(errorCode(result), 'outside-folder', bad);
  }
  assert.equal(errorCode(await api.readSource('nope.c')), 'not-found');
});

test('dispatch validates every argument at runtime', async () => {
  const { api } = setup();
  const code = async (channel: unknown, args: unknown) => errorCode(await dispatch(api, channel, args));
  assert.equal(await code('readSource', [42]), 'invalid-argument');
  assert.equal(await code('readSource', []), 'invalid-argument');
  assert.equal(await code('readSource', 'a.c'), 'invalid-argument');
  assert.equal(await code('openFolder', ['x'.repeat(5000)]), 'invalid-argument');
  assert.equal(await code('openFolder', ['a', 'b']), 'invalid-argument');
  assert.equal(await code('addManualClear', ['everything', 'a.c:2:malloc', 'note']), 'invalid-argument');
  assert.equal(await code('addManualClear', ['site', 'a.c:2:malloc', 7]), 'invalid-argument');
  assert.equal(await code('setPasses', [['freed', 3], []]), 'invalid-argument');
  assert.equal(await code('saveExport', ['gif', 'x.gif', '']), 'invalid-argument');
  assert.equal(await code('saveExport', ['md', '../evil.md', '']), 'invalid-argument');
  assert.equal(await code('saveExport', ['md', 'w.md', '', [{ name: '../pass-1.png', base64: '' }]]), 'invalid-argument');
  assert.equal(await code('saveExport', ['md', 'w.md', '', [{ name: 'pass-1.png', base64: 'not base64!' }]]), 'invalid-argument');
  assert.equal(await code('constructor', []), 'invalid-argument');
  assert.equal(await code('__proto__', []), 'invalid-argument');
  // Valid calls pass through to the API.
  assert.deepEqual(await dispatch(api, 'recentFolders', []), { ok: true, value: [] });
  assert.deepEqual(await dispatch(api, 'saveExport', ['md', 'w.md', '# x']), { ok: true, value: null });
});

test('a manual clear is saved and survives a new API instance on the same folder', async () => {
  const root = makeProject();
  const first = setup();
  value(await first.api.openFolder(root));
  const view = value(await first.api.addManualClear('site', 'b.c:2:malloc', '  freed by the caller in main.c  '));
  assert.deepEqual(view.suspects, ['a.c:2:malloc']);
  assert.equal(view.investigation.manual.length, 1);
  assert.equal(view.investigation.manual[0]?.note, 'freed by the caller in main.c');
  assert.equal(view.canUndo, true);

  const saved = JSON.parse(readFileSync(path.join(root, '.leakscope', 'investigation.json'), 'utf8'));
  assert.deepEqual(saved.manual.map((m: { target: string }) => m.target), ['b.c:2:malloc']);

  const second = setup();
  value(await second.api.openFolder(root));
  const reopened = value(await second.api.getSnapshot()).analysis;
  assert.deepEqual(reopened.suspects, ['a.c:2:malloc']);
  assert.equal(reopened.investigation.manual[0]?.note, 'freed by the caller in main.c');
  assert.equal(reopened.canUndo, false);
});

test('concurrent manual clears are applied one after the other, none lost', async () => {
  const root = makeProject();
  const { api } = setup();
  value(await api.openFolder(root));
  const results = await Promise.all([api.addManualClear('site', 'a.c:2:malloc', 'one'), api.addManualClear('site', 'b.c:2:malloc', 'two')]);
  assert.deepEqual(results.map((r) => value(r).investigation.manual.length), [1, 2]);
  const saved = JSON.parse(readFileSync(path.join(root, '.leakscope', 'investigation.json'), 'utf8'));
  assert.deepEqual(saved.manual.map((m: { note: string }) => m.note), ['one', 'two']);
  assert.deepEqual(value(await api.getSnapshot()).analysis.suspects, []);
});

test('manual clears of unknown targets are refused', async () => {
  const root = makeProject();
  const { api } = setup();
  value(await api.openFolder(root));
  assert.equal(errorCode(await api.addManualClear('site', 'z.c:1:malloc', 'n')), 'invalid-argument');
  assert.equal(errorCode(await api.addManualClear('function', 'nope', 'n')), 'invalid-argument');
  assert.equal(value(await api.addManualClear('file', 'a.c', 'n')).investigation.manual.length, 1);
  assert.equal(errorCode(await api.removeManualClear('m-unknown')), 'invalid-argument');
});

test('undo and redo step through investigation values and keep the file in step', async () => {
  const root = makeProject();
  const { api } = setup();
  value(await api.openFolder(root));
  const file = path.join(root, '.leakscope', 'investigation.json');
  const savedManual = () => JSON.parse(readFileSync(file, 'utf8')).manual.length as number;

  const added = value(await api.addManualClear('site', 'a.c:2:malloc', 'first'));
  const id = added.investigation.manual[0]!.id;
  value(await api.addManualClear('site', 'b.c:2:malloc', 'second'));
  assert.equal(savedManual(), 2);

  let view = value(await api.undo());
  assert.deepEqual(view.investigation.manual.map((m) => m.note), ['first']);
  assert.deepEqual(view.suspects, ['b.c:2:malloc']);
  assert.equal(view.canRedo, true);
  assert.equal(savedManual(), 1);

  view = value(await api.undo());
  assert.deepEqual(view.investigation.manual, []);
  assert.equal(view.canUndo, false);
  view = value(await api.undo());
  assert.deepEqual(view.investigation.manual, []);

  view = value(await api.redo());
  assert.deepEqual(view.investigation.manual.map((m) => m.id), [id]);
  assert.equal(savedManual(), 1);

  // A new change drops the redo stack.
  view = value(await api.removeManualClear(id));
  assert.deepEqual(view.investigation.manual, []);
  assert.equal(view.canRedo, false);
  assert.equal(savedManual(), 0);
});

test('setPasses reorders and disables passes, refusing unknown names', async () => {
  const root = makeProject();
  const { api } = setup();
  value(await api.openFolder(root));
  const view = value(await api.setPasses(['manual'], ['freed']));
  assert.deepEqual(view.investigation.passOrder, ['manual', 'freed']);
  assert.deepEqual(view.investigation.disabled, ['freed']);
  assert.deepEqual(view.suspects, ['a.c:2:malloc', 'a.c:3:malloc', 'b.c:2:malloc']);
  assert.equal(errorCode(await api.setPasses(['bogus'], [])), 'invalid-argument');
  assert.equal(errorCode(await api.setPasses(['freed', 'freed'], [])), 'invalid-argument');
});

test('an unusable investigation file is kept aside and reported, not overwritten', async () => {
  const root = makeProject();
  mkdirSync(path.join(root, '.leakscope'));
  writeFileSync(path.join(root, '.leakscope', 'investigation.json'), '{ not json');
  const { api } = setup();
  const info = value(await api.openFolder(root));
  assert.equal(info.warnings.length, 1);
  assert.match(info.warnings[0]!.message, /kept as investigation\.json\.corrupt-/);
  const kept = readdirSync(path.join(root, '.leakscope')).filter((f) => f.startsWith('investigation.json.corrupt-'));
  assert.equal(kept.length, 1);
  assert.equal(readFileSync(path.join(root, '.leakscope', kept[0]!), 'utf8'), '{ not json');
});

test('cancel stops a running index and the previous project stays open', async () => {
  const first = makeProject();
  const second = makeProject();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const engine = createFakeEngine();
  const { api } = setup({ engine });
  value(await api.openFolder(first));
  // Slow down the next index so it can be cancelled mid-way.
  const slow = createFakeEngine({ gate });
  engine.index = slow.index.bind(slow);
  const phases: string[] = [];
  // Cancel once the index is under way (a fixed delay raced a slow start on a cold checkout).
  const underway = new Promise<void>((resolve) =>
    api.events.on('progress', (p) => {
      phases.push(p.phase);
      if (p.phase === 'parse') resolve();
    }),
  );
  const opening = api.openFolder(second);
  await underway;
  assert.deepEqual(await api.cancel(), { ok: true, value: null });
  assert.equal(errorCode(await opening), 'cancelled');
  assert.equal(phases.at(-1), 'cancelled');
  assert.equal(value(await api.getSnapshot()).project.root, first);
  release();
});

test('saveExport writes the file and its pass snapshots beside it through chooseSavePath', async () => {
  const out = tempDir('export');
  const asked: string[] = [];
  const { api } = setup({
    chooseSavePath: async (kind, name) => {
      asked.push(`${kind}:${name}`);
      return path.join(out, 'writeup.md');
    },
  });
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64');
  const saved = value(await api.saveExport('md', 'nswap.md', '# Write-up\n![pass 1](pass-1.png)\n', [{ name: 'pass-1.png', base64: png }]));
  assert.equal(saved, path.join(out, 'writeup.md'));
  assert.deepEqual(asked, ['md:nswap.md']);
  assert.equal(readFileSync(path.join(out, 'writeup.md'), 'utf8'), '# Write-up\n![pass 1](pass-1.png)\n');
  assert.deepEqual([...readFileSync(path.join(out, 'pass-1.png'))], [0x89, 0x50, 0x4e, 0x47]);

  const cancelled = setup({ chooseSavePath: async () => null });
  assert.deepEqual(await cancelled.api.saveExport('png', 'x.png', png), { ok: true, value: null });
  assert.equal(existsSync(path.join(out, 'x.png')), false);
});

test('chooseFolder answers null without a native dialog and the dialog result with one', async () => {
  assert.deepEqual(await setup().api.chooseFolder(), { ok: true, value: null });
  assert.deepEqual(await setup({ chooseFolder: async () => '/picked' }).api.chooseFolder(), { ok: true, value: '/picked' });
});

test('getWriteup comes from the engine for the open project', async () => {
  const root = makeProject();
  const { api } = setup();
  value(await api.openFolder(root));
  assert.equal(value(await api.getWriteup()), `# ${path.basename(root)}\n2 suspects\n`);
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { defaultConfigDir, MAX_RECENT, UserStateStore } from '../../../main/api/user-state';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'leakscope-state-'));

test('recent folders are newest first, unique, capped, and survive a new store', async () => {
  const dir = tempDir();
  const store = new UserStateStore(dir);
  for (let i = 0; i < MAX_RECENT + 3; i++) await store.addRecent(`/src/p${i}`);
  await store.addRecent('/src/p5');
  const expected = ['/src/p5', '/src/p12', '/src/p11', '/src/p10', '/src/p9', '/src/p8', '/src/p7', '/src/p6', '/src/p4', '/src/p3'];
  assert.deepEqual(store.recent, expected);
  assert.deepEqual(new UserStateStore(dir).recent, expected);
});

test('window bounds are saved synchronously and read back; junk bounds are ignored', () => {
  const dir = tempDir();
  const store = new UserStateStore(dir);
  store.setBoundsSync({ x: 10, y: 20, width: 1200, height: 800, maximized: true });
  assert.deepEqual(new UserStateStore(dir).bounds, { x: 10, y: 20, width: 1200, height: 800, maximized: true });
  writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ recent: ['/a', 3], bounds: { x: 'left' } }));
  const reread = new UserStateStore(dir);
  assert.deepEqual(reread.recent, ['/a']);
  assert.equal(reread.bounds, undefined);
});

test('a corrupt state file means a fresh start, and the next save repairs it', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'state.json'), '{{{');
  const store = new UserStateStore(dir);
  assert.deepEqual(store.recent, []);
  await store.addRecent('/src/x');
  assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')), { recent: ['/src/x'] });
});

test('the config dir follows XDG_CONFIG_HOME when it is absolute', () => {
  assert.equal(defaultConfigDir({ XDG_CONFIG_HOME: '/cfg' }), path.join('/cfg', 'leakscope'));
  assert.equal(defaultConfigDir({ XDG_CONFIG_HOME: 'relative' }), path.join(os.homedir(), '.config', 'leakscope'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, openSync, writeSync, closeSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MAX_FILE_BYTES } from '../../../main/index/config';
import { decodeSource, readSourceBytes, readSourceFile } from '../../../main/index/read';
import { makeTree, removeTree } from './helpers';

test('a UTF-8 file reads with its sha1', async () => {
  const text = 'int main(void) { return 0; } /* café */\n';
  const root = makeTree({ 'a.c': text });
  try {
    const r = await readSourceFile(path.join(root, 'a.c'), 'a.c', DEFAULT_MAX_FILE_BYTES);
    assert.deepEqual(r, { ok: true, hash: createHash('sha1').update(Buffer.from(text)).digest('hex'), text });
  } finally {
    removeTree(root);
  }
});

test('a binary file named .c is skipped with a warning giving the NUL offset', async () => {
  const root = makeTree({ 'blob.c': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0x01]) });
  try {
    const r = await readSourceBytes(path.join(root, 'blob.c'), 'blob.c', DEFAULT_MAX_FILE_BYTES);
    assert.deepEqual(r, { ok: false, warning: { file: 'blob.c', line: 0, message: 'skipped: binary file (NUL byte at offset 5)' } });
  } finally {
    removeTree(root);
  }
});

test('Latin-1 source is decoded as Latin-1 with a warning naming the line', async () => {
  // "/* Gr\xfc\xdfe */" on line 2: ü and ß as single Latin-1 bytes.
  const bytes = Buffer.concat([Buffer.from('int x;\n/* Gr'), Buffer.from([0xfc, 0xdf]), Buffer.from('e */\nint y;\n')]);
  const root = makeTree({ 'old.c': bytes });
  try {
    const r = await readSourceFile(path.join(root, 'old.c'), 'old.c', DEFAULT_MAX_FILE_BYTES);
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.equal(r.text, 'int x;\n/* Grüße */\nint y;\n');
    assert.deepEqual(r.warning, { file: 'old.c', line: 2, message: 'not valid UTF-8 (first bad byte on line 2); read as Latin-1' });
  } finally {
    removeTree(root);
  }
});

test('decodeSource accepts multi-byte UTF-8 and flags a truncated sequence', () => {
  assert.deepEqual(decodeSource(Buffer.from('a\n€\n'), 'u.c'), { text: 'a\n€\n' });
  assert.equal(decodeSource(Buffer.from([0x61, 0x0a, 0x0a, 0xe2, 0x82]), 't.c').warning?.line, 3);
});

test('a generated 50 MB .c is skipped before reading, naming size and limit', async () => {
  const root = makeTree({});
  const file = path.join(root, 'generated.c');
  const fd = openSync(file, 'w');
  try {
    const chunk = Buffer.from('int table_entry_0000000 = 1;\n'.repeat(36158)); // ~1 MB
    for (let i = 0; i < 50; i++) writeSync(fd, chunk);
    closeSync(fd);
    const r = await readSourceBytes(file, 'generated.c', DEFAULT_MAX_FILE_BYTES);
    assert.deepEqual(r, {
      ok: false,
      warning: { file: 'generated.c', line: 0, message: 'skipped: 50.0 MB is over the 16.0 MB limit (raise maxFileBytes in .leakscope/config.json to index it)' },
    });
    const allowed = await readSourceBytes(file, 'generated.c', 64 * 1024 * 1024);
    assert.equal(allowed.ok, true);
  } finally {
    removeTree(root);
  }
});

test('a file deleted between walk and read is a warning, not a crash', async () => {
  const root = makeTree({ 'gone.c': 'int x;' });
  try {
    unlinkSync(path.join(root, 'gone.c'));
    const r = await readSourceFile(path.join(root, 'gone.c'), 'gone.c', DEFAULT_MAX_FILE_BYTES);
    assert.deepEqual(r, { ok: false, warning: { file: 'gone.c', line: 0, message: 'deleted before it could be read' } });
  } finally {
    removeTree(root);
  }
});

test('a directory where a file was expected is a warning', async () => {
  const root = makeTree({ 'dir.c/x.c': '' });
  try {
    const r = await readSourceFile(path.join(root, 'dir.c'), 'dir.c', DEFAULT_MAX_FILE_BYTES);
    assert.deepEqual(r, { ok: false, warning: { file: 'dir.c', line: 0, message: 'is a directory, not a file' } });
  } finally {
    removeTree(root);
  }
});

test('an unreadable file is a warning naming it', async (t) => {
  const root = makeTree({ 'secret.c': 'int s;' });
  const file = path.join(root, 'secret.c');
  try {
    chmodSync(file, 0o000);
    const expected = { ok: false, warning: { file: 'secret.c', line: 0, message: 'cannot read: permission denied' } };
    if (process.getuid?.() !== 0) {
      assert.deepEqual(await readSourceFile(file, 'secret.c', DEFAULT_MAX_FILE_BYTES), expected);
      return;
    }
    // root reads anything, so read as an unprivileged user (nobody) in a child process.
    chmodSync(root, 0o755);
    const readTs = path.resolve(__dirname, '../../../main/index/read.ts');
    const script = `require(${JSON.stringify(readTs)}).readSourceFile(${JSON.stringify(file)}, 'secret.c', 1e6).then(r => process.stdout.write(JSON.stringify(r)))`;
    const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: path.resolve(__dirname, '../../..'), env: { ...process.env, HOME: '/tmp' } });
    if (child.status !== 0) {
      t.skip(`cannot run a child as user nobody here: ${child.stderr.split('\n')[0]}`);
      return;
    }
    assert.deepEqual(JSON.parse(child.stdout), expected);
  } finally {
    removeTree(root);
  }
});

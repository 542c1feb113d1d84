import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { walkSourceTree } from '../../../main/index/walk';
import { makeTree, removeTree } from './helpers';

const rels = (r: { files: { rel: string }[] }): string[] => r.files.map((f) => f.rel);

test('finds .c and .h files only, sorted, with / separators', async () => {
  const root = makeTree({ 'b.c': 'int b;', 'a/x.h': '', 'a/y.c': '', 'a/readme.txt': '', 'z.cpp': '', 'Makefile': '', 'c.C': '' });
  try {
    const r = await walkSourceTree(root);
    assert.deepEqual(rels(r), ['a/x.h', 'a/y.c', 'b.c']);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.files[2].size, 6);
    assert.equal(r.files[2].abs, path.join(root, 'b.c'));
  } finally {
    removeTree(root);
  }
});

test('inside a git work tree, honours .gitignore at every level, including negation', async () => {
  const root = makeTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'gen/\n*.gen.c\n',
    'gen/out.c': '',
    'keep.c': '',
    'x.gen.c': '',
    'sub/.gitignore': 'local.c\n!x.gen.c\n',
    'sub/local.c': '',
    'sub/x.gen.c': '',
    'sub/ok.h': '',
  });
  try {
    const r = await walkSourceTree(root);
    assert.deepEqual(rels(r), ['keep.c', 'sub/ok.h', 'sub/x.gen.c']);
    assert.equal(r.ignoredFiles, 2); // x.gen.c, sub/local.c (gen/ is a folder left out whole)
  } finally {
    removeTree(root);
  }
});

test('outside a git work tree, .gitignore is not applied (a tarball can ship a foreign one, like Debian linux-source\'s `/*`)', async () => {
  const root = makeTree({ '.gitignore': '/*\n!/debian/\n', 'fs/inode.c': '', 'kernel/fork.c': '', 'debian/x.c': '' });
  try {
    const r = await walkSourceTree(root);
    assert.deepEqual(rels(r), ['debian/x.c', 'fs/inode.c', 'kernel/fork.c']);
    assert.equal(r.ignoredFiles, 0);
  } finally {
    removeTree(root);
  }
});

test('opening a subfolder of a git work tree applies the .gitignore files above it, relative to their own folders', async () => {
  const repo = makeTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': '*.gen.c\n/src/vendor/\n',
    'src/.gitignore': 'local.c\n',
    'src/a.c': '',
    'src/a.gen.c': '',
    'src/local.c': '',
    'src/vendor/v.c': '',
    'src/lib/b.c': '',
  });
  try {
    const r = await walkSourceTree(path.join(repo, 'src', 'lib'));
    assert.deepEqual(rels(r), ['b.c']);
    const s = await walkSourceTree(path.join(repo, 'src'));
    assert.deepEqual(rels(s), ['a.c', 'lib/b.c']);
    assert.equal(s.ignoredFiles, 2);
  } finally {
    removeTree(repo);
  }
});

test('skips .git, quilt\'s .pc, node_modules, .leakscope and build output, but not a source folder named build', async () => {
  const root = makeTree({
    '.git/hooks/a.c': '',
    '.pc/01-fix.patch/main.c': '',
    'node_modules/m/m.c': '',
    '.leakscope/x.h': '',
    'build/CMakeCache.txt': '',
    'build/gen.c': '',
    'tools/build/fixdep.c': '',
    'main.c': '',
  });
  try {
    const r = await walkSourceTree(root);
    assert.deepEqual(rels(r), ['main.c', 'tools/build/fixdep.c']);
    assert.deepEqual(r.skippedDirs, ['.git', '.leakscope', '.pc', 'build', 'node_modules']);
  } finally {
    removeTree(root);
  }
});

test('include and exclude globs from the config', async () => {
  const root = makeTree({ 'drivers/a.c': '', 'drivers/net/b.c': '', 'fs/c.c': '', 'fs/c.h': '', 'arch/x86/d.c': '' });
  try {
    assert.deepEqual(rels(await walkSourceTree(root, { exclude: ['arch/**', '*.h'] })), ['drivers/a.c', 'drivers/net/b.c', 'fs/c.c']);
    assert.deepEqual(rels(await walkSourceTree(root, { include: ['drivers/**'] })), ['drivers/a.c', 'drivers/net/b.c']);
    assert.deepEqual(rels(await walkSourceTree(root, { include: ['**/*.c'], exclude: ['drivers/net'] })), ['arch/x86/d.c', 'drivers/a.c', 'fs/c.c']);
  } finally {
    removeTree(root);
  }
});

test('follows symlinks without looping; a file reached twice is indexed once', async () => {
  const root = makeTree({ 'src/a.c': '', 'other/o.c': '' });
  try {
    symlinkSync(root, path.join(root, 'src/loop')); // back to the root
    symlinkSync(path.join(root, 'src'), path.join(root, 'src/self')); // to itself
    symlinkSync(path.join(root, 'other'), path.join(root, 'linked')); // a second path to other/
    symlinkSync(path.join(root, 'src/a.c'), path.join(root, 'alias.c')); // a second path to a file
    symlinkSync(path.join(root, 'missing.c'), path.join(root, 'broken.c'));
    const r = await walkSourceTree(root);
    // Real paths win over links, whatever the names sort like.
    assert.deepEqual(rels(r), ['other/o.c', 'src/a.c']);
    assert.deepEqual(
      r.warnings.map((w) => `${w.file}: ${w.message}`),
      [
        'broken.c: broken or looping symlink (disappeared during the walk); skipped',
        'linked: symlink loop or repeated folder: already walked, skipped',
        'src/loop: symlink loop or repeated folder: already walked, skipped',
        'src/self: symlink loop or repeated folder: already walked, skipped',
      ],
    );
  } finally {
    removeTree(root);
  }
});

test('an unreadable folder is a warning naming it; the rest is walked', async (t) => {
  const root = makeTree({ 'ok/a.c': '', 'secret/s.c': '' });
  try {
    chmodSync(path.join(root, 'secret'), 0o000);
    const isRoot = process.getuid?.() === 0;
    if (!isRoot) {
      const r = await walkSourceTree(root);
      assert.deepEqual(rels(r), ['ok/a.c']);
      assert.deepEqual(r.warnings, [{ file: 'secret', line: 0, message: 'cannot read directory (permission denied); skipped' }]);
      return;
    }
    // root reads anything, so walk as an unprivileged user (nobody) in a child process.
    chownSync(root, 65534, 65534);
    chownSync(path.join(root, 'ok'), 65534, 65534);
    const walkTs = path.resolve(__dirname, '../../../main/index/walk.ts');
    const script = `require(${JSON.stringify(walkTs)}).walkSourceTree(${JSON.stringify(root)}).then(r => process.stdout.write(JSON.stringify({ files: r.files.map(f => f.rel), warnings: r.warnings })))`;
    const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: path.resolve(__dirname, '../../..'), env: { ...process.env, HOME: '/tmp' } });
    if (child.status !== 0) {
      t.skip(`cannot run a child as user nobody here: ${child.stderr.split('\n')[0]}`);
      return;
    }
    assert.deepEqual(JSON.parse(child.stdout), { files: ['ok/a.c'], warnings: [{ file: 'secret', line: 0, message: 'cannot read directory (permission denied); skipped' }] });
  } finally {
    chmodSync(path.join(root, 'secret'), 0o755);
    removeTree(root);
  }
});

test('same tree walked twice gives the same order', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`d${i % 7}/f${i}.c`] = '';
  const root = makeTree(files);
  try {
    mkdirSync(path.join(root, 'empty'));
    const a = rels(await walkSourceTree(root));
    const b = rels(await walkSourceTree(root));
    assert.equal(a.length, 40);
    assert.deepEqual(a, b);
    assert.deepEqual(a, [...a].sort());
  } finally {
    removeTree(root);
  }
});

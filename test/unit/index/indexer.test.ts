import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheFileFor } from '../../../main/index/cache';
import { defaultConfig, type ProjectConfig } from '../../../main/index/config';
import { IndexError, indexFolder } from '../../../main/index/indexer';
import { makeTree, removeTree } from './helpers';

const SOURCES = {
  'src/a.c': '#include "a.h"\nstatic int init(void) { return 0; }\nint a_main(void) { char *p = kmalloc(8, GFP_KERNEL); kfree(p); return init(); }\n',
  'src/b.c': 'static int init(void) { return 1; }\nint b_main(void) { return init(); }\n',
  'include/a.h': '#define ALLOC(t) kmalloc(sizeof(t), GFP_KERNEL)\nint a_main(void);\n',
};
const config = (extra: Partial<ProjectConfig> = {}): ProjectConfig => ({ ...defaultConfig(), ...extra });
/** Two days ago: old enough for the cache to trust size + mtime. */
const OLD = new Date(Date.now() - 2 * 24 * 3600 * 1000);

function age(root: string): void {
  for (const rel of Object.keys(SOURCES)) utimesSync(path.join(root, rel), OLD, OLD);
}

test('indexes a tree: facts sorted by path, counts, bytes', async () => {
  const root = makeTree(SOURCES);
  try {
    const r = await indexFolder(root, { config: config(), cacheDir: null });
    assert.deepEqual(r.facts.map((f) => f.file), ['include/a.h', 'src/a.c', 'src/b.c']);
    assert.deepEqual(r.facts.map((f) => f.functions.map((fn) => fn.name)), [[], ['init', 'a_main'], ['init', 'b_main']]);
    assert.deepEqual(r.facts[0].macros.map((m) => m.name), ['ALLOC']);
    assert.deepEqual({ ...r.stats, durationMs: 0 }, { files: 3, cached: 0, parsed: 3, skipped: 0, bytes: Object.values(SOURCES).join('').length, durationMs: 0 });
    assert.deepEqual(r.warnings, []);
  } finally {
    removeTree(root);
  }
});

test('cache: a second run parses nothing, an edit re-parses exactly that file', async () => {
  const root = makeTree(SOURCES);
  const cacheDir = makeTree({});
  try {
    age(root);
    const first = await indexFolder(root, { config: config(), cacheDir });
    assert.deepEqual([first.stats.parsed, first.stats.cached], [3, 0]);
    // An index and one bodies file per root, no temp files left.
    assert.deepEqual(readdirSync(cacheDir).map((n) => n.replace(/-[0-9a-f]{16}/, '-#').replace(/\.[a-z0-9]+\.heavy$/, '.gen.heavy')).sort(), [`${path.basename(first.root)}-#.gen.heavy`, `${path.basename(first.root)}-#.json`]);
    const second = await indexFolder(root, { config: config(), cacheDir });
    assert.deepEqual([second.stats.parsed, second.stats.cached], [0, 3]);
    assert.deepEqual(second.facts, first.facts);

    writeFileSync(path.join(root, 'src/b.c'), 'static int init(void) { return 2; }\nint b_main(void) { return init() + 1; }\n');
    const third = await indexFolder(root, { config: config(), cacheDir });
    assert.deepEqual([third.stats.parsed, third.stats.cached], [1, 2]);
    assert.equal(third.facts[2].functions[1].endLine, 2);
    const fourth = await indexFolder(root, { config: config(), cacheDir });
    assert.deepEqual([fourth.stats.parsed, fourth.stats.cached], [0, 3]);
    assert.deepEqual(fourth.facts, third.facts);

    // Bodies files of runs that died before saving: a stale one is removed by the next save, a recent one (a run still going) is not.
    const base = (readdirSync(cacheDir).find((n) => n.endsWith('.json')) ?? '').slice(0, -'.json'.length);
    const stale = path.join(cacheDir, `${base}.dead1.heavy.tmp`);
    const live = path.join(cacheDir, `${base}.live1.heavy.tmp`);
    writeFileSync(stale, '[]');
    writeFileSync(live, '[]');
    utimesSync(stale, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
    writeFileSync(path.join(root, 'src/b.c'), 'int b_main(void) { return 3; }\n');
    const fifth = await indexFolder(root, { config: config(), cacheDir });
    assert.deepEqual([fifth.stats.parsed, fifth.stats.cached], [1, 2]);
    assert.deepEqual(readdirSync(cacheDir).filter((n) => n.endsWith('.tmp')), [path.basename(live)]);
  } finally {
    removeTree(root);
    removeTree(cacheDir);
  }
});

test('cache: a renamed file with the same content is not parsed again; new defines re-parse everything', async () => {
  const root = makeTree(SOURCES);
  const cacheDir = makeTree({});
  try {
    await indexFolder(root, { config: config(), cacheDir });
    writeFileSync(path.join(root, 'src/c.c'), readFileSync(path.join(root, 'src/b.c')));
    const renamed = await indexFolder(root, { config: config(), cacheDir });
    assert.deepEqual([renamed.stats.parsed, renamed.stats.cached], [0, 4]);
    assert.equal(renamed.facts[3].file, 'src/c.c');
    const defined = await indexFolder(root, { config: config({ defines: { CONFIG_X: '1' } }), cacheDir });
    assert.deepEqual([defined.stats.parsed, defined.stats.cached], [4, 0]);
  } finally {
    removeTree(root);
    removeTree(cacheDir);
  }
});

for (const [what, damage, message] of [
  ['corrupt', (): string => 'not json at all {', 'cache file is corrupt or truncated; rebuilding it'],
  ['truncated', (text: string): string => text.slice(0, Math.floor(text.length / 2)), 'cache file is corrupt or truncated; rebuilding it'],
  ['foreign', (): string => JSON.stringify({ hello: 'world' }), 'cache file is not a Leakscope cache of this version; rebuilding it'],
  [
    'damaged entries',
    (text: string): string => {
      const raw = JSON.parse(text) as { entries: { meta: unknown }[] };
      raw.entries[1].meta = { functions: 'oops' };
      return JSON.stringify(raw);
    },
    'cache file has damaged entries; rebuilding it',
  ],
] as const) {
  test(`cache: a ${what} cache file is rebuilt with a warning, never a crash`, async () => {
    const root = makeTree(SOURCES);
    const cacheDir = makeTree({});
    try {
      await indexFolder(root, { config: config(), cacheDir });
      const name = readdirSync(cacheDir).find((n) => n.endsWith('.json')) ?? '';
      const cacheFile = path.join(cacheDir, name);
      writeFileSync(cacheFile, damage(readFileSync(cacheFile, 'utf8')));
      const rebuilt = await indexFolder(root, { config: config(), cacheDir });
      assert.deepEqual([rebuilt.stats.parsed, rebuilt.stats.cached], [3, 0]);
      assert.deepEqual(rebuilt.warnings, [{ file: cacheFile, line: 0, message }]);
      const after = await indexFolder(root, { config: config(), cacheDir });
      assert.deepEqual([after.stats.parsed, after.stats.cached, after.warnings.length], [0, 3, 0]);
      assert.equal(cacheFile, cacheFileFor(cacheDir, rebuilt.root));
    } finally {
      removeTree(root);
      removeTree(cacheDir);
    }
  });
}

test('cache: a missing or truncated bodies file is rebuilt with a warning; bodies read from the cache equal parsed ones', async () => {
  const root = makeTree(SOURCES);
  const cacheDir = makeTree({});
  try {
    age(root);
    const parsed = await indexFolder(root, { config: config(), cacheDir });
    const cached = await indexFolder(root, { config: config(), cacheDir });
    assert.equal(cached.stats.cached, 3);
    // Bodies come from the bodies file on first access and equal the parsed ones.
    assert.deepEqual(cached.facts[1].functions[1].body, parsed.facts[1].functions[1].body);
    assert.deepEqual(cached.facts[1].functions[1].body.map((s) => s.k), ['call', 'call', 'call', 'return']);
    const heavy = readdirSync(cacheDir).find((n) => n.endsWith('.heavy')) ?? '';
    const index = path.join(cacheDir, readdirSync(cacheDir).find((n) => n.endsWith('.json')) ?? '');
    writeFileSync(path.join(cacheDir, heavy), 'short');
    const truncated = await indexFolder(root, { config: config(), cacheDir });
    assert.deepEqual([truncated.stats.parsed, truncated.warnings], [3, [{ file: index, line: 0, message: 'cache bodies file is truncated; rebuilding it' }]]);
    for (const name of readdirSync(cacheDir)) if (name.endsWith('.heavy')) rmSync(path.join(cacheDir, name));
    const missing = await indexFolder(root, { config: config(), cacheDir });
    assert.deepEqual([missing.stats.parsed, missing.warnings], [3, [{ file: index, line: 0, message: 'cache bodies file is missing; rebuilding it' }]]);
  } finally {
    removeTree(root);
    removeTree(cacheDir);
  }
});

test('bad files are skipped or decoded with warnings naming them; the rest of the index stands', async () => {
  const root = makeTree({
    'ok.c': 'int ok(void) { return 0; }\n',
    'blob.c': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x00]),
    'big.c': `int big[] = { ${'1, '.repeat(400)}1 };\n`,
    'latin.c': Buffer.concat([Buffer.from('/* '), Buffer.from([0xe9]), Buffer.from(' */\nint latin(void) { return 1; }\n')]),
  });
  try {
    const r = await indexFolder(root, { config: config({ maxFileBytes: 1000 }), cacheDir: null });
    assert.deepEqual(r.facts.map((f) => f.file), ['latin.c', 'ok.c']);
    assert.deepEqual(r.facts[0].functions.map((f) => f.name), ['latin']);
    assert.deepEqual(r.facts[0].warnings[0], { file: 'latin.c', line: 1, message: 'not valid UTF-8 (first bad byte on line 1); read as Latin-1' });
    assert.deepEqual(r.warnings.map((w) => `${w.file}: ${w.message}`), [
      'big.c: skipped: 1.2 KB is over the 1000 bytes limit (raise maxFileBytes in .leakscope/config.json to index it)',
      'blob.c: skipped: binary file (NUL byte at offset 4)',
    ]);
    assert.deepEqual([r.stats.files, r.stats.parsed, r.stats.skipped], [2, 2, 2]);
  } finally {
    removeTree(root);
  }
});

test('folder errors are typed IndexErrors naming the path', async () => {
  const root = makeTree({ 'notes.txt': 'no C here', 'file.c': 'int x;' });
  const expect = async (target: string, code: string, message: string): Promise<void> => {
    await assert.rejects(indexFolder(target, { config: config(), cacheDir: null }), (err: unknown) => {
      assert.ok(err instanceof IndexError);
      assert.deepEqual([err.code, err.message, err.path], [code, message, target]);
      return true;
    });
  };
  try {
    await expect(path.join(root, 'missing'), 'not-found', `${path.join(root, 'missing')}: no such folder`);
    await expect(path.join(root, 'file.c'), 'not-a-folder', `${path.join(root, 'file.c')}: not a folder`);
    const empty = makeTree({ 'README': '' });
    try {
      await expect(empty, 'no-c-files', `${empty}: no C files (*.c, *.h) found`);
    } finally {
      removeTree(empty);
    }
    const ignored = makeTree({ '.git/HEAD': '', '.gitignore': '*.c\n', 'a.c': '', 'b.c': '' });
    try {
      await expect(ignored, 'no-c-files', `${ignored}: no C files (*.c, *.h) found (2 left out by .gitignore)`);
    } finally {
      removeTree(ignored);
    }
  } finally {
    removeTree(root);
  }
});

test('progress reports every parsed file, and a cancelled run is an IndexError of code cancelled', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) files[`f${String(i).padStart(2, '0')}.c`] = `int f${i}(void) { return ${i}; }\n`;
  const root = makeTree(files);
  try {
    const seen: string[] = [];
    const r = await indexFolder(root, { config: config(), cacheDir: null, jobs: 2, onProgress: (p) => seen.push(`${p.phase} ${p.done}/${p.total}`) });
    assert.equal(r.stats.parsed, 30);
    assert.deepEqual(seen.slice(0, 2), ['walk 0/0', 'parse 0/30']);
    assert.equal(seen[seen.length - 1], 'parse 30/30');
    assert.equal(seen.length, 32);

    const controller = new AbortController();
    const run = indexFolder(root, {
      config: config(),
      cacheDir: null,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'parse' && p.done === 1) controller.abort();
      },
    });
    await assert.rejects(run, (err: unknown) => err instanceof IndexError && err.code === 'cancelled' && err.message === `indexing ${root} was cancelled`);
  } finally {
    removeTree(root);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseIndexArgs } from '../../../main/commands/index-command';
import { makeTree, removeTree } from '../index/helpers';

const repo = path.resolve(__dirname, '../../..');
const cli = path.join(repo, 'main/cli.ts');

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, 'index', ...args], { cwd: repo, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TREE = {
  'lib/table.c': [
    '#include "mem.h"',
    'struct ht { void **table; };',
    'static int init(void) { return 0; }',
    'struct ht *ht_create(int n)',
    '{',
    '\tstruct ht *ht = kmalloc(sizeof(*ht), GFP_KERNEL);',
    '\tht->table = kzalloc(n * sizeof(void *), GFP_KERNEL);',
    '\tinit();',
    '\treturn ht;',
    '}',
    'void ht_destroy(struct ht *ht)',
    '{',
    '\tkfree(ht->table);',
    '\tFREE(ht);',
    '}',
    '',
  ].join('\n'),
  'lib/mem.h': '#define FREE(p) kfree(p)\n',
  'src/main.c': 'static int init(void) { return 1; }\nint main(void) { void *b = malloc(4); free(b); ht_destroy(ht_create(4)); return init(); }\n',
};

test('prints a summary and the seed-style tables; --api filters', () => {
  const root = makeTree(TREE);
  try {
    const r = run(root, '--no-cache', '--api', 'kmalloc,kfree');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const [summary, ...rest] = r.stdout.split('\n');
    assert.match(summary, /^Indexed 3 files \(0\.0 MB; 3 parsed, 0 from cache\) in \d+\.\d\d s: 11 functions, 11 calls, 3 sites\.$/);
    assert.equal(
      rest.join('\n'),
      [
        '',
        'There is 1 call to kmalloc.',
        '',
        'File         Function   Line  Code',
        'lib/table.c  ht_create     6  struct ht *ht = kmalloc(sizeof(*ht), GFP_KERNEL);',
        '',
        'There are 2 calls to kfree.',
        '',
        'File         Function    Line  Code',
        'lib/mem.h    FREE           1  #define FREE(p) kfree(p)',
        'lib/table.c  ht_destroy    13  kfree(ht->table);',
        '',
      ].join('\n'),
    );
  } finally {
    removeTree(root);
  }
});

test('--json prints exactly {functions, calls, sites} per the contract', () => {
  const root = makeTree(TREE);
  try {
    const r = run(root, '--json', '--no-cache');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, Record<string, unknown>[]>;
    assert.deepEqual(Object.keys(out), ['functions', 'calls', 'sites']);
    assert.deepEqual(Object.keys(out.functions[0]), ['id', 'name', 'file', 'line', 'endLine', 'static', 'kind']);
    assert.deepEqual(Object.keys(out.calls[0]), ['from', 'to', 'file', 'line', 'kind']);
    assert.deepEqual(Object.keys(out.sites[0]), ['id', 'kind', 'api', 'family', 'function', 'file', 'line', 'code', 'target']);
    const ids = (out.functions as { id: string }[]).map((f) => f.id);
    assert.deepEqual(ids, ['free', 'ht_create', 'ht_destroy', 'kfree', 'kmalloc', 'kzalloc', 'lib/mem.h::FREE', 'lib/table.c::init', 'main', 'malloc', 'src/main.c::init']);
    assert.deepEqual(
      (out.sites as { id: string; target: string; function: string }[]).map((s) => `${s.id} ${s.function} [${s.target}]`),
      [
        'lib/mem.h:1:kfree lib/mem.h::FREE [p]',
        'lib/table.c:6:kmalloc ht_create [ht]',
        'lib/table.c:7:kzalloc ht_create [ht->table]',
        'lib/table.c:13:kfree ht_destroy [ht->table]',
        'src/main.c:2:malloc main [b]',
        'src/main.c:2:free main [b]',
      ],
    );
    const json = run(root, '--json', '--no-cache', '--api=malloc');
    assert.deepEqual((JSON.parse(json.stdout) as { sites: { id: string }[] }).sites.map((s) => s.id), ['src/main.c:2:malloc']);
  } finally {
    removeTree(root);
  }
});

test('the cache makes a second run parse nothing', () => {
  const root = makeTree(TREE);
  const cache = makeTree({});
  try {
    assert.match(run(root, '--cache', cache).stdout, /3 parsed, 0 from cache/);
    assert.match(run(root, '--cache', cache).stdout, /0 parsed, 3 from cache/);
  } finally {
    removeTree(root);
    removeTree(cache);
  }
});

test('--json from the cache is byte-identical to a fresh parse', () => {
  const root = makeTree(TREE);
  const cache = makeTree({});
  try {
    const fresh = run(root, '--json', '--no-cache').stdout;
    assert.equal(run(root, '--json', '--cache', cache).stdout, fresh);
    assert.equal(run(root, '--json', '--cache', cache).stdout, fresh);
  } finally {
    removeTree(root);
    removeTree(cache);
  }
});

test('an unusable cache folder is a warning naming it; the index still succeeds', () => {
  const root = makeTree({ ...TREE, 'not-a-dir': 'x' });
  try {
    const cache = path.join(root, 'not-a-dir', 'cache');
    const r = run(root, '--cache', cache);
    assert.equal(r.code, 0);
    assert.match(r.stderr, new RegExp(`^leakscope: warning: ${cache.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[^:]+\\.json: cannot write the cache \\(ENOTDIR\\); the next run will parse again\n$`));
    assert.match(r.stdout, /3 parsed, 0 from cache/);
  } finally {
    removeTree(root);
  }
});

test('exit codes: 2 for usage errors, 1 for bad folders and bad config, errors name the path', () => {
  const root = makeTree({ 'a.txt': '', 'x.c': 'int x;', 'cfg/.leakscope/config.json': '{"allocators":[{"name":"a","family":"f","kind":"nope"}]}', 'cfg/a.c': '' });
  try {
    const usage = run();
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^leakscope index: missing DIR\nusage: leakscope index DIR/);
    assert.equal(run(root, '--bogus').code, 2);
    assert.equal(run(root, '--jobs', '0').code, 2);
    assert.equal(run(root, '--cache', '/tmp', '--no-cache').code, 2);
    assert.equal(run(root, 'other').code, 2);
    assert.equal(run('--help').code, 0);

    const missing = run(path.join(root, 'nope'), '--no-cache');
    assert.deepEqual([missing.code, missing.stdout, missing.stderr], [1, '', `leakscope index: ${path.join(root, 'nope')}: no such folder\n`]);
    const file = run(path.join(root, 'x.c'), '--no-cache');
    assert.deepEqual([file.code, file.stderr], [1, `leakscope index: ${path.join(root, 'x.c')}: not a folder\n`]);
    const empty = makeTree({});
    try {
      const none = run(empty, '--no-cache');
      assert.deepEqual([none.code, none.stderr], [1, `leakscope index: ${empty}: no C files (*.c, *.h) found\n`]);
    } finally {
      removeTree(empty);
    }
    const cfg = run(path.join(root, 'cfg'), '--no-cache');
    assert.deepEqual(
      [cfg.code, cfg.stderr],
      [1, `leakscope index: .leakscope/config.json: allocators[0].kind must be "alloc", "free" or "realloc" (${path.join(root, 'cfg/.leakscope/config.json')})\n`],
    );
  } finally {
    removeTree(root);
  }
});

test('warnings go to stderr naming the path and reason; the index still succeeds', () => {
  const root = makeTree({ 'ok.c': 'int main(void) { return 0; }\n', 'blob.c': Buffer.from([0x01, 0x00, 0x02]) });
  try {
    const r = run(root, '--no-cache');
    assert.equal(r.code, 0);
    assert.equal(r.stderr, 'leakscope: warning: blob.c: skipped: binary file (NUL byte at offset 1)\n');
    assert.match(r.stdout, /^Indexed 1 file \(0\.0 MB; 1 parsed, 0 from cache, 1 skipped\)/);
    assert.match(r.stdout, /No allocation or free calls found\.\n$/);
  } finally {
    removeTree(root);
  }
});

test('argument parsing: -D/-U forms, --api lists, --jobs', () => {
  assert.deepEqual(parseIndexArgs(['dir', '-DCONFIG_A', '-D', 'B=2', '-UC', '-U', 'D', '--api', 'kmalloc, kfree', '--api=vfree', '--jobs=3', '--cache', '/c']), {
    dir: 'dir',
    json: false,
    apis: ['kmalloc', 'kfree', 'vfree'],
    cacheDir: '/c',
    defines: { CONFIG_A: '1', B: '2' },
    undefines: ['C', 'D'],
    jobs: 3,
  });
  const noCache = parseIndexArgs(['dir', '--no-cache']);
  assert.equal(noCache === 'help' ? 'help' : noCache.cacheDir, null);
  assert.equal(parseIndexArgs(['-h']), 'help');
  assert.throws(() => parseIndexArgs(['dir', '-D', '1X']), /-D 1X: 1X is not a macro name/);
});

test('`leakscope passes` reports the same index warnings as `index`', () => {
  const root = makeTree({ 'ok.c': 'int main(void) { return 0; }\n', 'blob.c': Buffer.from([0x01, 0x00, 0x02]) });
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', cli, 'passes', root, '--no-cache'], { cwd: repo, encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.equal(r.stderr, 'leakscope: warning: blob.c: skipped: binary file (NUL byte at offset 1)\n');
  } finally {
    removeTree(root);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, DEFAULT_MAX_FILE_BYTES, defaultConfig, loadProjectConfig, validateConfig } from '../../../main/index/config';
import { makeTree, removeTree } from './helpers';

test('a missing config file gives the defaults', async () => {
  const root = makeTree({ 'a.c': '' });
  try {
    assert.deepEqual(await loadProjectConfig(root), defaultConfig());
    assert.deepEqual(defaultConfig(), { allocators: [], include: [], exclude: [], defines: {}, undefines: [], undefinedPrefixes: [], maxFileBytes: DEFAULT_MAX_FILE_BYTES });
  } finally {
    removeTree(root);
  }
});

test('a valid config is read with every key', async () => {
  const config = {
    allocators: [
      { name: 'pool_get', family: 'pool', kind: 'alloc' },
      { name: 'pool_put', family: 'pool', kind: 'free', arg: 1 },
      { name: 'make_buf', family: 'malloc', kind: 'alloc', arg: 0, managed: false },
    ],
    include: ['src/**'],
    exclude: ['src/gen/**'],
    defines: { CONFIG_SMP: '1', DEBUG: 2, NDEBUG: true },
    undefines: ['CONFIG_PREEMPT'],
    undefinedPrefixes: ['CONFIG_'],
    maxFileBytes: 1000,
  };
  const root = makeTree({ '.leakscope/config.json': JSON.stringify(config) });
  try {
    assert.deepEqual(await loadProjectConfig(root), {
      allocators: [
        { name: 'pool_get', family: 'pool', kind: 'alloc' },
        { name: 'pool_put', family: 'pool', kind: 'free', arg: 1 },
        { name: 'make_buf', family: 'malloc', kind: 'alloc', arg: 0, managed: false },
      ],
      include: ['src/**'],
      exclude: ['src/gen/**'],
      defines: { CONFIG_SMP: '1', DEBUG: '2', NDEBUG: '1' },
      undefines: ['CONFIG_PREEMPT'],
      undefinedPrefixes: ['CONFIG_'],
      maxFileBytes: 1000,
    });
  } finally {
    removeTree(root);
  }
});

const invalid: [string, unknown, string][] = [
  ['not an object', [1, 2], '.leakscope/config.json: must be a JSON object'],
  ['unknown key', { allocator: [] }, '.leakscope/config.json: allocator is not a known key (expected one of allocators, include, exclude, defines, undefines, undefinedPrefixes, maxFileBytes, wrappers)'],
  ['allocators not an array', { allocators: {} }, '.leakscope/config.json: allocators must be an array'],
  ['allocator not an object', { allocators: ['malloc'] }, '.leakscope/config.json: allocators[0] must be an object'],
  ['bad kind', { allocators: [{ name: 'a', family: 'f', kind: 'alloc' }, { name: 'b', family: 'f', kind: 'free' }, { name: 'c', family: 'f', kind: 'release' }] }, '.leakscope/config.json: allocators[2].kind must be "alloc", "free" or "realloc"'],
  ['bad name', { allocators: [{ name: 'my alloc', family: 'f', kind: 'alloc' }] }, '.leakscope/config.json: allocators[0].name must be a C identifier'],
  ['missing family', { allocators: [{ name: 'a', kind: 'alloc' }] }, '.leakscope/config.json: allocators[0].family must be a non-empty string'],
  ['bad free arg', { allocators: [{ name: 'a', family: 'f', kind: 'free', arg: -1 }] }, '.leakscope/config.json: allocators[0].arg must be an argument index ≥ 0'],
  ['bad alloc arg', { allocators: [{ name: 'a', family: 'f', kind: 'alloc', arg: 1.5 }] }, '.leakscope/config.json: allocators[0].arg must be -1 (returned) or an argument index ≥ 0'],
  ['bad managed', { allocators: [{ name: 'a', family: 'f', kind: 'alloc', managed: 'yes' }] }, '.leakscope/config.json: allocators[0].managed must be true or false'],
  ['unknown allocator key', { allocators: [{ name: 'a', family: 'f', kind: 'alloc', args: 1 }] }, '.leakscope/config.json: allocators[0].args is not a known key (expected one of name, family, kind, arg, managed)'],
  ['include not a list', { include: 'src/**' }, '.leakscope/config.json: include must be an array of strings'],
  ['exclude item', { exclude: ['a', 3] }, '.leakscope/config.json: exclude[1] must be a non-empty string'],
  ['defines not an object', { defines: ['X'] }, '.leakscope/config.json: defines must be an object mapping macro names to values'],
  ['define name', { defines: { 'A-B': '1' } }, '.leakscope/config.json: defines.A-B is not a C identifier'],
  ['define value', { defines: { A: null } }, '.leakscope/config.json: defines.A must be a string or a number'],
  ['undefines item', { undefines: ['OK', '9X'] }, '.leakscope/config.json: undefines[1] must be a C identifier'],
  ['undefinedPrefixes', { undefinedPrefixes: [''] }, '.leakscope/config.json: undefinedPrefixes[0] must be a non-empty string'],
  ['maxFileBytes', { maxFileBytes: '8MB' }, '.leakscope/config.json: maxFileBytes must be a positive integer (bytes)'],
];

for (const [what, raw, message] of invalid) {
  test(`invalid config (${what}) names the key`, () => {
    assert.throws(
      () => validateConfig(raw),
      (err: unknown) => err instanceof ConfigError && err.message === message,
    );
  });
}

test('a config that is not JSON is a ConfigError naming the file and its path', async () => {
  const root = makeTree({ '.leakscope/config.json': '{ "include": [' });
  try {
    await assert.rejects(loadProjectConfig(root), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.path, path.join(root, '.leakscope/config.json'));
      assert.equal(err.key, '');
      assert.match(err.message, /^\.leakscope\/config\.json: is not valid JSON \(/);
      return true;
    });
  } finally {
    removeTree(root);
  }
});

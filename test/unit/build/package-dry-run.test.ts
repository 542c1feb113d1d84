/**
 * Packs the app for real with electron-builder (`--linux dir`), using a stand-in
 * Electron distribution because the real binary cannot be downloaded here. This
 * checks what the schema cannot: which files end up in app.asar, what is unpacked
 * beside it, that the sample ships as a resource, and that the afterPack hook flips
 * the fuses in the packed executable.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const root = path.join(__dirname, '..', '..', '..');
const require = createRequire(__filename);
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Every file under `dir`, recursively. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const built = existsSync(path.join(root, 'dist', 'main', 'app.cjs')) && existsSync(path.join(root, 'dist', 'renderer', 'index.html'));

test('electron-builder packs dist/ into app.asar, unpacks the worker and wasm, ships the sample and flips the fuses', { skip: built ? false : 'run `npm run build` first (dist/ is packed)', timeout: 180_000 }, () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'leakscope-pack-'));
  const electronDist = path.join(work, 'electron');
  mkdirSync(electronDist);
  const version = (require('electron/package.json') as { version: string }).version;
  // A stand-in executable carrying a fuse wire (version 1, eight fuses, all "inherit").
  writeFileSync(path.join(electronDist, 'electron'), Buffer.concat([Buffer.from('stand-in '), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.alloc(8, 0x90)]));
  chmodSync(path.join(electronDist, 'electron'), 0o755);
  writeFileSync(path.join(electronDist, 'version'), version);
  writeFileSync(path.join(electronDist, 'LICENSE'), 'MIT');
  const output = path.join(work, 'release');

  const cli = require.resolve('electron-builder/cli.js');
  const run = spawnSync(process.execPath, [cli, '--config', 'build/electron-builder.config.cjs', '--linux', 'dir', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  assert.equal(run.status, 0, `electron-builder failed:\n${run.stdout}\n${run.stderr}`);

  const resources = path.join(output, 'linux-unpacked', 'resources');
  const { listPackage } = require('@electron/asar') as { listPackage(archive: string, options: object): string[] };
  const packed = listPackage(path.join(resources, 'app.asar'), {}).map((p) => p.replace(/\\/g, '/')).sort();
  // Exactly the built files (no source maps) plus package.json: nothing from node_modules or the sources.
  const expected = ['/package.json', ...walk(path.join(root, 'dist')).filter((f) => !f.endsWith('.map')).map((f) => '/' + path.relative(root, f).split(path.sep).join('/'))].sort();
  assert.deepEqual(packed.filter((p) => packedFile(p)), expected);
  for (const needed of ['/dist/main/app.cjs', '/dist/main/worker.cjs', '/dist/main/engine-worker.cjs', '/dist/preload/preload.cjs', '/dist/renderer/index.html', '/dist/wasm/tree-sitter.wasm', '/dist/wasm/tree-sitter-c.wasm']) assert.ok(packed.includes(needed), needed);
  assert.equal(packed.some((p) => p.includes('node_modules') || p.endsWith('.map') || p.endsWith('.ts')), false);
  for (const file of ['dist/main/worker.cjs', 'dist/main/engine-worker.cjs', 'dist/wasm/tree-sitter.wasm', 'dist/wasm/tree-sitter-c.wasm']) {
    assert.equal(existsSync(path.join(resources, 'app.asar.unpacked', file)), true, `${file} is unpacked`);
  }
  assert.equal(existsSync(path.join(resources, 'examples', 'nswap', 'src', 'nswapd_mem.c')), true);
  assert.equal(existsSync(path.join(resources, 'examples', 'nswap', '.leakscope')), false);

  function packedFile(p: string): boolean {
    // listPackage lists folders too; keep the entries that are files in dist/ or package.json.
    const local = path.join(root, p);
    return existsSync(local) && statSync(local).isFile();
  }

  const executable = readFileSync(path.join(output, 'linux-unpacked', 'leakscope'));
  const wire = executable.indexOf(SENTINEL) + SENTINEL.length + 2;
  assert.equal(executable.toString('ascii', wire, wire + 8), '01001101');
});

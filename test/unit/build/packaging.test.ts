import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import picomatch from 'picomatch';

const root = path.join(__dirname, '..', '..', '..');
const require = createRequire(__filename);

interface BuilderConfig {
  electronVersion: string;
  asar: boolean;
  npmRebuild: boolean;
  files: string[];
  afterPack: string;
  extraResources: { from: string; to: string }[];
  icon: string;
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
}

interface AfterPackModule {
  (context: unknown): Promise<void>;
  FUSES: Record<string, boolean>;
  fuseConfig(platform: string, arch: string): Record<string, unknown>;
}

const config = require(path.join(root, 'build', 'electron-builder.config.cjs')) as BuilderConfig;
const afterPack = require(path.join(root, 'build', 'after-pack.cjs')) as AfterPackModule;

function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `leakscope-${prefix}-`));
}

test('the configuration passes electron-builder’s own schema validation', async () => {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration(c: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
  };
  const logger = { isEnabled: false, add: () => undefined };
  await validateConfiguration(config, logger);
  await assert.rejects(validateConfiguration({ ...config, notAnOption: true }, logger), /unknown property 'notAnOption'/);
});

test('targets, asar, no native rebuild and a pinned Electron version', () => {
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.deepEqual(config.mac.target, ['dmg']);
  assert.deepEqual(config.win.target, ['nsis']);
  assert.equal(config.asar, true);
  assert.equal(config.npmRebuild, false);
  const installed = (require('electron/package.json') as { version: string }).version;
  assert.equal(config.electronVersion, installed);
  assert.match(config.electronVersion, /^\d+\.\d+\.\d+$/);
});

/** electron-builder's file patterns: a path is packed when the last pattern it matches is positive. */
function packed(file: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    const negative = pattern.startsWith('!');
    if (picomatch(negative ? pattern.slice(1) : pattern, { dot: true })(file)) included = !negative;
  }
  return included;
}

test('files pack what main needs at runtime and nothing else', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
  assert.equal(pkg.main, 'dist/main/app.cjs');
  for (const file of [pkg.main, 'package.json', 'dist/main/worker.cjs', 'dist/main/engine-worker.cjs', 'dist/main/cli.cjs', 'dist/preload/preload.cjs', 'dist/renderer/index.html', 'dist/renderer/renderer.js', 'dist/wasm/tree-sitter.wasm', 'dist/wasm/tree-sitter-c.wasm']) {
    assert.equal(packed(file), true, `${file} must be packed`);
  }
  for (const file of ['main/api/api.ts', 'node_modules/cytoscape/package.json', 'dist/main/app.cjs.map', 'examples/nswap/src/nswap.c', 'test/unit/build/packaging.test.ts']) {
    assert.equal(packed(file), false, `${file} must not be packed`);
  }
});

test('the sample folder ships as an extra resource and the icon is a real 512×512 PNG', () => {
  assert.deepEqual(config.extraResources.map((r) => [r.from, r.to]), [['examples/nswap', 'examples/nswap']]);
  assert.equal(existsSync(path.join(root, 'examples', 'nswap')), true);

  const png = readFileSync(path.join(root, config.icon));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.toString('ascii', 12, 16), 'IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.deepEqual([width, height, png[24], png[25]], [512, 512, 8, 6]);
  // Decode the pixels: corners transparent (rounded tile), centre opaque, many colours (not blank).
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  assert.equal(raw.length, (width * 4 + 1) * height);
  const alpha = (x: number, y: number) => raw[y * (width * 4 + 1) + 1 + x * 4 + 3];
  assert.equal(alpha(0, 0), 0);
  assert.equal(alpha(256, 256), 255);
  const colours = new Set<number>();
  for (let y = 0; y < height; y += 8) for (let x = 0; x < width; x += 8) colours.add(raw.readUInt32BE(y * (width * 4 + 1) + 1 + x * 4));
  assert.ok(colours.size > 50, `only ${colours.size} colours`);
});

test('fuses: RunAsNode, NODE_OPTIONS and --inspect off; app only from an integrity-checked asar', () => {
  assert.equal(afterPack.FUSES.RunAsNode, false);
  assert.equal(afterPack.FUSES.EnableNodeOptionsEnvironmentVariable, false);
  assert.equal(afterPack.FUSES.EnableNodeCliInspectArguments, false);
  assert.equal(afterPack.FUSES.OnlyLoadAppFromAsar, true);
  assert.equal(afterPack.FUSES.EnableEmbeddedAsarIntegrityValidation, true);
  assert.equal(path.resolve(root, config.afterPack), path.join(root, 'build', 'after-pack.cjs'));
  const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, number | string> };
  const fuseNames = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
  // Every fuse this @electron/fuses knows is decided on (the hook also sets strictlyRequireAllFuses).
  assert.deepEqual(Object.keys(afterPack.FUSES).sort(), fuseNames.sort());
  assert.equal(afterPack.fuseConfig('darwin', 'arm64').resetAdHocDarwinSignature, true);
  assert.equal(afterPack.fuseConfig('linux', 'x64').resetAdHocDarwinSignature, undefined);
});

test('the afterPack hook flips the fuse wire in the packed executable', async () => {
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  const appOutDir = tempDir('pack');
  const executable = path.join(appOutDir, 'leakscope');
  const INHERIT = 0x90;
  // A stand-in binary: some bytes, the sentinel, wire version 1, eight fuses all "inherit".
  writeFileSync(executable, Buffer.concat([Buffer.from('ELF-ish prefix'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.alloc(8, INHERIT), Buffer.from('suffix')]));
  await afterPack({ electronPlatformName: 'linux', arch: 1, appOutDir, packager: { appInfo: { productFilename: 'Leakscope' }, executableName: 'leakscope' } });
  const bytes = readFileSync(executable);
  const wire = bytes.indexOf(SENTINEL) + SENTINEL.length + 2;
  // '0' = off, '1' = on, in FuseV1Options order.
  assert.equal(bytes.toString('ascii', wire, wire + 8), '01001101');
});

interface StartModule {
  electronBinary(fromDir?: string): string | null;
  tryInstallElectron(fromDir?: string, timeout?: number): boolean;
}

/** A throwaway project whose `electron` package behaves as given. */
function fakeProject(indexJs: string, installJs: string): string {
  const dir = tempDir('start');
  mkdirSync(path.join(dir, 'node_modules', 'electron'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{"name":"fake"}');
  writeFileSync(path.join(dir, 'node_modules', 'electron', 'package.json'), '{"name":"electron","main":"index.js"}');
  writeFileSync(path.join(dir, 'node_modules', 'electron', 'index.js'), indexJs);
  writeFileSync(path.join(dir, 'node_modules', 'electron', 'install.js'), installJs);
  return dir;
}

test('npm start finds the Electron binary when installed and reports it missing otherwise', async () => {
  const start = (await import(pathToFileURL(path.join(root, 'build', 'start.mjs')).href)) as StartModule;
  const missing = fakeProject("throw new Error('Electron failed to install correctly');", 'process.exit(1);');
  assert.equal(start.electronBinary(missing), null);
  assert.equal(start.tryInstallElectron(missing, 10_000), false);

  const installed = fakeProject("module.exports = require('path').join(__dirname, 'electron-bin');", 'process.exit(0);');
  assert.equal(start.electronBinary(installed), null, 'a path that does not exist is not a binary');
  writeFileSync(path.join(installed, 'node_modules', 'electron', 'electron-bin'), '');
  assert.equal(start.electronBinary(installed), path.join(installed, 'node_modules', 'electron', 'electron-bin'));
  assert.equal(start.tryInstallElectron(installed, 10_000), true);
});

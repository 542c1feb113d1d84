// `npm start` (after `npm run build`): run the desktop app on examples/nswap (or the
// folder given: `npm start -- DIR`). When Electron's binary is not installed (npm
// runs with ignore-scripts, and offline machines cannot download it), try the
// download once with a short timeout; if that fails, say so in one line and fall
// back to browser mode on the same folder, which prints the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const INSTALL_TIMEOUT_MS = 60_000;

/**
 * Path of the Electron executable when it is installed, else null. The `electron`
 * package resolves to the binary's path, or throws when the binary was never fetched.
 */
export function electronBinary(fromDir = root) {
  const require = createRequire(join(fromDir, 'package.json'));
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Runs electron's own install script once; true when it exits 0 in time. */
export function tryInstallElectron(fromDir = root, timeout = INSTALL_TIMEOUT_MS) {
  const require = createRequire(join(fromDir, 'package.json'));
  let script;
  try {
    script = join(dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return false;
  }
  const run = spawnSync(process.execPath, [script], { cwd: fromDir, stdio: 'ignore', timeout });
  return run.status === 0;
}

function main() {
  const folder = resolve(process.argv[2] ?? join(root, 'examples', 'nswap'));
  let binary = electronBinary();
  if (!binary && tryInstallElectron()) binary = electronBinary();
  if (binary) {
    const child = spawn(binary, [root, folder], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  console.log("Electron's binary could not be downloaded (no network?), so Leakscope falls back to browser mode: open the URL below.");
  const child = spawn(process.execPath, [join(root, 'dist', 'main', 'cli.cjs'), 'serve', folder], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();

/**
 * Starts browser mode for the e2e tests: a throwaway copy of examples/nswap (so the
 * investigation file the tests write never lands in the repository), private config
 * and cache folders, `leakscope serve COPY --no-open --port 0`, and the URL with its
 * token read from the server's first lines of output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A running server. */
export interface Served {
  url: string;
  origin: string;
  token: string;
  sample: string;
  work: string;
  child: ChildProcess;
}

/** The repository root: two levels above this file, or the working directory when loaded oddly. */
const root = [path.resolve(__dirname, '..', '..'), process.cwd()].find((d) => existsSync(path.join(d, 'bin', 'leakscope.cjs'))) ?? process.cwd();

/** Start the server on a copy of the sample and wait until it has opened it. */
export async function startServe(timeoutMs = 60_000, dir?: string): Promise<Served> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'leakscope-e2e-'));
  const sample = dir ?? path.join(work, 'nswap');
  if (!dir) cpSync(path.join(root, 'examples', 'nswap'), sample, { recursive: true, filter: (src) => !src.includes(`${path.sep}.leakscope`) });
  const child = spawn(process.execPath, [path.join(root, 'bin', 'leakscope.cjs'), 'serve', sample, '--no-open', '--port', '0'], {
    cwd: root,
    // LEAKSCOPE_E2E_CACHE keeps the facts cache between runs (the benchmark on big trees).
    env: { ...process.env, XDG_CONFIG_HOME: path.join(work, 'config'), XDG_CACHE_HOME: process.env['LEAKSCOPE_E2E_CACHE'] ?? path.join(work, 'cache') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave a server behind when the test runner exits early.
  process.once('exit', () => child.kill('SIGTERM'));
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`leakscope serve did not open the folder in ${timeoutMs} ms\n${out}\n${err}`)), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (m && /Opened /.test(out)) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`leakscope serve exited with ${code}\n${out}\n${err}`));
    });
  });
  const parsed = new URL(url);
  return { url, origin: parsed.origin, token: parsed.searchParams.get('token') ?? '', sample, work, child };
}

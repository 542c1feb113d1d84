/**
 * Finds or extracts parts of Debian's Linux 6.1 source (package `linux-source-6.1`,
 * a tarball under /usr/src) for the benchmark and the real-tree invariant test.
 * Only the requested members are extracted (tar wildcards), once, into a cache
 * folder; a marker file records a finished extraction so an interrupted one is redone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The Debian tarball's top-level folder name. */
export const LINUX_TOP = 'linux-source-6.1';

/** Where Debian installs the tarball (`apt-get install linux-source-6.1`); $LEAKSCOPE_LINUX_TARBALL overrides. */
export function linuxTarball(): string | undefined {
  const override = process.env.LEAKSCOPE_LINUX_TARBALL;
  if (override !== undefined) return existsSync(override) ? override : undefined;
  const dir = '/usr/src';
  if (!existsSync(dir)) return undefined;
  const found = readdirSync(dir).find((n) => /^linux-source-6\.1\.tar\.(xz|bz2|gz)$/.test(n));
  return found === undefined ? undefined : path.join(dir, found);
}

/** The cache folder extractions go to: $LEAKSCOPE_LINUX_CACHE or ~/.cache/leakscope-linux. */
export function linuxCacheDir(): string {
  const fromEnv = process.env.LEAKSCOPE_LINUX_CACHE;
  if (fromEnv) return fromEnv;
  const xdg = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(xdg, 'leakscope-linux');
}

/** The tarball is missing: say what to install. */
export class LinuxSourceMissing extends Error {
  constructor() {
    super('Linux source tarball not found under /usr/src: install it with `apt-get install linux-source-6.1` (.ci/run does)');
    this.name = 'LinuxSourceMissing';
  }
}

function slug(members: readonly string[]): string {
  return members.map((m) => m.replace(/[^A-Za-z0-9]+/g, '_')).join('+') || 'all';
}

/**
 * Returns the root of a Linux tree holding `members` (folders relative to the tree
 * root, e.g. `fs/ext4`; empty = the whole tree). `existingRoot` (e.g. from
 * $LEAKSCOPE_LINUX) is used as is when it has every member. Otherwise the members
 * are extracted from the tarball into their own folder under the cache folder, so
 * the returned tree holds exactly those members and nothing else.
 */
export function ensureLinuxTree(members: readonly string[], existingRoot?: string): string {
  if (existingRoot && members.every((m) => existsSync(path.join(existingRoot, m)))) return existingRoot;
  const dir = path.join(linuxCacheDir(), slug(members));
  const root = path.join(dir, LINUX_TOP);
  const marker = path.join(dir, '.extracted');
  if (existsSync(marker)) return root;
  const tarball = linuxTarball();
  if (tarball === undefined) throw new LinuxSourceMissing();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const patterns = members.map((m) => `${LINUX_TOP}/${m.replace(/\/+$/, '')}/*`);
  const args = ['-xf', tarball, '-C', dir, ...(patterns.length > 0 ? ['--wildcards', ...patterns] : [])];
  const result = spawnSync('tar', args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tar ${args.join(' ')} failed: ${result.stderr || result.error?.message || `exit ${String(result.status)}`}`);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return root;
}

/**
 * The last passes result of each opened folder, kept next to its facts cache
 * (`<name>-<digest>.view.json`), so reopening an unchanged folder shows its suspects
 * at once instead of after preparing the analysis again (~5 s on Linux fs/; the
 * facts themselves reload in a fraction of a second).
 *
 * The result is reused only when everything it was computed from is the same: every
 * file's path and content hash, the project config, the investigation (pass order,
 * disabled passes, manual clears) and the code that computed it. One file per folder,
 * overwritten atomically by each analysis; a missing, unreadable, foreign or damaged
 * file is simply not used.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Investigation } from '../../preload/contract';
import { cacheFileFor } from '../index/cache';
import type { ProjectConfig } from '../index/config';
import { EXTRACTOR_VERSION, type FileFacts } from '../index/facts';
import type { Analysis } from './engine';

const FORMAT_TAG = 'leakscope-view-cache';
const FORMAT_VERSION = 1;

/** What a stored view file holds. */
interface StoredView {
  format: string;
  version: number;
  key: string;
  analysis: Analysis;
}

let codeDigest: string | undefined;

/**
 * A digest of the code that computes an analysis. Bundled (the app, the CLI, the
 * analysis worker), it is the bundle's bytes, which hold every analysis module;
 * from sources (tests, development under tsx) it is every .ts file under main/.
 * A new build therefore never reuses an old build's results.
 */
export function analysisCodeDigest(): string {
  if (codeDigest !== undefined) return codeDigest;
  const hash = createHash('sha256');
  if (__filename.endsWith('.cjs')) hash.update(readFileSync(__filename));
  else for (const file of sourcesUnder(path.join(__dirname, '..'))) hash.update(file).update(readFileSync(file));
  codeDigest = hash.digest('hex');
  return codeDigest;
}

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourcesUnder(full));
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/**
 * The digest of what an analysis reads besides the investigation: every file's path
 * and content hash, the extractor, the project config and this build's code.
 */
export function inputsDigest(facts: readonly FileFacts[], config: ProjectConfig): string {
  const hash = createHash('sha256');
  hash.update(`${FORMAT_VERSION}\0${EXTRACTOR_VERSION}\0${analysisCodeDigest()}\0`);
  for (const f of facts) hash.update(`${f.file}\0${f.hash}\n`);
  hash.update(JSON.stringify(config));
  return hash.digest('hex');
}

/** The key of the analysis of those inputs under `investigation`. */
export function viewKey(inputs: string, investigation: Investigation): string {
  return createHash('sha256').update(inputs).update(JSON.stringify(investigation)).digest('hex');
}

/** Where the view of `root` is kept under `cacheDir`. */
function viewFileFor(cacheDir: string, root: string): string {
  return cacheFileFor(cacheDir, root).replace(/\.json$/, '.view.json');
}

/** The stored analysis of `root` when its key is `key`, else undefined. */
export async function loadView(cacheDir: string, root: string, key: string): Promise<Analysis | undefined> {
  try {
    const stored = JSON.parse(await readFile(viewFileFor(cacheDir, root), 'utf8')) as Partial<StoredView>;
    if (stored.format !== FORMAT_TAG || stored.version !== FORMAT_VERSION || stored.key !== key || !stored.analysis) return undefined;
    return stored.analysis;
  } catch {
    // No view yet, or one that cannot be read: the analysis is simply computed.
    return undefined;
  }
}

/** Stores `analysis` as the view of `root` under `key` (temp file + rename); a failure only costs the next reopen its shortcut. */
export async function saveView(cacheDir: string, root: string, key: string, analysis: Analysis): Promise<void> {
  const file = viewFileFor(cacheDir, root);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const stored: StoredView = { format: FORMAT_TAG, version: FORMAT_VERSION, key, analysis };
  try {
    await writeFile(tmp, JSON.stringify(stored));
    await rename(tmp, file);
  } catch {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}

/**
 * The facts cache: one file per opened root under `$XDG_CACHE_HOME/leakscope`
 * (`~/.cache/leakscope`) or `--cache DIR`, holding each source file's FileFacts keyed
 * by its content hash, the extractor version and a hash of the extract options.
 *
 * A file whose size, mtime and inode match its entry is trusted without being read
 * (git's index does the same); one touched within two seconds of the last save is
 * re-hashed, because an mtime that close cannot prove the content unchanged. A
 * changed file whose new content hashes to a known entry (a rename, a revert) reuses
 * it. The cache is written atomically (temp file + rename); a corrupt, truncated or
 * foreign file is ignored with a warning and rebuilt, never a crash.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXTRACTOR_VERSION, type FileFacts, type FileWarning } from './facts';
import type { ExtractOptions } from './extract/options';
import type { WalkedFile } from './walk';

/** Bump when the cache file's layout changes. */
const CACHE_FORMAT = 1;
const FORMAT_TAG = 'leakscope-facts-cache';
/** Files modified this close to the last save are re-hashed instead of trusted by stat. */
const RACY_WINDOW_MS = 2000;

/** One cached file. */
interface CacheEntry {
  rel: string;
  size: number;
  mtimeMs: number;
  id: string;
  hash: string;
  facts: FileFacts;
}

interface CacheFile {
  format: string;
  version: number;
  extractor: number;
  options: string;
  root: string;
  writtenAt: number;
  entries: CacheEntry[];
}

/** `$XDG_CACHE_HOME/leakscope`, else `~/.cache/leakscope`. */
export function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'leakscope');
}

/** A stable hash of the extract options (defines change which branches are active). */
export function extractOptionsHash(options: ExtractOptions): string {
  const defines = Object.keys(options.defines)
    .sort()
    .map((k) => [k, options.defines[k]]);
  const canonical = JSON.stringify([defines, [...options.undefines].sort(), [...options.undefinedPrefixes].sort()]);
  return createHash('sha1').update(canonical).digest('hex').slice(0, 16);
}

/** The cache file used for a root (absolute, real path) inside a cache dir. */
export function cacheFileFor(cacheDir: string, root: string): string {
  const digest = createHash('sha1').update(root).digest('hex').slice(0, 16);
  const name = path.basename(root).replace(/[^A-Za-z0-9._-]/g, '_') || 'root';
  return path.join(cacheDir, `${name}-${digest}.json`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Enough of a shape check that a foreign or damaged file cannot feed garbage to the analysis. */
function isEntry(value: unknown): value is CacheEntry {
  if (!isObject(value)) return false;
  const facts = value.facts;
  return (
    typeof value.rel === 'string' &&
    typeof value.size === 'number' &&
    typeof value.mtimeMs === 'number' &&
    typeof value.id === 'string' &&
    typeof value.hash === 'string' &&
    isObject(facts) &&
    facts.file === value.rel &&
    facts.hash === value.hash &&
    Array.isArray(facts.functions) &&
    Array.isArray(facts.macros) &&
    Array.isArray(facts.addressTaken) &&
    Array.isArray(facts.globals) &&
    Array.isArray(facts.structs) &&
    Array.isArray(facts.typedefs) &&
    Array.isArray(facts.warnings)
  );
}

/** The same facts under another path (a renamed or copied file with identical content). */
function relocate(facts: FileFacts, rel: string): FileFacts {
  if (facts.file === rel) return facts;
  return { ...facts, file: rel, warnings: facts.warnings.map((w) => ({ ...w, file: rel })) };
}

/** How a cache was opened. */
export interface OpenedCache {
  cache: FactsCache;
  /** Set when an existing cache file was unusable and will be rebuilt. */
  warning?: FileWarning;
}

/** The facts cache of one root. Look files up, put new facts, then `save()`. */
export class FactsCache {
  private readonly byRel = new Map<string, CacheEntry>();
  private readonly byHash = new Map<string, CacheEntry>();
  private readonly next = new Map<string, CacheEntry>();
  private dirty = false;
  private readonly writtenAt: number;

  private constructor(
    /** Absolute path of the cache file. */
    readonly file: string,
    private readonly root: string,
    private readonly optionsHash: string,
    entries: CacheEntry[],
    writtenAt: number,
  ) {
    this.writtenAt = writtenAt;
    for (const entry of entries) {
      this.byRel.set(entry.rel, entry);
      this.byHash.set(entry.hash, entry);
    }
  }

  /** An empty cache that is never written (for `--no-cache`). */
  static disabled(root: string, optionsHash: string): FactsCache {
    return new FactsCache('', root, optionsHash, [], 0);
  }

  /** Opens (or starts) the cache of `root` in `cacheDir`. Never throws for a bad cache file. */
  static async open(cacheDir: string, root: string, options: ExtractOptions): Promise<OpenedCache> {
    const file = cacheFileFor(cacheDir, root);
    const optionsHash = extractOptionsHash(options);
    const fresh = (warning?: string): OpenedCache => {
      const cache = new FactsCache(file, root, optionsHash, [], 0);
      return warning ? { cache, warning: { file: file, line: 0, message: warning } } : { cache };
    };
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? fresh() : fresh(`cache unreadable (${code ?? String(err)}); rebuilding it`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return fresh('cache file is corrupt or truncated; rebuilding it');
    }
    if (!isObject(raw) || raw.format !== FORMAT_TAG || raw.version !== CACHE_FORMAT || !Array.isArray(raw.entries) || typeof raw.writtenAt !== 'number') {
      return fresh('cache file is not a Leakscope cache of this version; rebuilding it');
    }
    if (raw.root !== root) return fresh('cache file belongs to another folder; rebuilding it');
    // A different extractor or different defines is an expected invalidation, not a problem.
    if (raw.extractor !== EXTRACTOR_VERSION || raw.options !== optionsHash) return fresh();
    const entries = raw.entries as unknown[];
    if (!entries.every(isEntry)) return fresh('cache file has damaged entries; rebuilding it');
    return { cache: new FactsCache(file, root, optionsHash, entries, raw.writtenAt) };
  }

  /** Facts for a walked file whose size, mtime and inode match its entry, without reading it. */
  lookupByStat(file: WalkedFile): FileFacts | undefined {
    const entry = this.byRel.get(file.rel);
    if (!entry || entry.size !== file.size || entry.mtimeMs !== file.mtimeMs || entry.id !== file.id) return undefined;
    if (file.mtimeMs >= this.writtenAt - RACY_WINDOW_MS) return undefined;
    this.keep(file, entry.hash, entry.facts);
    return entry.facts;
  }

  /** Facts for content already seen (same hash), under this file's path. */
  lookupByHash(file: WalkedFile, hash: string): FileFacts | undefined {
    const entry = this.byRel.get(file.rel)?.hash === hash ? this.byRel.get(file.rel) : this.byHash.get(hash);
    if (!entry) return undefined;
    const facts = relocate(entry.facts, file.rel);
    this.keep(file, hash, facts);
    this.dirty = true; // the stat data changed
    return facts;
  }

  /** Records freshly extracted facts. */
  put(file: WalkedFile, facts: FileFacts): void {
    this.keep(file, facts.hash, facts);
    this.dirty = true;
  }

  private keep(file: WalkedFile, hash: string, facts: FileFacts): void {
    this.next.set(file.rel, { rel: file.rel, size: file.size, mtimeMs: file.mtimeMs, id: file.id, hash, facts });
  }

  /**
   * Writes the entries looked up or put during this run (files gone from the tree
   * drop out), atomically. Returns a warning instead of throwing when it cannot.
   */
  async save(): Promise<FileWarning | undefined> {
    if (this.file === '') return undefined;
    const dropped = [...this.byRel.keys()].some((rel) => !this.next.has(rel));
    // Files trusted by stat within the racy window get re-hashed until a save moves the window past them.
    const racy = [...this.next.values()].some((e) => e.mtimeMs >= this.writtenAt - RACY_WINDOW_MS);
    if (!this.dirty && !dropped && !racy) return undefined;
    const entries = [...this.next.values()].sort((a, b) => (a.rel < b.rel ? -1 : 1));
    const body: CacheFile = {
      format: FORMAT_TAG,
      version: CACHE_FORMAT,
      extractor: EXTRACTOR_VERSION,
      options: this.optionsHash,
      root: this.root,
      writtenAt: Date.now(),
      entries,
    };
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFile(tmp, JSON.stringify(body));
      await rename(tmp, this.file);
      return undefined;
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      return { file: this.file, line: 0, message: `cannot write the cache (${code}); the next run will parse again` };
    }
  }
}

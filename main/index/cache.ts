/**
 * The facts cache: per opened root, under `$XDG_CACHE_HOME/leakscope`
 * (`~/.cache/leakscope`) or `--cache DIR`, each source file's facts keyed by its
 * content hash, the extractor version and a hash of the extract options.
 *
 * Two files per root: `<name>-<digest>.json` holds the light part of every file's
 * facts (definitions, address-taken, globals…) and where its call lists and heavy
 * part (bodies, locals) lie in `<name>-<digest>.<generation>.heavy`. Reopening
 * parses only the light JSON; the call lists are read when the call graph is built,
 * and a body when something first touches it (see lazy-facts.ts). On Linux fs/ the
 * light JSON is ~15 MB of ~88 MB.
 *
 * A file whose size, mtime and inode match its entry is trusted without being read
 * (git's index does the same); one modified within two seconds of the last save is
 * re-hashed, because an mtime that close cannot prove the content unchanged. A
 * changed file whose new content hashes to a known entry (a rename, a revert) reuses
 * it. Writes are atomic (temp + rename; a new heavy generation before the index that
 * names it). A corrupt, truncated or foreign cache is ignored with a warning and
 * rebuilt, never a crash.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXTRACTOR_VERSION, type FileFacts, type FileWarning } from './facts';
import type { ExtractOptions } from './extract/options';
import { joinFacts, storedPartsOf, type StoredFacts } from './lazy-facts';
import { isPackedRows, packFacts, unpackFacts, type PackedFacts } from './pack';
import type { WalkedFile } from './walk';

/** Bump when the cache files' layout changes. */
const CACHE_FORMAT = 4;
const FORMAT_TAG = 'leakscope-facts-cache';
/** A bodies file (`.heavy.tmp`) this old belongs to a run that died before saving. */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** Files modified this close to the last save are re-hashed instead of trusted by stat. */
const RACY_WINDOW_MS = 2000;

/** One cached file: identity, light facts, and where its heavy part is in the heavy file. */
interface CacheEntry {
  rel: string;
  size: number;
  mtimeMs: number;
  id: string;
  hash: string;
  /** Light facts, functions and address-taken packed as rows (see pack.ts). */
  meta: PackedFacts;
  /** Byte offset and length of the call lists' JSON in the heavy file (read by the call graph, once). */
  calls: [number, number];
  /** Byte offset and length of the heavy JSON in the heavy file. */
  at: [number, number];
}

interface CacheIndex {
  format: string;
  version: number;
  extractor: number;
  options: string;
  root: string;
  writtenAt: number;
  /** Generation suffix of the heavy file this index points into. */
  heavy: string;
  heavyBytes: number;
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

/** The cache index file used for a root (absolute, real path) inside a cache dir. */
export function cacheFileFor(cacheDir: string, root: string): string {
  const digest = createHash('sha1').update(root).digest('hex').slice(0, 16);
  const name = path.basename(root).replace(/[^A-Za-z0-9._-]/g, '_') || 'root';
  return path.join(cacheDir, `${name}-${digest}.json`);
}

function heavyFileFor(indexFile: string, generation: string): string {
  return `${indexFile.slice(0, -'.json'.length)}.${generation}.heavy`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Enough of a shape check that a foreign or damaged file cannot feed garbage to the analysis. */
function isEntry(value: unknown, heavyBytes: number): value is CacheEntry {
  if (!isObject(value)) return false;
  const meta = value.meta;
  const at = value.at;
  return (
    typeof value.rel === 'string' &&
    typeof value.size === 'number' &&
    typeof value.mtimeMs === 'number' &&
    typeof value.id === 'string' &&
    typeof value.hash === 'string' &&
    isRange(at, heavyBytes) &&
    isRange(value.calls, heavyBytes) &&
    isObject(meta) &&
    meta.file === value.rel &&
    meta.hash === value.hash &&
    (Array.isArray(meta.functions) || isPackedRows(meta.functions)) &&
    Array.isArray(meta.macros) &&
    (Array.isArray(meta.addressTaken) || isPackedRows(meta.addressTaken)) &&
    Array.isArray(meta.globals) &&
    Array.isArray(meta.structs) &&
    Array.isArray(meta.typedefs) &&
    Array.isArray(meta.warnings)
  );
}

/** `[offset, length]` inside a file of `size` bytes. */
function isRange(value: unknown, size: number): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number' && value[0] >= 0 && value[1] >= 0 && value[0] + value[1] <= size;
}

async function isOlderThan(file: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(file)).mtimeMs > ms;
  } catch {
    return false;
  }
}

function readRange(fd: number, offset: number, length: number): string {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return buffer.toString('utf8', 0, done);
}

/** A reader of one range of the heavy file (no reader: no cache file, so an empty list). */
function rangeReader(reader: HeavyReader | undefined, range: [number, number]): () => string {
  const [offset, length] = range;
  return () => (reader ? reader.read(offset, length) : '[]');
}

/** Closes a heavy file's descriptor once nothing can read through its reader any more. */
const descriptors = new FinalizationRegistry<{ fd: number | undefined }>((slot) => {
  if (slot.fd !== undefined) closeSync(slot.fd);
});

let spillCount = 0;

// Readers are made outside the methods that build them: a closure keeps its whole
// enclosing scope alive, and that scope holds the text and its encoded bytes.
function inMemory(text: string): () => string {
  return () => text;
}
function fromDisk(fd: number, offset: number, length: number): () => string {
  return () => readRange(fd, offset, length);
}

/** Text kept by a SpillFile: how to read it back, and where it lies when it went to disk. */
interface Spilled {
  read: () => string;
  at?: [number, number];
}

/**
 * Where freshly parsed files' parts wait (instead of in memory) until the cache is
 * saved or the facts are dropped. Unnamed, it is an unlinked temp file, so nothing is
 * left behind even if the process dies. Named, it is the next heavy file itself,
 * written as the workers deliver: the save then only appends the unchanged files' parts
 * and renames it, instead of copying every body once more at the end. Falls back to
 * memory when it cannot be created or written.
 */
class SpillFile {
  private readonly slot: { fd: number | undefined } = { fd: undefined };
  private size = 0;
  /** The file's path when it is named (kept on disk), else undefined. */
  readonly path: string | undefined;

  constructor(dir: string, name?: string) {
    try {
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, name ?? `leakscope-${process.pid}-${Date.now().toString(36)}-${++spillCount}.spill`);
      this.slot.fd = openSync(file, 'w+');
      descriptors.register(this, this.slot);
      this.path = name === undefined ? undefined : file;
      if (name === undefined) {
        try {
          unlinkSync(file);
        } catch {
          // Windows cannot unlink an open file; it is removed with the cache's other leftovers.
        }
      }
    } catch {
      this.slot.fd = undefined;
    }
  }

  /** Whether text goes to disk (false: the file could not be made, or a write failed). */
  get onDisk(): boolean {
    return this.slot.fd !== undefined;
  }

  /** Stores `text`; returns a reader for it (from disk when the spill file works, else from memory). */
  keep(text: string): () => string {
    return this.spill(text).read;
  }

  /** Stores `text` and says where it went. */
  spill(text: string): Spilled {
    const fd = this.slot.fd;
    if (fd === undefined) return { read: inMemory(text) };
    try {
      const bytes = Buffer.from(text, 'utf8');
      const at = this.append(bytes);
      return { read: fromDisk(fd, at[0], at[1]), at };
    } catch {
      // Later parts must not land after a hole: this file is no longer trusted as a heavy file.
      this.slot.fd = undefined;
      return { read: inMemory(text) };
    }
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.size;
  }

  /** Appends bytes (throws when the write fails); returns their offset and length. */
  append(bytes: Buffer): [number, number] {
    const fd = this.slot.fd;
    if (fd === undefined) throw new Error('spill file is not open');
    const offset = this.size;
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, offset + done);
    this.size += bytes.length;
    return [offset, bytes.length];
  }
}


/**
 * Reads byte ranges of one heavy file on demand, keeping one descriptor open for as
 * long as facts that may still need their bodies exist (then the registry closes it).
 */
class HeavyReader {
  private readonly slot: { fd: number | undefined } = { fd: undefined };

  constructor(private readonly file: string) {
    descriptors.register(this, this.slot);
  }

  private get fd(): number | undefined {
    return this.slot.fd;
  }

  /** Opens the file now, so reads keep working after a newer generation replaces it. */
  hold(): void {
    this.slot.fd ??= openSync(this.file, 'r');
  }

  read(offset: number, length: number): string {
    this.hold();
    return readRange(this.fd as number, offset, length);
  }
}

/** Bytes gathered before one write while saving: ~1 MB writes instead of two awaited writes per source file. */
const SAVE_CHUNK_BYTES = 1 << 20;

/** Gathers small writes to one file handle into large ones. */
class ChunkedWriter {
  private parts: Buffer[] = [];
  private pending = 0;

  constructor(private readonly out: FileHandle) {}

  async write(data: Buffer | string): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.parts.push(bytes);
    this.pending += bytes.length;
    if (this.pending >= SAVE_CHUNK_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const chunk = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.pending);
    this.parts = [];
    this.pending = 0;
    let done = 0;
    while (done < chunk.length) done += (await this.out.write(chunk, done, chunk.length - done)).bytesWritten;
  }
}

/** `"meta":…` of a cache entry: the light facts packed as rows. */
function lightJson(meta: PackedFacts): string {
  return `"meta":${JSON.stringify(meta)}`;
}

/** `lightJson` of light facts (as `StoredFacts.meta` or `lightPartsOf` give them). */
function lightJsonOf(meta: FileFacts): string {
  return lightJson(packFacts(meta));
}

/** One cache entry's JSON, in `CacheEntry` key order, around its pre-serialised light part. */
function entryJson(k: Kept, light: string, calls: [number, number], at: [number, number]): string {
  const head = JSON.stringify({ rel: k.file.rel, size: k.file.size, mtimeMs: k.file.mtimeMs, id: k.file.id, hash: k.hash });
  return `${head.slice(0, -1)},${light},"calls":${JSON.stringify(calls)},"at":${JSON.stringify(at)}}`;
}

/** What the next save writes for one file. */
interface Kept {
  file: WalkedFile;
  hash: string;
  facts: FileFacts;
  /** The old cache entry when the content is unchanged (its bytes are copied at save). */
  old?: CacheEntry;
  /** Reads the heavy JSON of freshly parsed facts (from the spill file). */
  heavy?: () => string;
  /** Reads the call lists' JSON of freshly parsed facts (from the spill file). */
  calls?: () => string;
  /** Where `calls` and `heavy` lie in the named spill file (the next heavy file), when they went there. */
  callsAt?: [number, number];
  heavyAt?: [number, number];
  /** Reads `"meta":…` of freshly parsed facts, serialised at `put` while the workers still parse. */
  light?: () => string;
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
  private readonly next = new Map<string, Kept>();
  private dirty = false;
  /** Light parts of fresh facts, until the save (an unlinked temp file). */
  private spill: SpillFile | undefined;
  /** Call lists and bodies of fresh facts: the next heavy file, named by `generation` (none when caching is off). */
  private bodies: SpillFile | undefined;
  private generation = '';

  private constructor(
    /** Absolute path of the cache index file; `` when caching is off. */
    readonly file: string,
    private readonly root: string,
    private readonly optionsHash: string,
    entries: CacheEntry[],
    private readonly writtenAt: number,
    private readonly reader: HeavyReader | undefined,
  ) {
    for (const entry of entries) {
      this.byRel.set(entry.rel, entry);
      this.byHash.set(entry.hash, entry);
    }
  }

  /** An empty cache that is never written (for `--no-cache`). */
  static disabled(root: string): FactsCache {
    return new FactsCache('', root, '', [], 0, undefined);
  }

  /** Opens (or starts) the cache of `root` in `cacheDir`. Never throws for a bad cache file. */
  static async open(cacheDir: string, root: string, options: ExtractOptions): Promise<OpenedCache> {
    const file = cacheFileFor(cacheDir, root);
    const optionsHash = extractOptionsHash(options);
    const fresh = (warning?: string): OpenedCache => {
      const cache = new FactsCache(file, root, optionsHash, [], 0, undefined);
      return warning ? { cache, warning: { file, line: 0, message: warning } } : { cache };
    };
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? fresh() : fresh(`cache unreadable (${code ?? String(err)}); rebuilding it`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return fresh('cache file is corrupt or truncated; rebuilding it');
    }
    // An older layout written by an earlier Leakscope is an expected upgrade, not a problem.
    if (isObject(raw) && raw.format === FORMAT_TAG && raw.version !== CACHE_FORMAT) return fresh();
    if (
      !isObject(raw) ||
      raw.format !== FORMAT_TAG ||
      raw.version !== CACHE_FORMAT ||
      !Array.isArray(raw.entries) ||
      typeof raw.writtenAt !== 'number' ||
      typeof raw.heavy !== 'string' ||
      !/^[a-z0-9]+$/.test(raw.heavy) ||
      typeof raw.heavyBytes !== 'number'
    ) {
      return fresh('cache file is not a Leakscope cache of this version; rebuilding it');
    }
    if (raw.root !== root) return fresh('cache file belongs to another folder; rebuilding it');
    // A different extractor or different defines is an expected invalidation, not a problem.
    if (raw.extractor !== EXTRACTOR_VERSION || raw.options !== optionsHash) return fresh();
    const heavyBytes = raw.heavyBytes;
    const heavyFile = heavyFileFor(file, raw.heavy);
    try {
      if ((await stat(heavyFile)).size !== heavyBytes) return fresh('cache bodies file is truncated; rebuilding it');
    } catch {
      return fresh('cache bodies file is missing; rebuilding it');
    }
    const entries = raw.entries as unknown[];
    if (!entries.every((e) => isEntry(e, heavyBytes))) return fresh('cache file has damaged entries; rebuilding it');
    return { cache: new FactsCache(file, root, optionsHash, entries, raw.writtenAt, new HeavyReader(heavyFile)) };
  }

  /** Whether any file is cached (when none is, nothing can be found by content hash). */
  get hasEntries(): boolean {
    return this.byRel.size > 0;
  }

  private factsOf(entry: CacheEntry): FileFacts {
    const reader = this.reader;
    const [offset, length] = entry.at;
    return joinFacts({ meta: unpackFacts(entry.meta), calls: rangeReader(reader, entry.calls) }, () => (reader ? reader.read(offset, length) : '[]'));
  }

  /** Facts for a walked file whose size, mtime and inode match its entry, without reading it. */
  lookupByStat(file: WalkedFile): FileFacts | undefined {
    const entry = this.byRel.get(file.rel);
    if (!entry || entry.size !== file.size || entry.mtimeMs !== file.mtimeMs || entry.id !== file.id) return undefined;
    if (file.mtimeMs >= this.writtenAt - RACY_WINDOW_MS) return undefined;
    const facts = this.factsOf(entry);
    this.next.set(file.rel, { file, hash: entry.hash, facts, old: entry });
    return facts;
  }

  /** Facts for content already seen (same hash), under this file's path. */
  lookupByHash(file: WalkedFile, hash: string): FileFacts | undefined {
    const own = this.byRel.get(file.rel);
    const entry = own?.hash === hash ? own : this.byHash.get(hash);
    if (!entry) return undefined;
    let facts = this.factsOf(entry);
    if (entry.rel !== file.rel) {
      // Same content under another path: the facts must name this path. The heavy
      // part does not mention the path, so it is shared as is.
      const [offset, length] = entry.at;
      const reader = this.reader;
      const meta: FileFacts = { ...unpackFacts(JSON.parse(JSON.stringify(entry.meta)) as PackedFacts), file: file.rel };
      meta.warnings = meta.warnings.map((w) => ({ ...w, file: file.rel }));
      facts = joinFacts({ meta, calls: rangeReader(reader, entry.calls) }, () => (reader ? reader.read(offset, length) : '[]'));
      this.next.set(file.rel, { file, hash, facts });
    } else {
      this.next.set(file.rel, { file, hash, facts, old: entry });
    }
    this.dirty = true; // the stat data changed
    return facts;
  }

  /** Records freshly extracted facts (as stored parts) and returns them as FileFacts. */
  put(file: WalkedFile, stored: StoredFacts): FileFacts {
    // The heavy part and call lists go to disk, so ~85% of the facts do not sit in memory.
    this.spill ??= new SpillFile(this.file === '' ? os.tmpdir() : path.dirname(this.file));
    if (!this.bodies) {
      this.generation = `${Date.now().toString(36)}${process.pid.toString(36)}`;
      this.bodies = this.file === '' ? this.spill : new SpillFile(path.dirname(this.file), `${path.basename(heavyFileFor(this.file, this.generation))}.tmp`);
    }
    const calls = this.bodies.spill(stored.calls);
    const heavy = this.bodies.spill(stored.heavy);
    // Serialising the light part now (the main thread idles while workers parse) takes it off the save at the end.
    const light = this.spill.keep(stored.packedMeta !== undefined ? `"meta":${stored.packedMeta}` : lightJsonOf(stored.meta));
    const facts = joinFacts({ meta: stored.meta, calls: calls.read }, heavy.read);
    this.next.set(file.rel, { file, hash: stored.meta.hash, facts, heavy: heavy.read, calls: calls.read, light, callsAt: calls.at, heavyAt: heavy.at });
    this.dirty = true;
    return facts;
  }

  /**
   * Writes the entries looked up or put during this run (files gone from the tree
   * drop out), atomically. Returns a warning instead of throwing when it cannot.
   */
  async save(): Promise<FileWarning | undefined> {
    if (this.file === '') return undefined;
    const dropped = [...this.byRel.keys()].some((rel) => !this.next.has(rel));
    // Files trusted by stat within the racy window are re-hashed until a save moves the window past them.
    const racy = [...this.next.values()].some((k) => k.file.mtimeMs >= this.writtenAt - RACY_WINDOW_MS);
    if (!this.dirty && !dropped && !racy) return undefined;

    // The bodies written while parsing become the new heavy file when every write went to disk.
    const bodies = this.bodies?.onDisk === true && this.bodies.path !== undefined ? this.bodies : undefined;
    this.bodies = undefined;
    const generation = bodies ? this.generation : `${Date.now().toString(36)}${process.pid.toString(36)}`;
    const heavyFile = heavyFileFor(this.file, generation);
    const tmpIndex = `${this.file}.${generation}.tmp`;
    const tmpHeavy = bodies?.path ?? `${heavyFile}.tmp`;
    let heavyOut: FileHandle | undefined;
    let indexOut: FileHandle | undefined;
    try {
      this.reader?.hold();
      await mkdir(path.dirname(this.file), { recursive: true });
      // Both files are streamed one source file at a time, so saving never holds the
      // whole cache (or its JSON text) in memory at once.
      let heavyChunks: ChunkedWriter | undefined;
      if (!bodies) {
        heavyOut = await open(tmpHeavy, 'w');
        heavyChunks = new ChunkedWriter(heavyOut);
      }
      let offset = 0;
      const append = async (bytes: Buffer): Promise<[number, number]> => {
        if (bodies) return bodies.append(bytes);
        await heavyChunks?.write(bytes);
        offset += bytes.length;
        return [offset - bytes.length, bytes.length];
      };
      indexOut = await open(tmpIndex, 'w');
      const indexChunks = new ChunkedWriter(indexOut);
      const header: Omit<CacheIndex, 'entries' | 'heavyBytes'> = {
        format: FORMAT_TAG,
        version: CACHE_FORMAT,
        extractor: EXTRACTOR_VERSION,
        options: this.optionsHash,
        root: this.root,
        writtenAt: Date.now(),
        heavy: generation,
      };
      await indexChunks.write(`${JSON.stringify(header).slice(0, -1)},"entries":[`);
      let first = true;
      const kept = [...this.next.values()].sort((a, b) => (a.file.rel < b.file.rel ? -1 : 1));
      for (const k of kept) {
        let light: string;
        let callsAt: [number, number];
        let heavyAt: [number, number];
        if (k.old && this.reader) {
          // Unchanged content: copy its light part, call lists and heavy bytes without decoding them.
          light = lightJson(k.old.meta);
          callsAt = await append(Buffer.from(this.reader.read(k.old.calls[0], k.old.calls[1]), 'utf8'));
          heavyAt = await append(Buffer.from(this.reader.read(k.old.at[0], k.old.at[1]), 'utf8'));
        } else if (k.heavy && k.calls && k.light) {
          light = k.light();
          // Fresh facts already lie in the bodies file when it is the one being kept.
          callsAt = bodies && k.callsAt ? k.callsAt : await append(Buffer.from(k.calls(), 'utf8'));
          heavyAt = bodies && k.heavyAt ? k.heavyAt : await append(Buffer.from(k.heavy(), 'utf8'));
        } else {
          const stored = storedPartsOf(k.facts);
          light = lightJsonOf(stored.meta);
          callsAt = await append(Buffer.from(stored.calls, 'utf8'));
          heavyAt = await append(Buffer.from(stored.heavy, 'utf8'));
        }
        await indexChunks.write((first ? '' : ',') + entryJson(k, light, callsAt, heavyAt));
        first = false;
      }
      const heavyBytes = bodies ? bodies.bytes : offset;
      await indexChunks.write(`],"heavyBytes":${heavyBytes}}`);
      await heavyChunks?.flush();
      await indexChunks.flush();
      await heavyOut?.close();
      heavyOut = undefined;
      await indexOut.close();
      indexOut = undefined;
      await rename(tmpHeavy, heavyFile);
      await rename(tmpIndex, this.file);
      // Older generations are no longer referenced (a process still reading one keeps its
      // open descriptor); bodies files left by a run that never saved are removed once stale.
      const prefix = path.basename(this.file).slice(0, -'.json'.length) + '.';
      const dir = path.dirname(this.file);
      for (const name of await readdir(dir)) {
        if (!name.startsWith(prefix) || name === path.basename(heavyFile)) continue;
        const full = path.join(dir, name);
        const stale = name.endsWith('.heavy') || (name.endsWith('.heavy.tmp') && (await isOlderThan(full, STALE_TEMP_MS)));
        if (stale) await rm(full, { force: true }).catch(() => undefined);
      }
      return undefined;
    } catch (err) {
      await heavyOut?.close().catch(() => undefined);
      await indexOut?.close().catch(() => undefined);
      await rm(tmpIndex, { force: true }).catch(() => undefined);
      await rm(tmpHeavy, { force: true }).catch(() => undefined);
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      return { file: this.file, line: 0, message: `cannot write the cache (${code}); the next run will parse again` };
    }
  }
}

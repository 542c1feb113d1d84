/**
 * Indexes a folder: walk → (cache by stat | read + cache by hash | parse in the worker
 * pool, which reads the files itself when nothing is cached) → per-file facts, sorted by path. Problems with single files become warnings
 * and the rest of the index stands; problems with the folder itself are `IndexError`s
 * with a code the UI and CLI act on and the path they concern.
 */
import { realpath, stat } from 'node:fs/promises';
import { FactsCache, defaultCacheDir } from './cache';
import type { ProjectConfig } from './config';
import type { ExtractOptions } from './extract/options';
import type { FileFacts, FileWarning } from './facts';
import { ParseCancelled, ParsePool, ParserUnavailable, type ParseJob } from './pool';
import { readSourceBytes } from './read';
import { walkSourceTree, type WalkedFile } from './walk';

/** Why a folder could not be indexed at all. */
export type IndexErrorCode = 'not-found' | 'not-a-folder' | 'no-c-files' | 'unreadable' | 'cancelled' | 'internal';

/** A failure of the whole index (not of one file), naming the path it concerns. */
export class IndexError extends Error {
  constructor(
    readonly code: IndexErrorCode,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'IndexError';
  }
}

/** Progress of an index run, shaped like the contract's `Progress`. */
export interface IndexProgress {
  phase: 'walk' | 'parse';
  done: number;
  total: number;
  message: string;
}

/** How to index. */
export interface IndexOptions {
  /** Cache folder; `undefined` = the user's cache dir, `null` = no cache at all. */
  cacheDir?: string | null;
  config: ProjectConfig;
  signal?: AbortSignal;
  onProgress?: (progress: IndexProgress) => void;
  /** Worker count; default one per core. */
  jobs?: number;
  /**
   * Callees whose args/target/code are kept in the compact call lists (pass the
   * allocator table's names); other calls' details are decoded from the bodies on demand.
   */
  detailNames?: readonly string[];
}

/** Counts for the summary line. */
export interface IndexStats {
  /** Source files with facts (parsed or cached). */
  files: number;
  cached: number;
  parsed: number;
  /** Files found but skipped (unreadable, binary, too large, crashed the parser). */
  skipped: number;
  /** Bytes of the files with facts. */
  bytes: number;
  durationMs: number;
}

/** The index of one folder. */
export interface IndexResult {
  /** Absolute real path of the folder. */
  root: string;
  /** Facts per file, sorted by path. */
  facts: FileFacts[];
  /** Problems with files, folders or the cache (parse errors inside files stay in `facts[i].warnings`). */
  warnings: FileWarning[];
  stats: IndexStats;
}

/** How many files are read from disk at once while looking for changed ones. */
const READ_CONCURRENCY = 16;

/** The extract options a config implies (these feed the cache key). */
export function extractOptionsOf(config: ProjectConfig): ExtractOptions {
  return { defines: { ...config.defines }, undefines: [...config.undefines], undefinedPrefixes: [...config.undefinedPrefixes] };
}

async function checkRoot(root: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(root);
    const stats = await stat(real);
    if (!stats.isDirectory()) throw new IndexError('not-a-folder', `${root}: not a folder`, root);
  } catch (err) {
    if (err instanceof IndexError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new IndexError('not-found', `${root}: no such folder`, root);
    if (code === 'EACCES' || code === 'EPERM') throw new IndexError('unreadable', `${root}: permission denied`, root);
    throw new IndexError('internal', `${root}: cannot open (${code ?? String(err)})`, root);
  }
  return real;
}

function cancelled(root: string): IndexError {
  return new IndexError('cancelled', `indexing ${root} was cancelled`, root);
}

/** Indexes `root`. Throws `IndexError` for a bad folder, a cancelled run or a parser that cannot start. */
export async function indexFolder(root: string, options: IndexOptions): Promise<IndexResult> {
  const started = performance.now();
  const realRoot = await checkRoot(root);

  const extractOptions = extractOptionsOf(options.config);
  const warnings: FileWarning[] = [];
  let cache: FactsCache;
  if (options.cacheDir === null) {
    cache = FactsCache.disabled(realRoot);
  } else {
    const opened = await FactsCache.open(options.cacheDir ?? defaultCacheDir(), realRoot, extractOptions);
    cache = opened.cache;
    if (opened.warning) warnings.push(opened.warning);
  }
  // Nothing cached: everything will be parsed, so the workers load the parser during the walk.
  const pool = new ParsePool({ options: extractOptions, size: options.jobs, detailNames: options.detailNames });
  if (!cache.hasEntries) pool.warmUp();
  try {
    return await indexWith({ pool, cache, realRoot, root, options, warnings, started });
  } finally {
    pool.close();
  }
}

/** What `indexWith` works with: the open cache, the (maybe warming) pool, the warnings so far. */
interface IndexRun {
  pool: ParsePool;
  cache: FactsCache;
  realRoot: string;
  /** The folder as the caller named it (errors name it so). */
  root: string;
  options: IndexOptions;
  warnings: FileWarning[];
  started: number;
}

/** The rest of `indexFolder`, once the cache is open and the pool made. */
async function indexWith(run: IndexRun): Promise<IndexResult> {
  const { pool, cache, realRoot, root, options, warnings, started } = run;
  const { config, signal, onProgress } = options;
  onProgress?.({ phase: 'walk', done: 0, total: 0, message: realRoot });
  const walked = await walkSourceTree(realRoot, { include: config.include, exclude: config.exclude, signal });
  if (signal?.aborted) throw cancelled(root);
  warnings.push(...walked.warnings);
  if (walked.files.length === 0) {
    const why = [
      walked.ignoredFiles > 0 ? `${walked.ignoredFiles} left out by .gitignore` : '',
      walked.warnings.length > 0 ? `${walked.warnings.length} paths could not be read` : '',
    ].filter((s) => s !== '');
    throw new IndexError('no-c-files', `${root}: no C files (*.c, *.h) found${why.length > 0 ? ` (${why.join('; ')})` : ''}`, root);
  }

  // Unchanged files come from the cache by stat; the rest are read, and parsed unless their content is known.
  const facts: FileFacts[] = [];
  const toRead: WalkedFile[] = [];
  for (const file of walked.files) {
    const hit = cache.lookupByStat(file);
    if (hit) facts.push(hit);
    else toRead.push(file);
  }
  let cached = facts.length;
  const jobs: ParseJob[] = [];
  const jobFiles = new Map<string, WalkedFile>();
  let skipped = 0;
  if (!cache.hasEntries) {
    // Nothing cached: no content can be recognised by its hash, so the workers read the
    // files themselves and the main thread never holds their bytes.
    for (const file of toRead) {
      jobs.push({ file: file.rel, size: file.size, abs: file.abs, maxBytes: config.maxFileBytes });
      jobFiles.set(file.rel, file);
    }
    toRead.length = 0;
  }
  for (let i = 0; i < toRead.length; i += READ_CONCURRENCY) {
    if (signal?.aborted) throw cancelled(root);
    const slice = toRead.slice(i, i + READ_CONCURRENCY);
    const outcomes = await Promise.all(slice.map((file) => readSourceBytes(file.abs, file.rel, config.maxFileBytes)));
    outcomes.forEach((outcome, k) => {
      const file = slice[k];
      if (!outcome.ok) {
        warnings.push(outcome.warning);
        skipped++;
        return;
      }
      const known = cache.lookupByHash(file, outcome.hash);
      if (known) {
        facts.push(known);
        cached++;
        return;
      }
      jobs.push({ file: file.rel, size: file.size, hash: outcome.hash, bytes: outcome.bytes });
      jobFiles.set(file.rel, file);
    });
  }

  let parsed = 0;
  if (jobs.length > 0) {
    onProgress?.({ phase: 'parse', done: 0, total: jobs.length, message: '' });
    try {
      const parsing = pool.parse(jobs, {
        signal,
        onProgress: (done, total, file) => onProgress?.({ phase: 'parse', done, total, message: file }),
        // Each file goes to the cache (its heavy part to the spill file) as it arrives:
        // the main thread is idle while the workers parse, and nothing piles up for the end.
        onFacts: (stored) => {
          const file = jobFiles.get(stored.meta.file);
          if (!file) return;
          facts.push(cache.put(file, stored));
          parsed++;
        },
      });
      // The pool holds its own batches and drops each once parsed; keeping `jobs` would pin every file's bytes.
      const jobCount = jobs.length;
      jobs.length = 0;
      const outcome = await parsing;
      skipped += jobCount - parsed;
      warnings.push(...outcome.warnings);
    } catch (err) {
      if (err instanceof ParseCancelled) throw cancelled(root);
      if (err instanceof ParserUnavailable) throw new IndexError('internal', err.message, root);
      throw err;
    }
  }

  const saveWarning = await cache.save();
  if (saveWarning) warnings.push(saveWarning);

  facts.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  warnings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  let bytes = 0;
  const sizes = new Map(walked.files.map((f) => [f.rel, f.size]));
  for (const f of facts) bytes += sizes.get(f.file) ?? 0;
  return {
    root: realRoot,
    facts,
    warnings,
    stats: { files: facts.length, cached, parsed, skipped, bytes, durationMs: Math.round(performance.now() - started) },
  };
}

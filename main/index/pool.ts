/**
 * A worker_threads pool that turns file bytes into FileFacts. One worker per core
 * (the parse is CPU-bound WASM), each loading the parser once. Files go out in
 * batches (fewer messages), biggest first (so no worker is left with a large file at
 * the end), and come back one by one. A worker that dies or hangs costs only the file
 * it was parsing: that file gets a warning, the worker is replaced and the rest of
 * its batch is re-queued. Cancelling terminates the workers at once.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileWarning } from './facts';
import { fromWire, type StoredFacts } from './lazy-facts';
import type { ExtractOptions } from './extract/options';
import type { FromWorker, ParseJob, ToWorker, WorkerInit } from './worker-protocol';

export type { ParseJob } from './worker-protocol';

/** How a pool is set up. */
export interface PoolOptions {
  options: ExtractOptions;
  /** Callees whose call details are kept in the compact call lists (default none). */
  detailNames?: readonly string[];
  /** Number of workers; default `os.availableParallelism()`, at least 1. */
  size?: number;
  /** A worker silent for this long on one file is killed and the file skipped (default 120 s). */
  fileTimeoutMs?: number;
}

/** Per-run callbacks. */
export interface PoolRunOptions {
  signal?: AbortSignal;
  /** Called after each file with files done / total and the file's path. */
  onProgress?: (done: number, total: number, file: string) => void;
  /**
   * Receives each file's facts as soon as they arrive (then they are not kept in the
   * outcome), so the caller can store them while the workers go on parsing instead of
   * all at the end, and no file's heavy string waits in memory for the whole run.
   */
  onFacts?: (stored: StoredFacts) => void;
}

/** Facts (stored parts) for every file that parsed (none when `onFacts` took them), plus a warning for each that did not. */
export interface PoolOutcome {
  facts: StoredFacts[];
  warnings: FileWarning[];
}

/** The run was cancelled through its AbortSignal. */
export class ParseCancelled extends Error {
  constructor() {
    super('indexing was cancelled');
    this.name = 'ParseCancelled';
  }
}

/** The parser could not start in any worker (missing .wasm, broken install). */
export class ParserUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParserUnavailable';
  }
}

/**
 * Heap limits per worker. V8 would otherwise size each worker's heap from the machine's
 * memory and collect lazily; these make workers collect sooner (-65 MB peak on Linux
 * fs/ with two workers) and still parse a 7.5 MB generated file. A file that needs more
 * ends its worker, which the pool reports as a warning for that file.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 };
/**
 * A file that runs a worker out of that heap gets one more try alone in a worker with
 * this much: SQLite's 8.6 MB amalgamation needs ~0.5 GB, and a tight limit for every
 * worker (to keep the usual peak down) must not cost the one big real file.
 */
const BIG_FILE_LIMITS = { maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: 32 };

/** Files per batch are capped by count and by bytes so small and large files both batch well. */
const BATCH_MAX_FILES = 24;
const BATCH_MAX_BYTES = 512 * 1024;

/**
 * The worker script: the esbuild bundle next to this file (dist/main/worker.cjs), or,
 * when running from TypeScript sources under tsx (unit tests), a tiny CommonJS
 * bootstrap that registers tsx's require hook and loads worker.ts (a Worker will not
 * start a `.ts` file by name).
 */
export function workerScript(): { file: string; eval: boolean } {
  const bundled = path.join(__dirname, 'worker.cjs');
  // Packaged app: electron-builder unpacks the worker (asarUnpack) because a Worker
  // thread is started from a real file, not from inside app.asar.
  const unpacked = bundled.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  if (unpacked !== bundled && existsSync(unpacked)) return { file: unpacked, eval: false };
  if (existsSync(bundled)) return { file: bundled, eval: false };
  const source = path.join(__dirname, 'worker.ts');
  if (existsSync(source)) return { file: `require('tsx/cjs');\nrequire(${JSON.stringify(source)});`, eval: true };
  throw new ParserUnavailable(`parse worker not found next to ${__dirname} (looked for worker.cjs and worker.ts); run \`npm run build\``);
}

/** Default worker count: one per core the process may use. */
export function defaultPoolSize(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cores);
}

function splitIntoBatches(jobs: ParseJob[]): ParseJob[][] {
  const sorted = [...jobs].sort((a, b) => b.size - a.size || (a.file < b.file ? -1 : 1));
  const batches: ParseJob[][] = [];
  let current: ParseJob[] = [];
  let bytes = 0;
  for (const job of sorted) {
    if (current.length > 0 && (current.length >= BATCH_MAX_FILES || bytes + job.size > BATCH_MAX_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(job);
    bytes += job.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** A worker started ahead of a run, and what it has said so far. */
interface SpareWorker {
  worker: Worker;
  ready: boolean;
  /** Set when it could not load the parser. */
  fatal?: string;
  dead: boolean;
}

/** Parses files in worker threads. Create one per index run (or keep one for many); `close()` when done. */
export class ParsePool {
  private readonly init: WorkerInit;
  private readonly size: number;
  private readonly fileTimeoutMs: number;
  private spares: SpareWorker[] = [];

  constructor(options: PoolOptions) {
    this.init = { options: options.options, detailNames: [...(options.detailNames ?? [])] };
    this.size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
    this.fileTimeoutMs = options.fileTimeoutMs ?? 120_000;
  }

  /**
   * Starts the workers now, so they load the parser (WASM compile and all) while the
   * caller is still walking the folder; the next `parse` uses them. Call `close()` if
   * no parse follows.
   */
  warmUp(): void {
    while (this.spares.length < this.size) {
      let worker: Worker;
      try {
        worker = this.startWorker(WORKER_LIMITS);
      } catch {
        return; // no worker script: the parse reports it as ParserUnavailable, where callers expect it
      }
      const spare: SpareWorker = { worker, ready: false, dead: false };
      worker.once('message', (message: FromWorker) => {
        if (message.type === 'ready') spare.ready = true;
        else if (message.type === 'fatal') spare.fatal = message.message;
      });
      worker.once('exit', () => {
        spare.dead = true;
      });
      worker.once('error', () => {
        spare.dead = true;
      });
      // A spare must not keep the process alive if the caller never parses or closes.
      worker.unref();
      this.spares.push(spare);
    }
  }

  /** Starts one parse worker with the given heap limits. */
  private startWorker(limits: typeof WORKER_LIMITS): Worker {
    const script = workerScript();
    return new Worker(script.file, { workerData: this.init, eval: script.eval, resourceLimits: limits });
  }

  /** Stops workers started by `warmUp` that no parse took. */
  close(): void {
    for (const spare of this.spares.splice(0)) void spare.worker.terminate();
  }

  /** Parses `jobs`; resolves with facts sorted by file. Rejects with ParseCancelled or ParserUnavailable. */
  parse(jobs: ParseJob[], run: PoolRunOptions = {}): Promise<PoolOutcome> {
    if (jobs.length === 0) return Promise.resolve({ facts: [], warnings: [] });
    const queue = splitIntoBatches(jobs);
    const total = jobs.length;
    return this.run(queue, total, run);
  }

  private run(queue: ParseJob[][], total: number, run: PoolRunOptions): Promise<PoolOutcome> {
    const facts: StoredFacts[] = [];
    const warnings: FileWarning[] = [];
    const finished = new Set<string>();
    const workerCount = Math.min(this.size, queue.length);

    return new Promise<PoolOutcome>((resolve, reject) => {
      const live = new Set<Worker>();
      let settled = false;
      let startupFailures = 0;
      let batchId = 0;

      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        run.signal?.removeEventListener('abort', onAbort);
        for (const worker of live) void worker.terminate();
        live.clear();
        if (error) {
          reject(error);
          return;
        }
        facts.sort((a, b) => (a.meta.file < b.meta.file ? -1 : a.meta.file > b.meta.file ? 1 : 0));
        warnings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
        // Hand over fresh arrays: the worker listeners' closures may outlive this run and
        // must not keep every file's facts alive through these ones.
        resolve({ facts: facts.splice(0), warnings: warnings.splice(0) });
      };
      const onAbort = (): void => finish(new ParseCancelled());
      if (run.signal?.aborted) {
        onAbort();
        return;
      }
      run.signal?.addEventListener('abort', onAbort, { once: true });

      const complete = (file: string): void => {
        finished.add(file);
        run.onProgress?.(finished.size, total, file);
        if (finished.size === total) finish();
      };

      /** Files that ran a worker out of memory, waiting for their one retry in a big worker. */
      const retryQueue: ParseJob[][] = [];
      const retried = new Set<string>();

      const spawn = (big = false): void => {
        if (settled) return;
        let spare = big ? undefined : this.spares.shift();
        while (spare?.dead) {
          spare = this.spares.shift();
        }
        if (spare?.fatal !== undefined) {
          finish(new ParserUnavailable(spare.fatal));
          return;
        }
        const worker = spare?.worker ?? this.startWorker(big ? BIG_FILE_LIMITS : WORKER_LIMITS);
        worker.ref();
        live.add(worker);
        let batch: ParseJob[] | undefined;
        let current: string | undefined;
        let ready = false;
        let timer: NodeJS.Timeout | undefined;
        let dead = false;

        const arm = (): void => {
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => {
            if (current !== undefined) {
              warnings.push({ file: current, line: 0, message: `parser gave no answer within ${Math.round(this.fileTimeoutMs / 1000)} s; skipped` });
            }
            void worker.terminate();
          }, this.fileTimeoutMs);
          timer.unref();
        };
        const next = (): void => {
          batch = (big ? retryQueue : queue).shift();
          current = undefined;
          if (!batch) {
            if (timer) clearTimeout(timer);
            live.delete(worker);
            void worker.terminate();
            return;
          }
          arm();
          const message: ToWorker = { type: 'batch', id: ++batchId, jobs: batch };
          worker.postMessage(message);
        };

        worker.on('message', (message: FromWorker) => {
          if (settled) return;
          switch (message.type) {
            case 'ready':
              ready = true;
              startupFailures = 0;
              next();
              return;
            case 'fatal':
              finish(new ParserUnavailable(message.message));
              return;
            case 'start':
              current = message.file;
              arm();
              return;
            case 'result':
              current = undefined;
              if (run.onFacts) run.onFacts(fromWire(message.stored));
              else facts.push(fromWire(message.stored));
              complete(message.file);
              return;
            case 'skipped':
              current = undefined;
              warnings.push(message.warning);
              complete(message.file);
              return;
            case 'failed':
              current = undefined;
              warnings.push({ file: message.file, line: 0, message: `parser failed on this file (${message.message}); skipped` });
              complete(message.file);
              return;
            case 'batchDone':
              next();
              return;
          }
        });

        const onDeath = (reason: string): void => {
          if (dead) return;
          dead = true;
          if (timer) clearTimeout(timer);
          live.delete(worker);
          if (settled) return;
          if (!ready) {
            startupFailures++;
            if (startupFailures >= 3) {
              finish(new ParserUnavailable(`parse worker could not start: ${reason}`));
              return;
            }
          }
          if (batch) {
            const blamed = current;
            const job = batch.find((j) => j.file === blamed);
            if (job && !big && !finished.has(job.file) && !retried.has(job.file) && /memory limit/i.test(reason)) {
              retried.add(job.file);
              retryQueue.push([job]);
              spawn(true);
            } else if (blamed !== undefined && !finished.has(blamed)) {
              if (!warnings.some((w) => w.file === blamed && w.message.startsWith('parser gave no answer'))) {
                warnings.push({ file: blamed, line: 0, message: `parser crashed on this file (${reason}); skipped` });
              }
              complete(blamed);
            }
            const rest = batch.filter((j) => !finished.has(j.file) && !(j === job && retried.has(j.file)));
            if (rest.length > 0) (big ? retryQueue : queue).unshift(rest);
          }
          if (settled) return;
          // A big worker is replaced only for other retries; a regular one as the pool's size says.
          if (big ? retryQueue.length > 0 : queue.length > 0 || batch) spawn(big);
        };
        worker.on('error', (err) => onDeath(err.message));
        worker.on('exit', (code) => {
          if (batch || !ready) onDeath(`worker exited with code ${code}`);
        });
        if (spare?.ready) {
          // It said 'ready' before this run listened.
          ready = true;
          startupFailures = 0;
          next();
        }
      };

      for (let i = 0; i < workerCount; i++) spawn();
    });
  }
}

/** Messages between the parse pool (pool.ts) and its workers (worker.ts). */
import type { ExtractOptions } from './extract/options';
import type { FileWarning } from './facts';
import type { WireFacts } from './lazy-facts';

/** `workerData` given to each worker. */
export interface WorkerInit {
  options: ExtractOptions;
  /** Callees whose args/target/code are kept in the compact call lists (the allocator table's names). */
  detailNames: string[];
}

/**
 * One file to parse, by relative path. Either its bytes were already read (and hashed)
 * by the indexer, or the worker reads them itself from `abs`: on a cold index nothing
 * needs the hash before parsing, so the main thread neither reads nor holds any file.
 */
export type ParseJob = {
  file: string;
  /** Size from the walk, used to send big files first (the bytes may not be read yet). */
  size: number;
} & ({ hash: string; bytes: Uint8Array } | { abs: string; maxBytes: number });

/** Pool → worker. */
export type ToWorker = { type: 'batch'; id: number; jobs: ParseJob[] };

/** Worker → pool. `start` lets the pool blame the right file if the worker dies mid-batch. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'start'; file: string }
  | { type: 'result'; file: string; stored: WireFacts }
  /** The worker could not read the file (gone, unreadable, binary, too large). */
  | { type: 'skipped'; file: string; warning: FileWarning }
  | { type: 'failed'; file: string; message: string }
  | { type: 'batchDone'; id: number };

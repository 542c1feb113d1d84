/** Messages between the parse pool (pool.ts) and its workers (worker.ts). */
import type { ExtractOptions } from './extract/options';
import type { StoredFacts } from './lazy-facts';

/** `workerData` given to each worker. */
export interface WorkerInit {
  options: ExtractOptions;
  /** Callees whose args/target/code are kept in the compact call lists (the allocator table's names). */
  detailNames: string[];
}

/** One file to parse: its relative path, content hash and raw bytes (decoded in the worker). */
export interface ParseJob {
  file: string;
  hash: string;
  bytes: Uint8Array;
}

/** Pool → worker. */
export type ToWorker = { type: 'batch'; id: number; jobs: ParseJob[] };

/** Worker → pool. `start` lets the pool blame the right file if the worker dies mid-batch. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'start'; file: string }
  | { type: 'result'; file: string; stored: StoredFacts }
  | { type: 'failed'; file: string; message: string }
  | { type: 'batchDone'; id: number };

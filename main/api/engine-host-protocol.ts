/**
 * Messages between the API (main thread) and the analysis worker that indexes a
 * folder and keeps its prepared analysis. Plain structured-clone data only.
 */
import type { ApiError, IndexWarning, Investigation, Progress } from '../../preload/contract';
import type { CallGraph } from '../../preload/model';
import type { Analysis } from './engine';

/** A request to the worker; `id` pairs it with its reply. */
export type HostRequest =
  | { id: number; op: 'index'; root: string; cacheDir: string; investigation?: Investigation }
  | { id: number; op: 'analyse'; investigation: Investigation }
  | { id: number; op: 'writeup'; investigation: Investigation; analysis: Analysis; name: string };

/** The indexed project as the main thread sees it (the program stays in the worker). */
export interface IndexedSummary {
  graph: CallGraph;
  files: number;
  cached: number;
  parsed: number;
  warnings: IndexWarning[];
  /** The stored analysis under the investigation the index was asked about, when it still holds. */
  analysis?: Analysis;
}

/** A reply, or a progress report while indexing. */
export type HostMessage =
  | { id: number; ok: true; value: IndexedSummary | Analysis | string }
  | { id: number; ok: false; error: ApiError; aborted: boolean }
  | { op: 'progress'; progress: Progress };

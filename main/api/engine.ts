/**
 * The seam between the API and the analysis back end: index a folder, analyse it
 * under an investigation, and write it up. The API depends only on this interface,
 * so it is tested without tree-sitter and the back end can evolve behind it.
 */
import type { CallGraph, IndexWarning, Investigation, PassesReport, Progress, SuspectDetail } from '../../preload/contract';

/** An indexed folder: the drawable graph plus whatever the analysis needs (`program`). */
export interface IndexedProject<P = unknown> {
  graph: CallGraph;
  files: number;
  cached: number;
  parsed: number;
  warnings: IndexWarning[];
  /** The analysis under the investigation asked for in IndexRunOptions, when a stored one still holds (view-cache.ts). */
  analysis?: Analysis;
  program: P;
}

/** Options for one indexing run. */
export interface IndexRunOptions {
  /** Where per-file facts are cached between runs. */
  cacheDir: string;
  signal: AbortSignal;
  onProgress: (progress: Progress) => void;
  /** The investigation the folder will be analysed under first: its stored result may come back with the index. */
  investigation?: Investigation;
}

/** The passes report plus the ranked suspect details. */
export interface Analysis {
  report: PassesReport;
  details: SuspectDetail[];
}

/** What the API needs from the back end. */
export interface Engine<P = unknown> {
  /** Indexes `root` (an existing, real folder path). Rejects with an AbortError when cancelled. */
  index(root: string, options: IndexRunOptions): Promise<IndexedProject<P>>;
  /** Runs the elimination passes under `investigation`. */
  analyse(project: IndexedProject<P>, investigation: Investigation): Promise<Analysis>;
  /** The Markdown write-up; per-pass snapshots are linked as `pass-N.png`. */
  writeup(project: IndexedProject<P>, investigation: Investigation, analysis: Analysis, name: string): Promise<string>;
  /** Releases what a project holds (e.g. its analysis worker) once it is closed or replaced. */
  dispose?(project: IndexedProject<P>): void;
  /** Pass names in their default order, for a fresh investigation. */
  defaultPassOrder(): string[];
}

/**
 * The one contract for every call across a process boundary. main/app (Electron IPC)
 * and main/serve (HTTP + server-sent events) both implement `LeakscopeApi`; the
 * preload exposes it as `window.leakscope`; the renderer talks only to it. Every
 * call returns a promise of a `Result`, never a thrown string, so errors reach the
 * UI as data it can show.
 */
import type { CallGraph, PassesReport, SuspectDetail } from './model';

export type { CallGraph, PassesReport, SuspectDetail } from './model';
export type * from './model';

/** A failure the UI can show as is: what went wrong, and with which path. */
export interface ApiError {
  code: 'not-found' | 'not-a-folder' | 'no-c-files' | 'unreadable' | 'invalid-argument' | 'outside-folder' | 'cancelled' | 'config' | 'busy' | 'internal';
  message: string;
  path?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** A problem with one file that did not stop the index. */
export interface IndexWarning {
  file: string;
  line: number;
  message: string;
}

/** Summary of the opened folder. */
export interface ProjectInfo {
  /** Absolute path of the opened folder. */
  root: string;
  /** Folder name, used in captions and file names. */
  name: string;
  files: number;
  /** Files served from the cache / parsed this time. */
  cached: number;
  parsed: number;
  durationMs: number;
  warnings: IndexWarning[];
}

/** A clear made by hand, with the user's note. */
export interface ManualClear {
  id: string;
  /** What is cleared: one site, every site of a function, of a file, or of a directory. */
  scope: 'site' | 'function' | 'file' | 'directory';
  /** Site id, function id, or path relative to the opened folder. */
  target: string;
  note: string;
  /** ISO time it was made. */
  at: string;
}

/** The saved state of an investigation (`.leakscope/investigation.json`). */
export interface Investigation {
  schema: number;
  /** Pass names in the order they run. */
  passOrder: string[];
  disabled: string[];
  manual: ManualClear[];
}

/** The passes result plus what the UI needs to explain it. */
export interface AnalysisView extends PassesReport {
  details: SuspectDetail[];
  investigation: Investigation;
  canUndo: boolean;
  canRedo: boolean;
}

/** Everything the renderer draws. */
export interface Snapshot {
  project: ProjectInfo;
  graph: CallGraph;
  analysis: AnalysisView;
}

/** Progress of a long job, for a progress bar. */
export interface Progress {
  phase: 'walk' | 'parse' | 'analyse' | 'done' | 'cancelled' | 'error';
  done: number;
  total: number;
  /** Current file or a short message. */
  message: string;
}

/** What the user can export. PNG data is base64; the rest is text. */
export type ExportKind = 'png' | 'svg' | 'md' | 'csv' | 'json';

/** Menu commands forwarded from the native menu (Electron) to the renderer. */
export type MenuCommand =
  | 'open-folder'
  | 'open-sample'
  | 'export-png'
  | 'export-svg'
  | 'export-md'
  | 'export-csv'
  | 'export-json'
  | 'fit'
  | 'zoom-in'
  | 'zoom-out'
  | 'layout-hierarchical'
  | 'layout-force'
  | 'theme-system'
  | 'theme-light'
  | 'theme-dark'
  | 'find'
  | 'undo'
  | 'redo'
  | 'about';

/**
 * Request/response calls: channel name → function type. The same map drives the IPC
 * handlers, the HTTP routes and the preload, so a verb cannot exist on one side only.
 */
export interface LeakscopeApi {
  /** Index and analyse a folder; progress arrives as `progress` events. */
  openFolder(path: string): Promise<Result<ProjectInfo>>;
  /** Open the bundled sample (`examples/nswap`). */
  openSample(): Promise<Result<ProjectInfo>>;
  /** Ask the user for a folder: the native dialog in Electron; `null` when cancelled or in browser mode. */
  chooseFolder(): Promise<Result<string | null>>;
  /** Stop the running index; the previous project stays open. */
  cancel(): Promise<Result<null>>;
  /** The open project's graph and analysis. */
  getSnapshot(): Promise<Result<Snapshot>>;
  /** Source of a file inside the opened folder (refused outside it). */
  readSource(file: string): Promise<Result<string>>;
  /** Clear by hand with a note; saved to the investigation file. */
  addManualClear(scope: ManualClear['scope'], target: string, note: string): Promise<Result<AnalysisView>>;
  /** Remove a manual clear by id. */
  removeManualClear(id: string): Promise<Result<AnalysisView>>;
  /** Change pass order or disable passes. */
  setPasses(order: string[], disabled: string[]): Promise<Result<AnalysisView>>;
  undo(): Promise<Result<AnalysisView>>;
  redo(): Promise<Result<AnalysisView>>;
  /** The Markdown write-up; snapshot image names are linked as `pass-N.png`. */
  getWriteup(): Promise<Result<string>>;
  /**
   * Save an export. Electron asks where with a save dialog; browser mode returns the
   * data for a download. `files` lets the write-up carry its per-pass PNGs beside it.
   * Returns the saved path, or `null` when the user cancelled.
   */
  saveExport(kind: ExportKind, suggestedName: string, data: string, files?: { name: string; base64: string }[]): Promise<Result<string | null>>;
  /** Recently opened folders, newest first. */
  recentFolders(): Promise<Result<string[]>>;
}

export type ApiChannel = keyof LeakscopeApi;

/** Every channel, for validation and route tables. Kept in sync with `LeakscopeApi` by the type below. */
export const API_CHANNELS = [
  'openFolder',
  'openSample',
  'chooseFolder',
  'cancel',
  'getSnapshot',
  'readSource',
  'addManualClear',
  'removeManualClear',
  'setPasses',
  'undo',
  'redo',
  'getWriteup',
  'saveExport',
  'recentFolders',
] as const satisfies readonly ApiChannel[];

/** Events pushed from main to the renderer. */
export interface LeakscopeEvents {
  progress: Progress;
  /** A project finished opening (or the analysis changed); fetch a new snapshot. */
  changed: { reason: 'opened' | 'analysis' };
  menu: MenuCommand;
}

export type EventName = keyof LeakscopeEvents;

/** What the preload exposes as `window.leakscope`. */
export interface LeakscopeBridge extends LeakscopeApi {
  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: LeakscopeEvents[E]) => void): () => void;
  /** `electron` inside the desktop app, `browser` in browser mode. */
  readonly host: 'electron' | 'browser';
}

/**
 * The one API object behind both adapters (Electron IPC in main/app, HTTP in
 * main/serve). It owns the session: the open project, the running index, the
 * investigation with its undo/redo history, and the user's recent folders. Every
 * method returns a `Result`; nothing thrown escapes to an adapter.
 */
import { readFile, realpath, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnalysisView, ExportKind, Investigation, LeakscopeApi, ManualClear, Progress, ProjectInfo, Result, Snapshot } from '../../preload/contract';
import {
  addManualClear as withManualClear,
  InvestigationError,
  loadInvestigation,
  newInvestigation,
  removeManualClear as withoutManualClear,
  saveInvestigation,
  setPasses as withPasses,
} from '../analysis/investigation';
import type { Analysis, Engine, IndexedProject } from './engine';
import { ApiEvents } from './events';
import { InvestigationHistory } from './history';
import { defaultCacheDir, findSampleFolder } from './locations';
import { ApiFailure, fail, ok, toApiError } from './result';
import { isInside, resolveInside } from './safe-path';
import { UserStateStore } from './user-state';
import { writeFileAtomic } from '../common/atomic-write';
import { DEFAULT_MAX_FILE_BYTES } from '../index/config';

/** Largest source file `readSource` returns: the largest the index parses by default. */
const MAX_SOURCE_BYTES = DEFAULT_MAX_FILE_BYTES;
/** Warnings listed in ProjectInfo; the rest are summarised in one line (a kernel tree has thousands). */
const MAX_WARNINGS = 500;
/** Progress events are throttled to this interval so a fast index does not flood the UI. */
const PROGRESS_INTERVAL_MS = 50;

/** How the API is wired to its host. */
export interface ApiOptions {
  /** The analysis back end. */
  engine: Engine;
  /** Where `state.json` (recent folders, window bounds) lives. */
  configDir: string;
  /** Base directory of the facts cache; each project gets a subfolder. Defaults to `$XDG_CACHE_HOME/leakscope`. */
  cacheDir?: string;
  /** The bundled sample folder. Defaults to `examples/nswap` found by `findSampleFolder`. */
  samplePath?: string;
  /** Native folder picker (Electron); absent in browser mode, where `chooseFolder` answers `null`. */
  chooseFolder?: () => Promise<string | null>;
  /** Native save dialog (Electron); absent in browser mode, where `saveExport` answers `null` and the browser downloads. */
  chooseSavePath?: (kind: ExportKind, suggestedName: string) => Promise<string | null>;
}

/** The API plus its event hub and the user state the app shell also needs. */
export type LeakscopeService = LeakscopeApi & {
  readonly events: ApiEvents;
  readonly userState: UserStateStore;
  /** Root of the open project, or null. */
  readonly openRoot: string | null;
  /** Cancels any running open and releases the open project (its analysis worker). */
  close(): void;
};

interface OpenProject {
  root: string;
  info: ProjectInfo;
  indexed: IndexedProject;
  history: InvestigationHistory;
  analysis: Analysis;
}

function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || (err as NodeJS.ErrnoException).code === 'ABORT_ERR');
}

/** Runs `body`, turning an `ApiFailure` or any other throw into a failed `Result`. */
async function guarded<T>(body: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await body();
  } catch (err) {
    return { ok: false, error: toApiError(err) };
  }
}

/** Creates the API. One instance per app window / server. */
export function createApi(options: ApiOptions): LeakscopeService {
  const events = new ApiEvents();
  const userState = new UserStateStore(options.configDir);
  const engine = options.engine;
  const cacheBase = options.cacheDir ?? defaultCacheDir();
  let project: OpenProject | null = null;
  let running: AbortController | null = null;
  // Changes to the investigation run one at a time, so two quick edits cannot both
  // start from the same value and lose one of them.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(body: () => Promise<Result<T>>): Promise<Result<T>> => {
    const next = queue.then(() => guarded(body));
    queue = next;
    return next;
  };

  const requireProject = (): OpenProject => {
    if (!project) throw new ApiFailure({ code: 'not-found', message: 'No folder is open' });
    return project;
  };

  const view = (p: OpenProject): AnalysisView => ({
    ...p.analysis.report,
    details: p.analysis.details,
    investigation: p.history.current,
    canUndo: p.history.canUndo,
    canRedo: p.history.canRedo,
  });

  /** Saves `next` first (so a failed save changes nothing), then records and re-analyses. */
  const change = async (next: Investigation): Promise<Result<AnalysisView>> => {
    const p = requireProject();
    await saveOrFail(p.root, next);
    p.history.apply(next);
    return reanalyse(p);
  };

  const saveOrFail = async (root: string, investigation: Investigation): Promise<void> => {
    try {
      await saveInvestigation(root, investigation);
    } catch (err) {
      throw new ApiFailure({ code: 'unreadable', message: `Could not save the investigation: ${(err as Error).message}`, path: root });
    }
  };

  const reanalyse = async (p: OpenProject): Promise<Result<AnalysisView>> => {
    p.analysis = await engine.analyse(p.indexed, p.history.current);
    events.emit('changed', { reason: 'analysis' });
    return ok(view(p));
  };

  const step = async (direction: 'undo' | 'redo'): Promise<Result<AnalysisView>> => {
    const p = requireProject();
    const moved = direction === 'undo' ? p.history.undo() : p.history.redo();
    if (!moved) return ok(view(p));
    try {
      await saveOrFail(p.root, p.history.current);
    } catch (err) {
      // Put the history back so memory and disk agree.
      if (direction === 'undo') p.history.redo();
      else p.history.undo();
      throw err;
    }
    return reanalyse(p);
  };

  const progressEmitter = () => {
    let last = 0;
    return (progress: Progress): void => {
      const now = Date.now();
      const final = progress.total > 0 && progress.done >= progress.total;
      if (progress.phase === 'parse' && !final && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      events.emit('progress', progress);
    };
  };

  const openFolder = (requested: string): Promise<Result<ProjectInfo>> =>
    guarded(async () => {
      const absolute = path.resolve(requested);
      let info;
      try {
        info = await stat(absolute);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return fail('not-found', `${absolute} does not exist`, absolute);
        return fail('unreadable', `${absolute} cannot be read (${code ?? 'error'})`, absolute);
      }
      if (!info.isDirectory()) return fail('not-a-folder', `${absolute} is not a folder`, absolute);
      const root = await realpath(absolute);

      // A new open supersedes one still running; the superseded call answers `cancelled`.
      running?.abort();
      const controller = new AbortController();
      running = controller;
      const emitProgress = progressEmitter();
      const started = Date.now();
      try {
        emitProgress({ phase: 'walk', done: 0, total: 0, message: `Opening ${path.basename(root)}` });
        // The facts cache keys its files by root itself.
        // The investigation first: a stored analysis under it may come back with the index.
        const loaded = await loadSavedInvestigation(root);
        const history = new InvestigationHistory(loaded.investigation);
        const indexed = await engine.index(root, { cacheDir: cacheBase, signal: controller.signal, onProgress: emitProgress, investigation: history.current });
        controller.signal.throwIfAborted();
        if (indexed.files === 0) {
          engine.dispose?.(indexed);
          emitProgress({ phase: 'error', done: 0, total: 0, message: 'No C files' });
          return fail('no-c-files', `${root} contains no C source files (.c or .h)`, root);
        }
        let analysis: Analysis;
        try {
          if (indexed.analysis) analysis = indexed.analysis;
          else {
            emitProgress({ phase: 'analyse', done: 2, total: 3, message: 'Running the elimination passes' });
            analysis = await engine.analyse(indexed, history.current);
          }
          controller.signal.throwIfAborted();
        } catch (err) {
          engine.dispose?.(indexed);
          throw err;
        }
        const all = loaded.warning ? [{ file: '.leakscope/investigation.json', line: 0, message: loaded.warning }, ...indexed.warnings] : indexed.warnings;
        const warnings = all.length <= MAX_WARNINGS ? all : [...all.slice(0, MAX_WARNINGS), { file: '', line: 0, message: `${all.length - MAX_WARNINGS} more warnings not listed` }];
        const projectInfo: ProjectInfo = {
          root,
          name: path.basename(root),
          files: indexed.files,
          cached: indexed.cached,
          parsed: indexed.parsed,
          durationMs: Date.now() - started,
          warnings,
        };
        if (project) engine.dispose?.(project.indexed);
        project = { root, info: projectInfo, indexed, history, analysis };
        await userState.addRecent(root);
        emitProgress({ phase: 'done', done: indexed.files, total: indexed.files, message: `Opened ${projectInfo.name}` });
        events.emit('changed', { reason: 'opened' });
        return ok(projectInfo);
      } catch (err) {
        if (controller.signal.aborted || isAbortError(err)) {
          events.emit('progress', { phase: 'cancelled', done: 0, total: 0, message: 'Cancelled; the previous folder stays open' });
          return fail('cancelled', 'Opening the folder was cancelled', root);
        }
        events.emit('progress', { phase: 'error', done: 0, total: 0, message: (err as Error).message });
        if (err instanceof ApiFailure) throw err;
        return fail('internal', `Indexing ${root} failed: ${(err as Error).message}`, root);
      } finally {
        if (running === controller) running = null;
      }
    });

  /** The saved investigation, or a fresh one with a warning when the file was unusable (it is kept aside, never overwritten). */
  const loadSavedInvestigation = async (root: string): Promise<{ investigation: Investigation; warning?: string }> => {
    try {
      return { investigation: await loadInvestigation(root, engine.defaultPassOrder()) };
    } catch (err) {
      if (!(err instanceof InvestigationError)) throw err;
      return { investigation: newInvestigation(engine.defaultPassOrder()), warning: err.message };
    }
  };

  const knownTarget = (p: OpenProject, scope: ManualClear['scope'], target: string): boolean => {
    const g = p.indexed.graph;
    switch (scope) {
      case 'site':
        // The analysis may know sites of derived wrappers beyond the graph's.
        return p.analysis.report.sites.some((s) => s.id === target);
      case 'function':
        return g.functions.some((f) => f.id === target);
      case 'file':
        return g.sites.some((s) => s.file === target) || g.functions.some((f) => f.file === target);
      case 'directory': {
        const prefix = target === '' || target === '.' ? '' : target.replace(/\/+$/, '') + '/';
        return g.functions.some((f) => f.file !== '' && f.file.startsWith(prefix));
      }
    }
  };

  const api: LeakscopeService = {
    events,
    userState,
    get openRoot() {
      return project?.root ?? null;
    },

    close() {
      running?.abort();
      if (project) engine.dispose?.(project.indexed);
      project = null;
    },

    openFolder,

    openSample: () => openFolder(options.samplePath ?? findSampleFolder()),

    chooseFolder: () => guarded(async () => ok(options.chooseFolder ? await options.chooseFolder() : null)),

    cancel: () =>
      guarded(async () => {
        running?.abort();
        return ok(null);
      }),

    getSnapshot: () =>
      guarded(async () => {
        const p = requireProject();
        const snapshot: Snapshot = { project: p.info, graph: p.indexed.graph, analysis: view(p) };
        return ok(snapshot);
      }),

    readSource: (file: string) =>
      guarded(async () => {
        const p = requireProject();
        const real = await resolveInside(p.root, file);
        const info = await stat(real);
        if (info.size > MAX_SOURCE_BYTES) return fail('unreadable', `${file} is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB`, file);
        const bytes = await readFile(real);
        // Not UTF-8 text: show it decoded as Latin-1 rather than failing (old C sources often are).
        const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
        return ok(text.includes('\uFFFD') ? bytes.toString('latin1') : text);
      }),

    addManualClear: (scope, target, note) =>
      serial(async () => {
        const p = requireProject();
        if (!knownTarget(p, scope, target)) return fail('invalid-argument', `addManualClear: no ${scope} '${target}' in ${p.info.name}`);
        return change(withManualClear(p.history.current, scope, target, note.trim()));
      }),

    removeManualClear: (id) =>
      serial(async () => {
        const p = requireProject();
        const current = p.history.current;
        if (!current.manual.some((m) => m.id === id)) return fail('invalid-argument', `removeManualClear: no manual clear '${id}'`);
        return change(withoutManualClear(current, id));
      }),

    setPasses: (order, disabled) =>
      serial(async () => {
        const p = requireProject();
        const known = new Set([...engine.defaultPassOrder(), ...p.history.current.passOrder]);
        const unknown = [...order, ...disabled].find((name) => !known.has(name));
        if (unknown !== undefined) return fail('invalid-argument', `setPasses: unknown pass '${unknown}'`);
        if (new Set(order).size !== order.length) return fail('invalid-argument', 'setPasses: a pass is listed twice');
        // Passes left out of `order` keep running, after the listed ones.
        return change(withPasses(p.history.current, order, disabled, [...known]));
      }),

    undo: () => serial(() => step('undo')),

    redo: () => serial(() => step('redo')),

    getWriteup: () =>
      guarded(async () => {
        const p = requireProject();
        return ok(await engine.writeup(p.indexed, p.history.current, p.analysis, p.info.name));
      }),

    saveExport: (kind, suggestedName, data, files) =>
      guarded(async () => {
        if (!options.chooseSavePath) return ok(null);
        const target = await options.chooseSavePath(kind, suggestedName);
        if (target === null) return ok(null);
        const content = kind === 'png' ? Buffer.from(data, 'base64') : data;
        await writeFileAtomic(target, content);
        const dir = path.dirname(target);
        for (const file of files ?? []) {
          const beside = path.join(dir, path.basename(file.name));
          if (!isInside(dir, beside)) return fail('outside-folder', `${file.name} would be written outside ${dir}`, file.name);
          await writeFile(beside, Buffer.from(file.base64, 'base64'));
        }
        return ok(target);
      }),

    recentFolders: () => guarded(async () => ok(userState.recent)),
  };
  return api;
}

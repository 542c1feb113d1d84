/**
 * The engine the app and the server use: the tree-sitter indexer (worker pool +
 * facts cache), the whole-program graph, the elimination passes and the Markdown
 * write-up. The expensive part of the analysis (ownership, release index) is prepared
 * once per index, so re-running the passes after a manual clear or an undo is cheap;
 * and each result is kept in the view cache, so reopening an unchanged folder under
 * the same investigation needs no preparing before its suspects show.
 */
import type { Program } from '../analysis/graph';
import { loadProject } from '../analysis/load-project';
import { DEFAULT_PASS_ORDER, prepareAnalysis, runPasses, type PreparedAnalysis } from '../analysis/run-passes';
import { ConfigError, type ProjectConfig } from '../index/config';
import { IndexError } from '../index/indexer';
import { renderWriteup } from '../report/markdown';
import type { Analysis, Engine, IndexedProject } from './engine';
import { ApiFailure } from './result';
import { inputsDigest, loadView, saveView, viewKey } from './view-cache';

/** What the default engine keeps per opened folder. */
export interface PreparedProject {
  program: Program;
  /** The prepared analysis, made on first use: a reopen served from the view cache shows its result without it. */
  prepared: () => PreparedAnalysis;
  wrappers: ProjectConfig['wrappers'];
  /** Apis of the allocator table (the write-up lists derived wrappers apart). */
  builtinApis: ReadonlySet<string>;
  /** What the analysis reads besides the investigation (view-cache.ts), for the view cache key. */
  inputs: string;
  /** Where the view cache lives for this folder. */
  cacheDir: string;
  root: string;
}

/** Turns the indexer's and config loader's typed errors into the API's. */
function asApiFailure(err: unknown): unknown {
  if (err instanceof IndexError) return new ApiFailure({ code: err.code, message: err.message, path: err.path });
  if (err instanceof ConfigError) return new ApiFailure({ code: 'config', message: err.message, path: err.path });
  return err;
}

/** Creates the default engine. */
export function createDefaultEngine(): Engine<PreparedProject> {
  return {
    async index(root, options): Promise<IndexedProject<PreparedProject>> {
      try {
        const { config, program, stats, facts, fileWarnings } = await loadProject(root, { cacheDir: options.cacheDir, signal: options.signal, onProgress: options.onProgress });
        const warnings = [...fileWarnings, ...facts.flatMap((f) => f.warnings), ...program.warnings];
        const inputs = inputsDigest(facts, config);
        const cached = options.investigation ? await loadView(options.cacheDir, root, viewKey(inputs, options.investigation)) : undefined;
        let prepared: PreparedAnalysis | undefined;
        const prepare = (): PreparedAnalysis => {
          prepared ??= prepareAnalysis(program, { wrappers: config.wrappers });
          return prepared;
        };
        if (!cached) {
          // Preparing is most of the analysis (seconds on a kernel subsystem): say what is happening rather than leave "Indexing N / N" up.
          const { functions, sites } = program.graph;
          const defined = functions.filter((f) => f.kind !== 'external').length;
          options.onProgress({ phase: 'analyse', done: 1, total: 3, message: `Tracing ${sites.length.toLocaleString('en-US')} alloc/free sites in ${defined.toLocaleString('en-US')} functions` });
          prepare();
        }
        return {
          graph: program.graph,
          files: stats.files,
          cached: stats.cached,
          parsed: stats.parsed,
          warnings,
          ...(cached ? { analysis: cached } : {}),
          program: { program, prepared: prepare, wrappers: config.wrappers, builtinApis: new Set(program.table.entries().map((e) => e.name)), inputs, cacheDir: options.cacheDir, root },
        };
      } catch (err) {
        throw asApiFailure(err);
      }
    },
    async analyse(project, investigation) {
      const { prepared, wrappers, inputs, cacheDir, root } = project.program;
      const view = runPasses(prepared(), investigation, { wrappers });
      const analysis: Analysis = { report: { passes: view.passes, suspects: view.suspects, sites: view.sites }, details: view.details };
      await saveView(cacheDir, root, viewKey(inputs, investigation), analysis);
      return analysis;
    },
    async writeup(project, _investigation, analysis, name) {
      // The renderer saves one snapshot per pass as pass-N.png, N counting the passes run (0 is the start).
      const images = Object.fromEntries(analysis.report.passes.map((pass, i) => [pass.name, [`pass-${i + 1}.png`]]));
      return renderWriteup({ ...analysis.report, details: analysis.details }, project.graph, { project: name, builtinApis: project.program.builtinApis, images });
    },
    defaultPassOrder() {
      return [...DEFAULT_PASS_ORDER];
    },
  };
}

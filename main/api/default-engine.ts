/**
 * The engine the app and the server use: H2's tree-sitter indexer (worker pool +
 * facts cache) and whole-program graph. Until the elimination passes are wired in,
 * the analysis runs no passes and every site stays suspected; the write-up is the
 * seed's tables.
 */
import { createAllocatorTable } from '../analysis/allocators';
import { buildProgram, type Program } from '../analysis/graph';
import { ConfigError, loadProjectConfig } from '../index/config';
import { IndexError, indexFolder } from '../index/indexer';
import { formatMarkdownTable, siteRows, tableHeading } from '../report/tables';
import type { Engine, IndexedProject } from './engine';
import { ApiFailure } from './result';

/** Turns the indexer's and config loader's typed errors into the API's. */
function asApiFailure(err: unknown): unknown {
  if (err instanceof IndexError) return new ApiFailure({ code: err.code, message: err.message, path: err.path });
  if (err instanceof ConfigError) return new ApiFailure({ code: 'config', message: err.message, path: err.path });
  return err;
}

/** Creates the default engine. */
export function createDefaultEngine(): Engine<Program> {
  return {
    async index(root, options): Promise<IndexedProject<Program>> {
      try {
        const config = await loadProjectConfig(root);
        const result = await indexFolder(root, { config, cacheDir: options.cacheDir, signal: options.signal, onProgress: options.onProgress });
        options.signal.throwIfAborted();
        const program = buildProgram(result.facts, createAllocatorTable(config.allocators));
        const warnings = [...result.warnings, ...result.facts.flatMap((f) => f.warnings), ...program.warnings];
        return { graph: program.graph, files: result.stats.files, cached: result.stats.cached, parsed: result.stats.parsed, warnings, program };
      } catch (err) {
        throw asApiFailure(err);
      }
    },
    analyse(project) {
      const sites = project.graph.sites;
      return { report: { passes: [], suspects: sites.map((s) => s.id), sites }, details: [] };
    },
    writeup(project, _investigation, analysis, name) {
      const names = new Map(project.graph.functions.map((f) => [f.id, f.name]));
      const sites = project.graph.sites;
      const groups = [sites.filter((s) => s.kind !== 'free'), sites.filter((s) => s.kind === 'free')].filter((g) => g.length > 0);
      const tables = groups.map((g) => `${tableHeading(g.length, [...new Set(g.map((s) => s.api))].sort())}\n\n${formatMarkdownTable(siteRows(g, (id) => names.get(id)))}`);
      return `# Tracking down a memory leak in ${name}\n\n${tables.join('\n\n')}\n\nThat leaves us with ${analysis.report.suspects.length} suspects.\n`;
    },
    defaultPassOrder() {
      return [];
    },
  };
}

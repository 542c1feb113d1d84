/**
 * Opens a C tree for analysis: the project config (with -D/-U overrides on top), the
 * allocator table it extends, the index (worker pool + cache) and the whole-program
 * graph. One sequence shared by the CLI and the app's engine; errors stay typed
 * (ConfigError, IndexError) so each host reports them its own way.
 */
import { loadProjectConfig, type ProjectConfig } from '../index/config';
import type { FileFacts, FileWarning } from '../index/facts';
import { indexFolder, type IndexProgress, type IndexStats } from '../index/indexer';
import { createAllocatorTable } from './allocators';
import { buildProgram, type Program } from './graph';

/** How to open the project. */
export interface LoadProjectOptions {
  cacheDir: string | null | undefined;
  jobs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: IndexProgress) => void;
  /** -D NAME[=VALUE]: added to the config's defines. */
  defines?: Record<string, string>;
  /** -U NAME: added to the config's undefines (and removed from its defines). */
  undefines?: string[];
}

/** An opened project. */
export interface LoadedProject {
  config: ProjectConfig;
  program: Program;
  stats: IndexStats;
  facts: FileFacts[];
  /** File problems (unreadable, binary, Latin-1, too large) found by the walk and reads. */
  fileWarnings: FileWarning[];
}

/** Loads config, indexes `root` and builds the program. Throws ConfigError or IndexError. */
export async function loadProject(root: string, options: LoadProjectOptions): Promise<LoadedProject> {
  const loaded = await loadProjectConfig(root);
  const defines = options.defines ?? {};
  const undefines = options.undefines ?? [];
  const config: ProjectConfig = {
    ...loaded,
    defines: { ...loaded.defines, ...defines },
    undefines: [...loaded.undefines.filter((n) => !(n in defines)), ...undefines],
  };
  for (const name of undefines) delete config.defines[name];

  const table = createAllocatorTable(config.allocators);
  const detailNames = table.entries().map((e) => e.name);
  const result = await indexFolder(root, { config, cacheDir: options.cacheDir, jobs: options.jobs, signal: options.signal, onProgress: options.onProgress, detailNames });
  options.signal?.throwIfAborted();
  const program = buildProgram(result.facts, table);
  return { config, program, stats: result.stats, facts: result.facts, fileWarnings: result.warnings };
}

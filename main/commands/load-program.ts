/**
 * What every command that reads a C tree does first: load the project config (with
 * command-line -D/-U on top), index the folder with a progress line on a TTY, build
 * the whole-program graph and report the index's warnings. Failures are printed with
 * the command's name and become exit code 1.
 */
import { createAllocatorTable } from '../analysis/allocators';
import { buildProgram, type Program } from '../analysis/graph';
import { ConfigError, loadProjectConfig, type ProjectConfig } from '../index/config';
import { IndexError, indexFolder, type IndexProgress, type IndexStats } from '../index/indexer';
import { reportIndexWarnings } from './index-warnings';

/** How to index, from the command line. */
export interface LoadOptions {
  cacheDir: string | null | undefined;
  jobs?: number;
  /** -D NAME[=VALUE]: added to the config's defines. */
  defines?: Record<string, string>;
  /** -U NAME: added to the config's undefines (and removed from its defines). */
  undefines?: string[];
}

/** The loaded project. */
export interface LoadedProgram {
  config: ProjectConfig;
  program: Program;
  stats: IndexStats;
}

function progressPrinter(): ((p: IndexProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 100 && p.done !== p.total) return;
    last = now;
    const text = p.phase === 'walk' ? 'finding C files…' : `parsing ${p.done}/${p.total} ${p.message}`;
    const width = Math.max(20, (process.stderr.columns ?? 80) - 1);
    process.stderr.write(`\r${text.slice(0, width).padEnd(width)}`);
  };
}

function clearProgress(): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${' '.repeat(Math.max(20, (process.stderr.columns ?? 80) - 1))}\r`);
}

/** Loads config, indexes DIR and builds the program; on failure prints why and returns exit code 1. */
export async function loadProgram(command: string, dir: string, options: LoadOptions): Promise<LoadedProgram | number> {
  let config: ProjectConfig;
  try {
    config = await loadProjectConfig(dir);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`leakscope ${command}: ${err.message} (${err.path})\n`);
      return 1;
    }
    throw err;
  }
  const defines = options.defines ?? {};
  const undefines = options.undefines ?? [];
  config = {
    ...config,
    defines: { ...config.defines, ...defines },
    undefines: [...config.undefines.filter((n) => !(n in defines)), ...undefines],
  };
  for (const name of undefines) delete config.defines[name];

  const table = createAllocatorTable(config.allocators);
  const onProgress = progressPrinter();
  let result;
  try {
    const detailNames = table.entries().map((e) => e.name);
    result = await indexFolder(dir, { config, cacheDir: options.cacheDir, jobs: options.jobs, onProgress, detailNames });
  } catch (err) {
    clearProgress();
    if (err instanceof IndexError) {
      process.stderr.write(`leakscope ${command}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  clearProgress();
  const program = buildProgram(result.facts, table);
  reportIndexWarnings(result.warnings, result.facts, program.warnings);
  return { config, program, stats: result.stats };
}

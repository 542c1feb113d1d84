/**
 * What every command that reads a C tree does first: open it with loadProject (config
 * with command-line -D/-U on top, index, graph) showing a progress line on a TTY, then
 * report the index's warnings. Failures are printed with
 * the command's name and become exit code 1.
 */
import { loadProject, type LoadedProject, type LoadProjectOptions } from '../analysis/load-project';
import { ConfigError } from '../index/config';
import { IndexError, type IndexProgress } from '../index/indexer';
import { reportIndexWarnings } from './index-warnings';

/** How to index, from the command line. */
export type LoadOptions = Pick<LoadProjectOptions, 'cacheDir' | 'jobs' | 'defines' | 'undefines'>;

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
export async function loadProgram(command: string, dir: string, options: LoadOptions): Promise<LoadedProject | number> {
  const onProgress = progressPrinter();
  let loaded: LoadedProject;
  try {
    loaded = await loadProject(dir, { ...options, onProgress });
  } catch (err) {
    clearProgress();
    if (err instanceof ConfigError) {
      process.stderr.write(`leakscope ${command}: ${err.message} (${err.path})\n`);
      return 1;
    }
    if (err instanceof IndexError) {
      process.stderr.write(`leakscope ${command}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  clearProgress();
  reportIndexWarnings(loaded.fileWarnings, loaded.facts, loaded.program.warnings);
  return loaded;
}

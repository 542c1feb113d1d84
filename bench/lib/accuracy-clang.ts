/**
 * Ground truth for the call-graph accuracy bench: clang's own call graph
 * (`debug.DumpCallGraph`) of every translation unit under a folder, and the
 * functions each unit defines (`-analyzer-display-progress` names every body it
 * analyses in the main file).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Definitions } from './accuracy-pairs';

/** Directories never searched for sources (packaging, VCS). */
const SKIP_DIRS = new Set(['.git', '.pc', 'debian', 'node_modules']);

/** Every `.c` (and `.h` when asked) file under root, relative with `/`. */
export function sourceFiles(root: string, withHeaders: boolean): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(child);
      } else if (entry.name.endsWith('.c') || (withHeaders && entry.name.endsWith('.h'))) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** One translation unit's call graph as clang sees it. */
export interface ClangUnit {
  file: string;
  /** Functions with a body in this unit, with the file (relative to the root) the body is in. */
  defined: { name: string; file: string }[];
  /** caller → callee names (callers include header functions; the bench filters). */
  calls: [string, string][];
}

/** Clang's view of the whole folder. */
export interface ClangTruth {
  units: ClangUnit[];
  /** Units clang could not compile even with stub headers, with the first error. */
  failed: { file: string; error: string }[];
  defs: Definitions;
  /** Folder of the empty stub headers written for missing generated headers (give it to other preprocessors too). */
  stubDir: string;
  ms: number;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

const MISSING_HEADER = /fatal error: '([^']+)' file not found/;
const PROGRESS = /^ANALYZE \(Syntax\): (\S+) (\S+) :/;
const GRAPH_LINE = /^\s*Function: (.+?) calls:(.*)$/;

/** Parses one unit's DumpCallGraph + display-progress output. */
export function parseClangOutput(file: string, text: string): ClangUnit {
  const defined = new Map<string, string>();
  const calls: [string, string][] = [];
  for (const line of text.split('\n')) {
    const p = PROGRESS.exec(line);
    if (p?.[1] && p[2]) {
      defined.set(p[2], path.posix.normalize(p[1]));
      continue;
    }
    const g = GRAPH_LINE.exec(line);
    if (!g?.[1] || g[1] === '< root >') continue;
    for (const callee of (g[2] ?? '').trim().split(/\s+/)) if (callee) calls.push([g[1], callee]);
  }
  return { file, defined: [...defined].map(([name, where]) => ({ name, file: where })), calls };
}

/**
 * Runs clang on every unit (two at a time: the machine is shared). Include paths:
 * the unit's folder, the root, every folder holding headers (as -iquote, so a
 * project header never shadows a system one), plus `extraArgs`. A quoted header
 * that is generated at build time (missing) is replaced by an empty stub in a
 * temp folder and the unit retried, up to 5 stubs per unit.
 */
export async function clangTruth(root: string, extraArgs: string[]): Promise<ClangTruth> {
  const started = performance.now();
  const files = sourceFiles(root, true);
  const headerDirs = [...new Set(files.filter((f) => f.endsWith('.h')).map((f) => path.posix.dirname(f)))];
  const stubDir = mkdtempSync(path.join(os.tmpdir(), 'leakscope-acc-stub-'));
  mkdirSync(stubDir, { recursive: true });
  const units: ClangUnit[] = [];
  const failed: { file: string; error: string }[] = [];
  const queue = files.filter((f) => f.endsWith('.c'));

  const one = async (file: string): Promise<void> => {
    const args = [
      '-fsyntax-only', '-w', '-Xclang', '-analyze', '-Xclang', '-analyzer-checker=debug.DumpCallGraph',
      '-Xclang', '-analyzer-display-progress',
      `-I${path.posix.dirname(file)}`, '-I.', ...headerDirs.map((d) => `-iquote${d}`), `-I${stubDir}`, ...extraArgs, file,
    ];
    for (let attempt = 0; attempt < 6; attempt++) {
      const r = await run('clang', args, root);
      const text = `${r.stdout}\n${r.stderr}`;
      if (r.code === 0) {
        units.push(parseClangOutput(file, text));
        return;
      }
      const miss = MISSING_HEADER.exec(r.stderr);
      if (miss?.[1] && attempt < 5 && !miss[1].includes('..')) {
        const stub = path.join(stubDir, miss[1]);
        mkdirSync(path.dirname(stub), { recursive: true });
        writeFileSync(stub, '/* stub: generated at build time */\n');
        continue;
      }
      failed.push({ file, error: (/error: .*/.exec(r.stderr)?.[0] ?? `exit ${r.code}`).slice(0, 120) });
      return;
    }
  };
  const workers = [0, 1].map(async () => {
    for (let f = queue.shift(); f !== undefined; f = queue.shift()) await one(f);
  });
  await Promise.all(workers);

  const defs: Definitions = new Map();
  for (const u of units) {
    for (const d of u.defined) {
      const set = defs.get(d.name) ?? new Set<string>();
      set.add(d.file);
      defs.set(d.name, set);
    }
  }
  units.sort((a, b) => a.file.localeCompare(b.file));
  return { units, failed, defs, stubDir, ms: performance.now() - started };
}

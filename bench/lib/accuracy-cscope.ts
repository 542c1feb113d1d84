/**
 * cscope's side of the call-graph accuracy bench: `cscope -b -k` builds the
 * cross-reference, then one line-mode session (`cscope -d -l`) asks, for every
 * function clang saw defined, where it is defined (query 1) and what it calls
 * (query 2). cscope answers by name, so a caller is placed by the file of the call.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sourceFiles } from './accuracy-clang';
import { pairKey, type Definitions, type FunctionNamer, type ToolGraph } from './accuracy-pairs';

const ANSWER = /^>> cscope: (\d+) lines/;

/** Builds the database over the folder's .c/.h files and queries it. */
export function cscopeGraph(root: string, defs: Definitions, namer: FunctionNamer): ToolGraph {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'leakscope-acc-cscope-'));
  try {
    const started = performance.now();
    writeFileSync(path.join(tmp, 'cscope.files'), `${sourceFiles(root, true).join('\n')}\n`);
    const db = path.join(tmp, 'cscope.out');
    const build = spawnSync('cscope', ['-b', '-k', '-i', path.join(tmp, 'cscope.files'), '-f', db], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`cscope -b failed: ${build.stderr}`);
    const names = [...defs.keys()].sort();
    const input = names.map((n) => `1${n}\n2${n}\n`).join('');
    const q = spawnSync('cscope', ['-d', '-l', '-f', db], { cwd: root, input, encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = performance.now() - started;

    const pairs = new Set<string>();
    const defined = new Set<string>();
    const lines = q.stdout.split('\n');
    let i = 0;
    for (const name of names) {
      for (const query of [1, 2]) {
        while (i < lines.length && !ANSWER.test(lines[i] ?? '')) i++;
        const count = Number(ANSWER.exec(lines[i] ?? '')?.[1] ?? 0);
        i++;
        for (let k = 0; k < count; k++, i++) {
          const [file, symbol] = (lines[i] ?? '').split(' ');
          if (!file || !symbol) continue;
          if (query === 1) {
            const key = namer.definition(name, file);
            if (key !== undefined) defined.add(key);
          } else {
            const caller = namer.definition(name, file);
            const callee = namer.callee(symbol, file);
            if (caller !== undefined && callee !== undefined) pairs.add(pairKey(caller, callee));
          }
        }
      }
    }
    return { pairs, defined, ms, notes: [] };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

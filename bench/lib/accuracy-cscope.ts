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

/** Every reply starts with `>> `: a count of lines, or an error such as `Unable to search database` (no lines). */
const REPLY = /^>> /;
const COUNT = /^>> cscope: (\d+) lines/;

/** Builds the database over the folder's .c/.h files and queries it. */
export function cscopeGraph(root: string, defs: Definitions, namer: FunctionNamer): ToolGraph {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'leakscope-acc-cscope-'));
  try {
    const notes: string[] = [];
    const started = performance.now();
    writeFileSync(path.join(tmp, 'cscope.files'), `${sourceFiles(root, true).join('\n')}\n`);
    const db = path.join(tmp, 'cscope.out');
    const build = spawnSync('cscope', ['-b', '-k', '-i', path.join(tmp, 'cscope.files'), '-f', db], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`cscope -b failed: ${build.stderr}`);
    const names = [...defs.keys()].sort();
    const queries: { name: string; kind: 1 | 2 }[] = names.flatMap((name) => [
      { name, kind: 1 as const },
      { name, kind: 2 as const },
    ]);
    const replies = askAll(root, db, queries, notes);
    const ms = performance.now() - started;

    const pairs = new Set<string>();
    const defined = new Set<string>();
    queries.forEach((query, qi) => {
      for (const line of replies[qi] ?? []) {
        const [file, symbol] = line.split(' ');
        if (!file || !symbol) continue;
        if (query.kind === 1) {
          const key = namer.definition(query.name, file);
          if (key !== undefined) defined.add(key);
        } else {
          const caller = namer.definition(query.name, file);
          const callee = namer.callee(symbol, file);
          if (caller !== undefined && callee !== undefined) pairs.add(pairKey(caller, callee));
        }
      }
    });
    return { pairs, defined, ms, notes };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Sends the queries to `cscope -d -l` sessions and returns each reply's lines.
 * cscope 15.9 dies on some queries (e.g. query 2 of lua's luaV_execute): the
 * session is restarted after the query it died on, which gets no answer.
 */
function askAll(root: string, db: string, queries: { name: string; kind: 1 | 2 }[], notes: string[]): string[][] {
  const replies: string[][] = [];
  while (replies.length < queries.length) {
    const rest = queries.slice(replies.length);
    const q = spawnSync('cscope', ['-d', '-l', '-f', db], {
      cwd: root,
      input: rest.map((x) => `${x.kind}${x.name}\n`).join(''),
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const lines = q.stdout.split('\n');
    let answered = 0;
    for (let i = 0; i < lines.length && answered < rest.length; ) {
      const line = lines[i] ?? '';
      if (!REPLY.test(line)) {
        i++;
        continue;
      }
      const count = COUNT.exec(line);
      if (!count && line.trim() === '>>') break; // the prompt of a query cscope never answered
      const n = Number(count?.[1] ?? 0);
      replies.push(lines.slice(i + 1, i + 1 + n));
      answered++;
      i += 1 + n;
    }
    if (replies.length < queries.length) {
      const dead = queries[replies.length];
      notes.push(`cscope died on query ${dead?.kind}${dead?.name ?? ''}; restarted after it`);
      replies.push([]);
    }
  }
  return replies;
}

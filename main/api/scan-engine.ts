/**
 * A preliminary engine used until the tree-sitter indexer and the passes land: a
 * line-based scan for function definitions, calls and well-known alloc/free calls.
 * It only exists so the UI has real folders to draw in the meantime; every site
 * stays suspected because no passes run.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CallEdge, CallGraph, FunctionNode, Site } from '../../preload/contract';
import type { Engine, IndexedProject, IndexRunOptions } from './engine';

const ALLOC: Record<string, string> = { malloc: 'malloc', calloc: 'malloc', strdup: 'malloc', kmalloc: 'kmalloc', kzalloc: 'kmalloc', kcalloc: 'kmalloc', kstrdup: 'kmalloc', kmemdup: 'kmalloc', vmalloc: 'vmalloc', vzalloc: 'vmalloc' };
const FREE: Record<string, string> = { free: 'malloc', kfree: 'kmalloc', vfree: 'vmalloc' };
const REALLOC: Record<string, string> = { realloc: 'malloc', krealloc: 'kmalloc' };
const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'return', 'sizeof', 'do', 'else', 'case', 'typeof', '__attribute__', 'defined']);
const DEFINITION = /^(?:[A-Za-z_][\w\s*]*?[\s*])?([A-Za-z_]\w*)\s*\([^;{]*$/;

async function walk(dir: string, root: string, out: string[], signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, root, out, signal);
    else if (entry.isFile() && /\.[ch]$/.test(entry.name)) out.push(path.relative(root, full).split(path.sep).join('/'));
  }
}

function scanFile(file: string, text: string, functions: FunctionNode[], rawCalls: { from: string; to: string; line: number }[], sites: Site[]): void {
  const lines = text.split('\n');
  let current: FunctionNode | null = null;
  let depth = 0;
  let pending: { name: string; line: number; isStatic: boolean } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!current) {
      const match = DEFINITION.exec(line);
      if (match && !line.startsWith(' ') && !line.startsWith('\t') && !line.startsWith('#') && !KEYWORDS.has(match[1]!)) pending = { name: match[1]!, line: i + 1, isStatic: /\bstatic\b/.test(line) };
      if (pending && line.includes('{')) {
        const id = pending.isStatic ? `${file}::${pending.name}` : pending.name;
        current = { id, name: pending.name, file, line: pending.line, endLine: pending.line, static: pending.isStatic, kind: 'function' };
        functions.push(current);
        pending = null;
      } else if (line.includes(';')) pending = null;
    }
    if (current) {
      const counts = new Map<string, number>();
      for (const call of line.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) {
        const callee = call[1]!;
        if (KEYWORDS.has(callee) || callee === current.name && i + 1 === current.line) continue;
        const family = ALLOC[callee] ?? FREE[callee] ?? REALLOC[callee];
        if (family) {
          const n = (counts.get(callee) ?? 0) + 1;
          counts.set(callee, n);
          const kind = ALLOC[callee] ? 'alloc' : FREE[callee] ? 'free' : 'realloc';
          const target = kind === 'free' ? (line.slice((call.index ?? 0) + call[0].length).split(/[),]/)[0] ?? '').trim() : (/([\w>.-]+)\s*=\s*[^=]*$/.exec(line.slice(0, call.index))?.[1] ?? '');
          sites.push({ id: `${file}:${i + 1}:${callee}${n > 1 ? `#${n}` : ''}`, kind, api: callee, family, function: current.id, file, line: i + 1, code: line.trim(), target });
        }
        rawCalls.push({ from: current.id, to: callee, line: i + 1 });
      }
      for (const ch of line) {
        if (ch === '{') depth++;
        else if (ch === '}') depth--;
      }
      if (depth <= 0) {
        current.endLine = i + 1;
        current = null;
        depth = 0;
      }
    }
  }
}

/** The preliminary line-scan engine (see the file comment). */
export function createScanEngine(): Engine<null> {
  return {
    async index(root: string, options: IndexRunOptions): Promise<IndexedProject<null>> {
      options.onProgress({ phase: 'walk', done: 0, total: 0, message: 'Listing files' });
      const files: string[] = [];
      await walk(root, root, files, options.signal);
      const functions: FunctionNode[] = [];
      const rawCalls: { from: string; to: string; line: number; file?: string }[] = [];
      const sites: Site[] = [];
      const warnings = [];
      for (let i = 0; i < files.length; i++) {
        options.signal.throwIfAborted();
        const file = files[i]!;
        const full = path.join(root, file);
        if ((await stat(full)).size > 8 * 1024 * 1024) {
          warnings.push({ file, line: 0, message: 'skipped: larger than 8 MB' });
          continue;
        }
        const before = rawCalls.length;
        scanFile(file, await readFile(full, 'utf8'), functions, rawCalls, sites);
        for (let c = before; c < rawCalls.length; c++) rawCalls[c]!.file = file;
        options.onProgress({ phase: 'parse', done: i + 1, total: files.length, message: file });
      }
      const byName = new Map<string, FunctionNode>();
      for (const f of functions) if (!f.static || !byName.has(f.name)) byName.set(f.name, f);
      const known = new Set(functions.map((f) => f.id));
      const calls: CallEdge[] = [];
      for (const call of rawCalls) {
        const file = call.file ?? '';
        const staticId = `${file}::${call.to}`;
        let to = known.has(staticId) ? staticId : byName.get(call.to)?.id;
        if (!to) {
          to = call.to;
          if (!known.has(to)) {
            known.add(to);
            functions.push({ id: to, name: to, file: '', line: 0, endLine: 0, static: false, kind: 'external' });
          }
        }
        calls.push({ from: call.from, to, file, line: call.line, kind: 'direct' });
      }
      const graph: CallGraph = { functions, calls, sites };
      return { graph, files: files.length, cached: 0, parsed: files.length, warnings, program: null };
    },
    analyse(project) {
      return {
        report: { passes: [], suspects: project.graph.sites.filter((s) => s.kind !== 'free').map((s) => s.id), sites: project.graph.sites },
        details: [],
      };
    },
    writeup(project, _investigation, analysis, name) {
      const rows = project.graph.sites.map((s) => `| ${s.file} | ${s.function} | ${s.line} | \`${s.code.replace(/\|/g, '\\|')}\` |`);
      return `# ${name}\n\n| File | Function | Line | Code |\n|---|---|---|---|\n${rows.join('\n')}\n\nThat leaves us with ${analysis.report.suspects.length} suspects.\n`;
    },
    defaultPassOrder() {
      return [];
    },
  };
}

/**
 * Counts what the extractor asks web-tree-sitter for (not a test): calls of each Node accessor
 * and the Node objects they materialise, over the same files as extract-profile.ts. Unlike CPU
 * time on a shared machine, these counts are exact, so two versions of the extractor compare.
 *
 *   node --import tsx bench/lib/extract-crossings.ts [DIR]             (DIR/*.c + DIR/ext4/*.c)
 *   node --import tsx bench/lib/extract-crossings.ts --headers [DIR]   (every *.h under DIR)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Node } from 'web-tree-sitter';
import { extractFacts, NO_DEFINES } from '../../main/index/extract/index';
import { loadCParser } from '../../main/index/parser';
import { decodeSource } from '../../main/index/read';

const calls = new Map<string, number>();
let materialised = 0;

/** Counts one accessor: every read, and every Node it returns. */
function count(name: string, result: unknown): void {
  calls.set(name, (calls.get(name) ?? 0) + 1);
  if (process.env.CALLERS === name) {
    // Which extractor function asked (first frame outside this file and web-tree-sitter).
    const frame = (new Error().stack ?? '').split('\n').slice(2).find((l) => l.includes('/extract/') && !l.includes('nodes.ts')) ?? '?';
    const where = `  ${name} ← ${frame.trim().replace(/\(.*\/extract\//, '(')}`;
    calls.set(where, (calls.get(where) ?? 0) + 1);
  }
  const made = result instanceof Node ? 1 : Array.isArray(result) ? result.length : 0;
  materialised += made;
  if (process.env.CALLERS === 'nodes' && made > 0) {
    const frame = (new Error().stack ?? '').split('\n').slice(2).find((l) => l.includes('/extract/') && !l.includes('nodes.ts')) ?? '?';
    const where = `  nodes ← ${name} ${frame.trim().replace(/\(.*\/extract\//, '(')}`;
    calls.set(where, (calls.get(where) ?? 0) + made);
  }
}

/** Wraps every getter and method of Node.prototype with a counter. */
function instrument(): void {
  const proto = Node.prototype as unknown as Record<string, unknown>;
  for (const [name, desc] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
    if (name === 'constructor') continue;
    if (desc.get) {
      const get = desc.get;
      Object.defineProperty(proto, name, { ...desc, get(this: unknown) { const r: unknown = get.call(this); count(name, r); return r; } });
    } else if (typeof desc.value === 'function') {
      const fn = desc.value as (...a: unknown[]) => unknown;
      proto[name] = function (this: unknown, ...a: unknown[]): unknown { const r = fn.apply(this, a); count(name, r); return r; };
    }
  }
}

/** Every `*.h` under `dir`, sorted (prototype-heavy files: the file-scope path). */
function headersUnder(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) headersUnder(full, out);
    else if (entry.isFile() && entry.name.endsWith('.h')) out.push(full);
  }
  return out;
}

async function main(): Promise<void> {
  const headers = process.argv.includes('--headers');
  const root = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '/work/linux/linux-source-6.1/fs';
  const files = headers
    ? headersUnder(root)
    : [root, path.join(root, 'ext4')].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.c')).sort().map((f) => path.join(dir, f)));
  const parser = await loadCParser();
  instrument();
  for (const file of files) extractFacts(parser, decodeSource(readFileSync(file), file).text, file, '', NO_DEFINES);
  const total = [...calls.values()].reduce((a, b) => a + b, 0);
  console.log(`${files.length} files: ${total} accessor calls, ${materialised} Node objects returned`);
  for (const [name, n] of [...calls].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(9)} ${name}`);
}

void main();

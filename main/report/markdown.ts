/**
 * The write-up, in the seed's structure: the tables of calls, then each pass with
 * what it cleared and why, then "That leaves us with N kmallocs … and M kfrees" with
 * the tables of what is left, and finally the suspects with the path that leaks.
 * Pure: the same view always gives the same text, ready to paste into a document.
 */
import type { CallGraph, Clearing, PassResult, Site, SuspectDetail } from '../../preload/model';
import { formatMarkdownTable, siteRows, tableHeading, type SiteRow } from './tables';

/** What the write-up needs from the passes result. */
export interface WriteupInput {
  passes: PassResult[];
  suspects: string[];
  sites: Site[];
  details: SuspectDetail[];
}

/** Options of the write-up. */
export interface WriteupOptions {
  /** Project name for the heading. */
  project: string;
  /** Apis of the built-in allocator table; sites of other apis (derived wrappers) are listed apart. */
  builtinApis: ReadonlySet<string>;
  /** Snapshot images per pass, by pass name (`pass-1.png`), embedded under the pass heading. */
  images?: Readonly<Record<string, readonly string[]>>;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "12 kmallocs", or "12 allocations (kmalloc, kzalloc)" when several apis remain. */
function countPhrase(sites: readonly Site[], kindWord: string): string {
  const apis = [...new Set(sites.map((s) => s.api))].sort();
  if (apis.length === 1) return plural(sites.length, apis[0] ?? kindWord);
  if (apis.length === 0) return `no ${kindWord}s`;
  return `${plural(sites.length, kindWord)} (${apis.join(', ')})`;
}

function table(rows: SiteRow[]): string {
  return rows.length === 0 ? '' : `${formatMarkdownTable(rows)}\n`;
}

/** Renders the write-up. */
export function renderWriteup(view: WriteupInput, graph: CallGraph, options: WriteupOptions): string {
  const names = new Map(graph.functions.map((f) => [f.id, f.name]));
  const nameOf = (id: string): string | undefined => names.get(id) ?? (id.includes('::') ? id.slice(id.lastIndexOf('::') + 2) : id);
  const byId = new Map(view.sites.map((s) => [s.id, s]));
  const builtin = view.sites.filter((s) => options.builtinApis.has(s.api));
  const allocs = (list: readonly Site[]): Site[] => list.filter((s) => s.kind !== 'free');
  const frees = (list: readonly Site[]): Site[] => list.filter((s) => s.kind === 'free');
  const out: string[] = [];

  out.push(`# Tracking down a memory leak in ${options.project}\n`);
  out.push('## Calls to allocators and deallocators\n');
  const a0 = allocs(builtin);
  const f0 = frees(builtin);
  out.push(`${tableHeading(a0.length, [...new Set(a0.map((s) => s.api))].sort())}\n`);
  out.push(table(siteRows(a0, nameOf)));
  out.push(`${tableHeading(f0.length, [...new Set(f0.map((s) => s.api))].sort())}\n`);
  out.push(table(siteRows(f0, nameOf)));

  const cleared = new Set<string>();
  let n = 0;
  for (const pass of view.passes) {
    n++;
    out.push(`## Pass ${n}: ${pass.title}\n`);
    for (const image of options.images?.[pass.name] ?? []) out.push(`![Pass ${n}: ${pass.title}](${image})\n`);
    if (pass.cleared.length === 0) out.push('Nothing cleared.\n');
    else out.push(clearedList(pass.cleared, byId, nameOf));
    for (const c of pass.cleared) cleared.add(c.site);
    const leftA = allocs(builtin.filter((s) => !cleared.has(s.id)));
    const leftF = frees(builtin.filter((s) => !cleared.has(s.id)));
    out.push(`That leaves us with ${countPhrase(leftA, 'allocation')}${leftA.length > 0 ? ':' : '.'}\n`);
    out.push(table(siteRows(leftA, nameOf)));
    out.push(`and ${countPhrase(leftF, 'free')}${leftF.length > 0 ? '.' : '.'}\n`);
    out.push(table(siteRows(leftF, nameOf)));
  }

  out.push('## What is left\n');
  if (view.details.length === 0) out.push('No suspects: every allocation is accounted for.\n');
  else {
    out.push(view.details.length === 1 ? 'One allocation is not accounted for:\n' : `${view.details.length} allocations are not accounted for, most severe first:\n`);
    for (const d of view.details) {
      const s = byId.get(d.site);
      const where = s ? `${s.file}:${s.line} in ${nameOf(s.function) ?? s.function}(): \`${s.code}\`` : d.site;
      out.push(`- **${d.reason}** — ${where} — ${d.detail}`);
    }
    out.push('');
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

/** One bullet per cleared allocation (frees cleared with it are listed after it). */
function clearedList(clearings: readonly Clearing[], byId: Map<string, Site>, nameOf: (id: string) => string | undefined): string {
  const lines: string[] = [];
  for (const c of clearings) {
    const s = byId.get(c.site);
    const where = s ? `${s.file}:${s.line} ${nameOf(s.function) ?? s.function}() \`${s.code}\`` : c.site;
    const kind = s?.kind === 'free' ? 'free' : 'allocation';
    lines.push(`- ${kind} ${where} — ${c.evidence.text}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * `leakscope passes DIR`: index a C tree, run the elimination passes in the order saved
 * in `DIR/.leakscope/investigation.json` (or the default), and print per pass what it
 * cleared and why, then "That leaves us with N kmallocs … and M kfrees" with the tables,
 * and the suspects. `--json` prints `{passes, suspects, sites}` (DESIGN.md's contract);
 * `--markdown` the write-up. Exit codes: 0 ok, 1 failure, 2 usage error.
 */
import { InvestigationError, loadInvestigation } from '../analysis/investigation';
import { DEFAULT_PASS_ORDER, runPasses, type PassesView } from '../analysis/run-passes';
import { loadProgram } from './load-program';
import { renderWriteup } from '../report/markdown';
import { formatTextTable, siteRows } from '../report/tables';
import type { CallGraph, PassesReport, Site } from '../../preload/model';
import path from 'node:path';

const USAGE = `usage: leakscope passes DIR [options]

Index DIR, run the elimination passes and print what each cleared and why,
then what is left and the suspects.

options:
  --json          print {passes, suspects, sites} as JSON (the public contract)
  --markdown      print the write-up in Markdown
  --cache DIR     keep the facts cache in DIR (default: $XDG_CACHE_HOME/leakscope)
  --no-cache      neither read nor write the cache
  -h, --help      show this help`;

/** Parsed command line. */
export interface PassesArgs {
  dir: string;
  json: boolean;
  markdown: boolean;
  cacheDir: string | null | undefined;
}

class UsageError extends Error {}

/** Parses the arguments after `passes`; `help` for --help. Throws UsageError. */
export function parsePassesArgs(args: readonly string[]): PassesArgs | 'help' {
  const out: PassesArgs = { dir: '', json: false, markdown: false, cacheDir: undefined };
  const dirs: string[] = [];
  let noCache = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-h' || arg === '--help') return 'help';
    else if (arg === '--json') out.json = true;
    else if (arg === '--markdown') out.markdown = true;
    else if (arg === '--no-cache') noCache = true;
    else if (arg === '--cache') {
      const v = args[++i];
      if (v === undefined || v === '') throw new UsageError('--cache needs a value');
      out.cacheDir = v;
    } else if (arg.startsWith('--cache=')) out.cacheDir = arg.slice('--cache='.length);
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else dirs.push(arg);
  }
  if (dirs.length !== 1) throw new UsageError(dirs.length === 0 ? 'missing DIR' : `expected one DIR, got ${dirs.length}`);
  if (out.json && out.markdown) throw new UsageError('--json and --markdown cannot be used together');
  if (noCache && out.cacheDir !== undefined) throw new UsageError('--cache and --no-cache cannot be used together');
  out.dir = dirs[0] ?? '';
  if (noCache) out.cacheDir = null;
  return out;
}

/** The plain-text report: per pass what it cleared, then what is left, then the suspects. */
export function formatPassesText(view: PassesView, graph: CallGraph, builtinApis: ReadonlySet<string>): string {
  const names = new Map(graph.functions.map((f) => [f.id, f.name]));
  const nameOf = (id: string): string | undefined => names.get(id);
  const byId = new Map(view.sites.map((s) => [s.id, s]));
  const builtin = view.sites.filter((s) => builtinApis.has(s.api));
  const cleared = new Set<string>();
  const out: string[] = [];
  const phrase = (list: Site[], word: string): string => {
    const apis = [...new Set(list.map((s) => s.api))].sort();
    const n = list.length;
    return apis.length === 1 ? `${n} ${apis[0] ?? word}${n === 1 ? '' : 's'}` : `${n} ${word}${n === 1 ? '' : 's'}${apis.length > 0 ? ` (${apis.join(', ')})` : ''}`;
  };
  view.passes.forEach((pass, i) => {
    out.push(`Pass ${i + 1}: ${pass.title} [${pass.name}]`);
    if (pass.cleared.length === 0) out.push('  nothing cleared');
    for (const c of pass.cleared) {
      const s = byId.get(c.site);
      out.push(`  ${s ? `${s.file}:${s.line} ${nameOf(s.function) ?? s.function}: ${s.code}` : c.site}`);
      out.push(`      ${c.evidence.text}`);
      cleared.add(c.site);
    }
    const leftA = builtin.filter((s) => s.kind !== 'free' && !cleared.has(s.id));
    const leftF = builtin.filter((s) => s.kind === 'free' && !cleared.has(s.id));
    out.push('', `That leaves us with ${phrase(leftA, 'allocation')}:`, '', formatTextTable(siteRows(leftA, nameOf)), '', `and ${phrase(leftF, 'free')}.`, '', formatTextTable(siteRows(leftF, nameOf)), '');
  });
  out.push(view.details.length === 0 ? 'No suspects.' : `Suspects (${view.details.length}):`);
  for (const d of view.details) {
    const s = byId.get(d.site);
    out.push(`  [${d.reason}] ${s ? `${s.file}:${s.line} ${nameOf(s.function) ?? s.function}: ${s.code}` : d.site}`, `      ${d.detail}`);
  }
  return out.join('\n') + '\n';
}

/** Runs `leakscope passes`; returns the exit code. */
export async function runPassesCommand(args: string[]): Promise<number> {
  let options: PassesArgs | 'help';
  try {
    options = parsePassesArgs(args);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`leakscope passes: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (options === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const loaded = await loadProgram('passes', options.dir, { cacheDir: options.cacheDir });
  if (typeof loaded === 'number') return loaded;
  const { config, program } = loaded;
  let investigation;
  try {
    investigation = await loadInvestigation(options.dir, DEFAULT_PASS_ORDER);
  } catch (err) {
    if (err instanceof InvestigationError) {
      process.stderr.write(`leakscope passes: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const view = runPasses(program, investigation, { wrappers: config.wrappers });
  const builtinApis = new Set(program.table.entries().map((e) => e.name));
  if (options.json) {
    const report: PassesReport = { passes: view.passes, suspects: view.suspects, sites: view.sites };
    process.stdout.write(JSON.stringify(report) + '\n');
  } else if (options.markdown) {
    process.stdout.write(renderWriteup(view, program.graph, { project: path.basename(path.resolve(options.dir)), builtinApis }));
  } else {
    process.stdout.write(formatPassesText(view, program.graph, builtinApis));
  }
  return 0;
}

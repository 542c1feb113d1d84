/**
 * `leakscope index DIR`: index a C tree and print a summary and the seed's tables of
 * allocation and free calls, or with `--json` the graph contract of DESIGN.md.
 * Exit codes: 0 ok, 1 failure (bad folder, bad config, parser), 2 usage error.
 */
import { loadProgram } from './load-program';
import { formatTextTable, siteRows, tableHeading } from '../report/tables';
import type { CallGraph, Site } from '../../preload/model';

const USAGE = `usage: leakscope index DIR [options]

Index the C sources under DIR and print every allocation and free call.

options:
  --json             print {functions, calls, sites} as JSON (the public contract)
  --api A,B          only sites whose api is A or B (e.g. --api kmalloc,kfree)
  --cache DIR        keep the facts cache in DIR (default: $XDG_CACHE_HOME/leakscope)
  --no-cache         neither read nor write the cache
  -D NAME[=VALUE]    treat NAME as defined when choosing #if branches
  -U NAME            treat NAME as undefined
  --jobs N           parse with N worker threads (default: one per core)
  -h, --help         show this help`;

/** Parsed command line. */
export interface IndexArgs {
  dir: string;
  json: boolean;
  apis: string[];
  cacheDir: string | null | undefined;
  defines: Record<string, string>;
  undefines: string[];
  jobs: number | undefined;
}

/** A command-line mistake; the message says what is wrong. */
class UsageError extends Error {}

const MACRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses the arguments after `index`; `help` when --help was asked. Throws UsageError. */
export function parseIndexArgs(args: readonly string[]): IndexArgs | 'help' {
  const out: IndexArgs = { dir: '', json: false, apis: [], cacheDir: undefined, defines: {}, undefines: [], jobs: undefined };
  const dirs: string[] = [];
  let noCache = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (name: string): string => {
      const v = args[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    const define = (text: string): void => {
      const eq = text.indexOf('=');
      const name = eq === -1 ? text : text.slice(0, eq);
      if (!MACRO_NAME.test(name)) throw new UsageError(`-D ${text}: ${name || '(empty)'} is not a macro name`);
      out.defines[name] = eq === -1 ? '1' : text.slice(eq + 1);
    };
    const undefine = (name: string): void => {
      if (!MACRO_NAME.test(name)) throw new UsageError(`-U ${name}: not a macro name`);
      out.undefines.push(name);
    };
    if (arg === '-h' || arg === '--help') return 'help';
    else if (arg === '--json') out.json = true;
    else if (arg === '--no-cache') noCache = true;
    else if (arg === '--cache') out.cacheDir = value('--cache');
    else if (arg.startsWith('--cache=')) out.cacheDir = arg.slice('--cache='.length);
    else if (arg === '--api' || arg.startsWith('--api=')) {
      const list = arg === '--api' ? value('--api') : arg.slice('--api='.length);
      const apis = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (apis.length === 0) throw new UsageError('--api needs at least one name');
      out.apis.push(...apis);
    } else if (arg === '--jobs' || arg.startsWith('--jobs=')) {
      const text = arg === '--jobs' ? value('--jobs') : arg.slice('--jobs='.length);
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs ${text}: must be a whole number ≥ 1`);
      out.jobs = n;
    } else if (arg === '-D') define(value('-D'));
    else if (arg.startsWith('-D')) define(arg.slice(2));
    else if (arg === '-U') undefine(value('-U'));
    else if (arg.startsWith('-U')) undefine(arg.slice(2));
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else dirs.push(arg);
  }
  if (dirs.length === 0) throw new UsageError('missing DIR');
  if (dirs.length > 1) throw new UsageError(`expected one DIR, got ${dirs.length}: ${dirs.join(' ')}`);
  if (noCache && out.cacheDir !== undefined) throw new UsageError('--cache and --no-cache cannot be used together');
  out.dir = dirs[0];
  if (noCache) out.cacheDir = null;
  return out;
}

function tablesText(graph: CallGraph, sites: Site[]): string {
  const names = new Map(graph.functions.map((f) => [f.id, f.name]));
  const nameOf = (id: string): string | undefined => names.get(id);
  const parts: string[] = [];
  const groups: [string, Site[]][] = [
    ['alloc', sites.filter((s) => s.kind !== 'free')],
    ['free', sites.filter((s) => s.kind === 'free')],
  ];
  for (const [, group] of groups) {
    if (group.length === 0) continue;
    const apis = [...new Set(group.map((s) => s.api))].sort();
    parts.push(`${tableHeading(group.length, apis)}\n\n${formatTextTable(siteRows(group, nameOf))}\n`);
  }
  if (parts.length === 0) parts.push('No allocation or free calls found.\n');
  return parts.join('\n');
}

function formatMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** `leakscope index … | head` closes stdout early: stop quietly instead of crashing on EPIPE. */
function exitQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

/** Runs `leakscope index`; returns the exit code. */
export async function runIndexCommand(args: string[]): Promise<number> {
  exitQuietlyOnClosedStdout();
  let parsed: IndexArgs | 'help';
  try {
    parsed = parseIndexArgs(args);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`leakscope index: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const options = parsed;

  const loaded = await loadProgram('index', options.dir, options);
  if (typeof loaded === 'number') return loaded;
  const { program, stats: s } = loaded;

  const { graph } = program;
  const wanted = new Set(options.apis);
  const sites = wanted.size === 0 ? graph.sites : graph.sites.filter((s) => wanted.has(s.api));
  if (options.json) {
    const out: CallGraph = { functions: graph.functions, calls: graph.calls, sites };
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  const summary =
    `Indexed ${s.files} file${s.files === 1 ? '' : 's'} (${formatMb(s.bytes)}; ${s.parsed} parsed, ${s.cached} from cache${s.skipped > 0 ? `, ${s.skipped} skipped` : ''}) ` +
    `in ${(s.durationMs / 1000).toFixed(2)} s: ${graph.functions.length} functions, ${graph.calls.length} calls, ${sites.length} sites.\n\n`;
  process.stdout.write(summary + tablesText(graph, sites));
  return 0;
}

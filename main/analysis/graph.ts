/**
 * Builds the whole-program call graph from per-file facts: one node per defined
 * function or function-like macro (ids per DESIGN.md), `external` nodes for names
 * called but never defined, direct / macro / indirect edges, and every alloc, free
 * and realloc call site classified by the allocator table. Output order is
 * deterministic: functions by id, calls by from/to/line, sites by file/line/column.
 */
import type { CallEdge, CallGraph, FunctionNode, Site } from '../../preload/model';
import type { CallStmt, FileFacts, FileWarning, FunctionFact, MacroFact, Stmt } from '../index/facts';
import { callDetail, callTuplesOf, callsInBody } from '../index/lazy-facts';
import type { AllocatorTable } from './allocators';
import { NameResolver, isHeader } from './resolve';
import { instantiateTemplates } from './templates';

/** A defined function or macro with the IR the passes walk. */
export interface NodeBody {
  node: FunctionNode;
  params: string[];
  paramTypes: Record<string, string>;
  locals: Record<string, string>;
  body: Stmt[];
}

/** The resolved program. */
export interface Program {
  /** The preload/model.ts contract, in deterministic order. */
  graph: CallGraph;
  /** Defined functions and macros by node id, with their IR. */
  bodies: Map<string, NodeBody>;
  files: FileFacts[];
  /**
   * Resolves a called name as seen from a file: that file's own definitions first, then
   * external linkage, then header statics and macros. For a name several files define
   * with external linkage, the preferred one of those nearest the caller; the graph has
   * an edge to each equally near one.
   */
  resolve(name: string, fromFile: string): string | undefined;
  /** The site of a call statement, by `${file}:${line}:${col}`. */
  siteAt(file: string, line: number, col: number): Site | undefined;
  table: AllocatorTable;
  /** Duplicate definitions and other resolution notes. */
  warnings: FileWarning[];
}

/** Calls in IR order, descending into every nested statement list. */
export function callsOf(body: readonly Stmt[]): CallStmt[] {
  return callsInBody(body);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LAST_FIELD = /(?:->|\.)\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;

/** For an indirect callee: the struct field it goes through (`ops->open` → `open`), or `` for a plain pointer. */
export function calleeField(callee: string): string {
  const m = LAST_FIELD.exec(callee);
  return m ? m[1] : '';
}

/** Strips `&`, casts-free parens and one `&` from an out-parameter argument: `&buf` → `buf`, `p` → `*p`. */
function outParamTarget(arg: string | undefined): string {
  if (arg === undefined) return '';
  const a = arg.trim();
  if (a.startsWith('&')) {
    const inner = a.slice(1).trim();
    return inner.startsWith('(') && inner.endsWith(')') ? inner.slice(1, -1).trim() : inner;
  }
  return a === '' ? '' : `*${a}`;
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One definition waiting for its id. */
interface Definition {
  file: string;
  /** The translation unit whose names its calls see, when not `file` (a template include's instance). */
  unit?: string;
  name: string;
  line: number;
  endLine: number;
  static: boolean;
  kind: 'function' | 'macro';
  /** The fact itself: its body, locals and paramTypes may be decoded lazily, so they are read only when needed. */
  fact: FunctionFact | MacroFact;
}

/** Chooses which of several external definitions of one name wins: a .c over a header, then the first path. */
function preferred(a: Definition, b: Definition): number {
  const ha = isHeader(a.file) ? 1 : 0;
  const hb = isHeader(b.file) ? 1 : 0;
  return ha - hb || byString(a.file, b.file) || a.line - b.line;
}

/**
 * A NodeBody whose IR is read from the fact only when first used. The getters live on the
 * class, not as three closures per body (~36,000 bodies on Linux fs/).
 */
class LazyBody implements NodeBody {
  readonly params: string[];

  constructor(
    readonly node: FunctionNode,
    private readonly fact: FunctionFact | MacroFact,
  ) {
    this.params = fact.params;
  }

  get body(): Stmt[] {
    return this.fact.body;
  }

  get locals(): Record<string, string> {
    return 'locals' in this.fact ? this.fact.locals : {};
  }

  get paramTypes(): Record<string, string> {
    return 'paramTypes' in this.fact ? this.fact.paramTypes : {};
  }
}

/** How many renames deep a callee is followed (`#define a b`, `#define b c`). */
const MAX_ALIAS_HOPS = 4;

/**
 * Rename macros by file, and every target any file gives a name (usable from any file: the
 * macro sits in a header the caller includes). A name two headers rename differently
 * (curl's `msnprintf` to `curl_msnprintf`, and under a config switch to `curlx_msnprintf`,
 * itself a rename of `curl_msnprintf`) keeps each target; the call resolves when they agree.
 */
function aliasesOf(files: readonly FileFacts[]): { byFile: Map<string, Map<string, string>>; everywhere: Map<string, string[]>; unconditional: Map<string, string[]> } {
  const byFile = new Map<string, Map<string, string>>();
  const everywhere = new Map<string, string[]>();
  const unconditional = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, name: string, target: string): void => {
    const known = map.get(name);
    if (known === undefined) map.set(name, [target]);
    else if (!known.includes(target)) known.push(target);
  };
  for (const f of files) {
    if (!f.aliases || f.aliases.length === 0) continue;
    const own = new Map<string, string>();
    for (const a of f.aliases) {
      own.set(a.name, a.target);
      add(everywhere, a.name, a.target);
      if (a.guarded !== true) add(unconditional, a.name, a.target);
    }
    byFile.set(f.file, own);
  }
  return { byFile, everywhere, unconditional };
}

/** Resolves the facts of a tree into one program. */
export function buildProgram(facts: readonly FileFacts[], table: AllocatorTable): Program {
  const files = [...facts].sort((a, b) => byString(a.file, b.file));
  const warnings: FileWarning[] = [];
  const resolver = new NameResolver();
  const nodes = new Map<string, FunctionNode>();
  const bodies = new Map<string, NodeBody>();
  /** Every active definition with the node id it belongs to (several for #ifdef twins). */
  const owners: { def: Definition; id: string }[] = [];

  // 1. Definitions. Within a file, one node per name (both branches of an #ifdef are one function).
  const externalDefs = new Map<string, Definition[]>();
  const fileDefs: Definition[] = [];
  const templates = instantiateTemplates(files);
  const addFunction = (def: Definition, seen: Set<string>): void => {
    fileDefs.push(def);
    if (!def.static && !seen.has(def.name)) {
      seen.add(def.name);
      const list = externalDefs.get(def.name) ?? [];
      list.push(def);
      externalDefs.set(def.name, list);
    }
  };
  // `#define MEM_STATIC static inline` in one header makes `MEM_STATIC U64 f(…)` static in every file.
  const staticMacros = new Set<string>();
  for (const f of files) for (const name of f.staticMacros ?? []) staticMacros.add(name);
  const isStatic = (fn: FunctionFact): boolean => fn.static || (fn.prefixMacros !== undefined && fn.prefixMacros.some((w) => staticMacros.has(w)));
  for (const f of files) {
    const seen = new Set<string>();
    for (const fn of f.functions) {
      if (!fn.active || templates.replaced.has(fn)) continue;
      addFunction({ file: f.file, name: fn.name, line: fn.line, endLine: fn.endLine, static: isStatic(fn), kind: 'function', fact: fn }, seen);
    }
    for (const m of f.macros) {
      if (!m.active) continue;
      fileDefs.push({ file: f.file, name: m.name, line: m.line, endLine: m.endLine, static: false, kind: 'macro', fact: m });
    }
  }
  const seenInstances = new Set<string>();
  for (const { file, unit, fact } of templates.instances) {
    if (fact.active) addFunction({ file, unit, name: fact.name, line: fact.line, endLine: fact.endLine, static: isStatic(fact), kind: 'function', fact }, seenInstances);
  }
  const winners = new Map<string, Definition>();
  const variantsOf = new Map<string, Definition[]>();
  for (const [name, defs] of externalDefs) {
    const sorted = [...defs].sort(preferred);
    winners.set(name, sorted[0]);
    if (sorted.length > 1) variantsOf.set(name, sorted);
    if (sorted.length > 1) {
      const others = sorted.slice(1).map((d) => `${d.file}:${d.line}`);
      warnings.push({
        file: sorted[0].file,
        line: sorted[0].line,
        message: `${name} is defined with external linkage ${sorted.length} times (also ${others.join(', ')}); this one keeps the id ${name}, the others are ${sorted
          .slice(1)
          .map((d) => `${d.file}::${name}`)
          .join(', ')}; calls from other files go to the definitions nearest them in the folder tree`,
      });
    }
  }
  const idOf = (def: Definition): string => {
    if (def.kind === 'macro' || def.static) return `${def.file}::${def.name}`;
    const winner = winners.get(def.name);
    return winner && winner.file === def.file ? def.name : `${def.file}::${def.name}`;
  };
  for (const def of fileDefs) {
    const id = idOf(def);
    owners.push({ def, id });
    const existing = nodes.get(id);
    if (existing) {
      // The same function in two #if branches of one file: one node, spanning every definition
      // so each site lies within its function's lines; the first definition's body is kept.
      existing.line = Math.min(existing.line, def.line);
      existing.endLine = Math.max(existing.endLine, def.endLine);
      continue;
    }
    const node: FunctionNode = { id, name: def.name, file: def.file, line: def.line, endLine: def.endLine, static: def.static, kind: def.kind };
    nodes.set(id, node);
    bodies.set(id, new LazyBody(node, def.fact));
    if (def.kind === 'macro') resolver.addMacro(def.file, def.name, id);
    else resolver.addFunction(def.unit ?? def.file, def.name, id, id === def.name);
  }

  for (const [name, defs] of variantsOf) {
    defs.forEach((def, i) => resolver.addExternalVariant(def.file, name, i === 0 ? name : `${def.file}::${name}`));
  }

  const resolve = (name: string, fromFile: string): string | undefined => resolver.resolve(name, fromFile);

  // 2. Address-taken functions, for indirect edges: by the field they are stored in, and by file.
  const takenByField = new Map<string, Set<string>>();
  const takenInFile = new Map<string, Set<string>>();
  for (const f of files) {
    for (const at of f.addressTaken) {
      const id = resolve(at.name, f.file);
      if (id === undefined || nodes.get(id)?.kind !== 'function') continue;
      if (at.field !== '') {
        const set = takenByField.get(at.field) ?? new Set<string>();
        set.add(id);
        takenByField.set(at.field, set);
      } else {
        const set = takenInFile.get(f.file) ?? new Set<string>();
        set.add(id);
        takenInFile.set(f.file, set);
      }
    }
  }

  // 3. Edges and sites. Edges are grouped by caller as they come (with repeats); each
  // group is sorted and de-duplicated on its own, which is far cheaper than one big sort.
  const edgesFrom = new Map<string, CallEdge[]>();
  const sites: (Site & { col: number })[] = [];
  /** What a plain callee name means in the current file: its edge targets and kinds, and its table entry. */
  interface Resolved {
    to: string[];
    kinds: CallEdge['kind'][];
    entry: ReturnType<AllocatorTable['get']>;
  }
  let memoFile = '';
  let memo = new Map<string, Resolved>();
  const sharedMemo = new Map<string, Resolved>();
  const aliases = aliasesOf(files);
  /**
   * What a rename macro stands for: every chain of renames from `callee` (the caller's own file's
   * rename first, else each target any file gives) followed until it reaches a definition. The
   * chains that reach one must agree; chains that reach nothing are another configuration's.
   */
  const throughAliases = (callee: string, file: string): string[] => {
    let found: string[] | undefined;
    let frontier = [callee];
    const seen = new Set(frontier);
    for (let hops = 0; frontier.length > 0 && hops < MAX_ALIAS_HOPS; hops++) {
      const next: string[] = [];
      for (const name of frontier) {
        const own = aliases.byFile.get(file)?.get(name);
        for (const target of own !== undefined ? [own] : (aliases.everywhere.get(name) ?? [])) {
          if (seen.has(target)) continue;
          seen.add(target);
          const to = resolver.resolveAll(target, file);
          if (to.length === 0) next.push(target);
          else if (found === undefined) found = to;
          else if (found.join('\n') !== to.join('\n')) return [];
        }
      }
      frontier = next;
    }
    return found ?? [];
  };
  const resolveCallee = (callee: string, file: string): Resolved => {
    if (file !== memoFile) {
      memoFile = file;
      memo = new Map();
    }
    let r = memo.get(callee);
    if (r) return r;
    // Most names mean the same node from every file that does not define them: resolved once for all files.
    const shared = !aliases.byFile.get(file)?.has(callee) && !resolver.definesLocally(callee, file) && resolver.sameFromEveryFile(callee);
    r = shared ? sharedMemo.get(callee) : undefined;
    if (r) {
      memo.set(callee, r);
      return r;
    }
    let to = resolver.resolveAll(callee, file);
    // A name nothing defines may be a rename macro (`#define get4byte sqlite3Get4byte`): the call is of what it stands for.
    if (to.length === 0) to = throughAliases(callee, file);
    else if (!resolver.definesLocally(callee, file)) {
      // A header that renames a name the program also defines, outside any #if (zstd's `#define
      // ZSTD_isError ERR_isError`), renames it for every file that includes it; under an #if
      // (zlib's `#define gzopen gzopen64`) it is another configuration's, and the definition wins.
      const targets = aliases.unconditional.get(callee);
      const target = targets?.length === 1 ? targets[0] : undefined;
      if (target !== undefined) {
        const renamed = resolver.resolveAll(target, file);
        const through = renamed.length > 0 ? renamed : throughAliases(target, file);
        if (through.length > 0) to = through;
      }
    }
    if (to.length === 0) {
      if (!nodes.has(callee)) nodes.set(callee, { id: callee, name: callee, file: '', line: 0, endLine: 0, static: false, kind: 'external' });
      to = [callee];
    }
    r = { to, kinds: to.map((t) => (nodes.get(t)?.kind === 'macro' ? 'macro' : 'direct')), entry: table.get(callee) };
    memo.set(callee, r);
    if (shared) sharedMemo.set(callee, r);
    return r;
  };
  for (const { def, id } of owners) {
    const params = def.kind === 'macro' ? new Set(def.fact.params) : undefined;
    const file = def.file;
    const unit = def.unit ?? file;
    let group = edgesFrom.get(id);
    if (!group) {
      group = [];
      edgesFrom.set(id, group);
    }
    for (const call of callTuplesOf(def.fact)) {
      const callee = call[0];
      const line = call[1];
      // A macro parameter used as a callee (`#define CALL(fn, x) fn(x)`) names no function.
      if (params?.has(callee.replace(/[()*\s]/g, ''))) continue;
      if (call[3] === 1 || !IDENTIFIER.test(callee)) {
        const field = calleeField(callee);
        const targets = field !== '' ? takenByField.get(field) : takenInFile.get(unit);
        if (targets) for (const to of targets) group.push({ from: id, to, file, line, kind: 'indirect' });
        continue;
      }
      const resolved = resolveCallee(callee, unit);
      for (let i = 0; i < resolved.to.length; i++) group.push({ from: id, to: resolved.to[i], file, line, kind: resolved.kinds[i] });

      const entry = resolved.entry;
      if (!entry) continue;
      const detail = callDetail(def.fact, call);
      let target: string;
      if (entry.kind === 'free') target = detail.args[entry.arg] ?? '';
      else if (entry.kind === 'alloc' && entry.arg >= 0) target = outParamTarget(detail.args[entry.arg]);
      else target = detail.target;
      sites.push({ id: '', kind: entry.kind, api: callee, family: entry.family, function: id, file, line, code: detail.code, target, col: call[2] });
    }
  }

  sites.sort((a, b) => byString(a.file, b.file) || a.line - b.line || a.col - b.col || byString(a.api, b.api));
  // By file, line, then column: siteAt is asked for every site a walk meets, and a key text per question cost more than the lookups.
  const siteIndex = new Map<string, Map<number, Map<number, Site>>>();
  const perLine = new Map<string, number>();
  const outSites: Site[] = [];
  for (const s of sites) {
    const base = `${s.file}:${s.line}:${s.api}`;
    const n = (perLine.get(base) ?? 0) + 1;
    perLine.set(base, n);
    const site: Site = { id: n === 1 ? base : `${base}#${n}`, kind: s.kind, api: s.api, family: s.family, function: s.function, file: s.file, line: s.line, code: s.code, target: s.target };
    outSites.push(site);
    let byLine = siteIndex.get(s.file);
    if (!byLine) {
      byLine = new Map();
      siteIndex.set(s.file, byLine);
    }
    let byCol = byLine.get(s.line);
    if (!byCol) {
      byCol = new Map();
      byLine.set(s.line, byCol);
    }
    byCol.set(s.col, site);
  }

  const functions = [...nodes.values()].sort((a, b) => byString(a.id, b.id));
  const calls: CallEdge[] = [];
  for (const from of [...edgesFrom.keys()].sort(byString)) {
    const group = edgesFrom.get(from) ?? [];
    if (group.length === 0) continue;
    group.sort((a, b) => byString(a.to, b.to) || a.line - b.line || byString(a.file, b.file) || byString(a.kind, b.kind));
    let previous: CallEdge | undefined;
    for (const e of group) {
      if (!previous || previous.to !== e.to || previous.line !== e.line || previous.file !== e.file || previous.kind !== e.kind) calls.push(e);
      previous = e;
    }
  }
  warnings.sort((a, b) => byString(a.file, b.file) || a.line - b.line);

  return {
    graph: { functions, calls, sites: outSites },
    bodies,
    files,
    resolve,
    siteAt: (file, line, col) => siteIndex.get(file)?.get(line)?.get(col),
    table,
    warnings,
  };
}

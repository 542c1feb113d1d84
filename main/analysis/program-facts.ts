/**
 * Whole-program facts the passes share, computed once per analysis: a function
 * context and (on first use) a CFG per node, callers and callees from the graph, registration pairs
 * (module_init/module_exit, .probe/.remove …) and reachability from them, and the
 * per-function "where did this local come from" origins used to match frees to
 * the struct fields and globals they release.
 */
import type { CallEdge, FunctionNode } from '../../preload/model';
import type { CallStmt, FileFacts, Stmt } from '../index/facts';
import { buildCfg, callsOfNodeStmts, namesUsedInNodeStmts, nodeStmtsOf, type Cfg, type NodeStmt } from './cfg';
import { ProgramConstants, type ConditionEvaluator } from './constants';
import { isIdent, stripCasts } from './expr';
import type { Program } from './graph';
import { buildTypeScope, classify, functionContext, sharedTypes, type FunctionContext, type TypeScope } from './storage';

/**
 * A function ready for the passes: its context, its statements for the whole-program
 * scans, and its CFG for the pointer walks. Only about a quarter of the functions are
 * walked (on Linux fs/), so the CFG is built on first use; the scans read the statements
 * in the CFG's node order without it.
 */
export class AnalysedFunction {
  private builtCfg: Cfg | undefined;
  private orderedCalls: CallStmt[] | undefined;
  private orderedStmts: NodeStmt[] | undefined;
  private names: Set<string> | undefined;

  constructor(
    readonly ctx: FunctionContext,
    readonly node: FunctionNode,
    private readonly body: Stmt[],
    /** Decides conditions on the program's constants; the CFG and the statement order both use it. */
    private readonly constants?: ConditionEvaluator,
  ) {}

  /** The CFG, built on first use. */
  get cfg(): Cfg {
    this.builtCfg ??= buildCfg(this.body, this.node.endLine, this.constants);
    return this.builtCfg;
  }

  /**
   * The CFG for a one-off question (does every path end in exit()?): the kept one when it
   * exists, else one built and not kept, as most functions asked about are never walked.
   */
  cfgForOnce(): Cfg {
    return this.builtCfg ?? buildCfg(this.body, this.node.endLine, this.constants);
  }

  /** Calls, assignments and returns in the order of the CFG's nodes. */
  forEachStmt(visit: (s: NodeStmt) => void): void {
    for (const s of this.nodeStmts()) visit(s);
  }

  /**
   * The statements in node order, worked out once: several scans read every function,
   * and the call list and used names derive from it rather than lowering the body again.
   */
  private nodeStmts(): NodeStmt[] {
    this.orderedStmts ??= nodeStmtsOf(this.body, this.constants);
    return this.orderedStmts;
  }

  /** The call statements in the order of the CFG's `calls` (by line, then column). */
  get calls(): readonly CallStmt[] {
    this.orderedCalls ??= callsOfNodeStmts(this.nodeStmts());
    return this.orderedCalls;
  }

  /** The CFG node of a call statement of this function (builds the CFG). */
  nodeOf(call: CallStmt): number {
    const cfg = this.cfg;
    for (const i of cfg.calls) {
      const n = cfg.nodes[i];
      if (n?.kind === 'call' && n.stmt === call) return i;
    }
    return -1;
  }

  /** Identifiers used as whole values (a parameter used nowhere else is only borrowed). */
  get usedNames(): Set<string> {
    this.names ??= namesUsedInNodeStmts(this.nodeStmts());
    return this.names;
  }
}

/** Membership in a set of function ids (the answer of a reachability walk). */
export interface IdSet {
  has(id: string): boolean;
}

/** An init/teardown pair found through registration. */
export interface RootPair {
  init: string;
  exit: string;
  /** How the pair was found, in words (`module_init/module_exit in src/a.c`). */
  how: string;
}

/** Registration macros/functions whose argument is a module's init or exit function. */
const INIT_REGISTRARS = new Set(['module_init', 'late_initcall', 'subsys_initcall', 'fs_initcall', 'device_initcall', 'core_initcall', 'arch_initcall', 'postcore_initcall', 'rootfs_initcall', 'early_initcall', '__initcall', 'module_init_call']);
const EXIT_REGISTRARS = new Set(['module_exit', '__exitcall']);
/** Initializer fields that pair a setup with its teardown in one ops structure. */
const FIELD_PAIRS: readonly [string, string][] = [
  ['probe', 'remove'],
  ['probe', 'disconnect'],
  ['open', 'release'],
  ['open', 'close'],
  ['init', 'exit'],
  ['init', 'fini'],
  ['init', 'destroy'],
  ['setup', 'teardown'],
  ['start', 'stop'],
  ['create', 'destroy'],
  ['attach', 'detach'],
  ['bind', 'unbind'],
  ['connect', 'disconnect'],
  ['alloc_inode', 'free_inode'],
  ['alloc_inode', 'destroy_inode'],
  ['fill_super', 'put_super'],
  ['init_fs_context', 'kill_sb'],
];

/** The origins of a local nothing is known to be loaded from (shared, never changed). */
const NO_ORIGINS: ReadonlySet<string> = new Set<string>();

/** Everything the passes look up about the program. */
export class ProgramFacts {
  readonly functions = new Map<string, AnalysedFunction>();
  readonly callers = new Map<string, Set<string>>();
  private calleeSets: Map<string, Set<string>> | undefined;
  readonly pairs: RootPair[] = [];
  readonly roots = new Set<string>();
  private readonly reach = new Map<string, Set<string>>();
  private readonly origins = new Map<string, Map<string, ReadonlySet<string>>>();
  readonly scopes = new Map<string, TypeScope>();

  constructor(readonly program: Program) {
    const shared = sharedTypes(program.files);
    const constants = new ProgramConstants(program);
    for (const f of program.files) this.scopes.set(f.file, buildTypeScope(f, shared));
    for (const [id, body] of program.bodies) {
      const scope = this.scopes.get(body.node.file);
      if (!scope) continue;
      const ctx = functionContext(id, body.node.file, { name: body.node.name, line: body.node.line, endLine: body.node.endLine, params: body.params, paramTypes: body.paramTypes, locals: body.locals, body: body.body, static: body.node.static, inline: false, guards: [], active: true }, scope);
      ctx.isMacro = body.node.kind === 'macro';
      const shadows = (name: string): boolean => body.params.includes(name) || Object.hasOwn(body.locals, name);
      this.functions.set(id, new AnalysedFunction(ctx, body.node, body.body, constants.evaluatorFor(body.node.file, shadows)));
    }
    this.addEdges(program.graph.calls);
    this.findPairs(program.files);
  }

  /** Callers from the edges (self-calls left out). */
  private addEdges(calls: readonly CallEdge[]): void {
    for (let i = 0; i < calls.length; i++) {
      const e = calls[i];
      if (e === undefined || e.from === e.to) continue;
      const c = this.callers.get(e.to);
      if (c) c.add(e.from);
      else this.callers.set(e.to, new Set([e.from]));
    }
  }

  /** Callees of each function (self-calls left out), built on first use: the passes only walk callers. */
  get callees(): ReadonlyMap<string, ReadonlySet<string>> {
    if (this.calleeSets) return this.calleeSets;
    const sets = new Map<string, Set<string>>();
    for (const e of this.program.graph.calls) {
      if (e.from === e.to) continue;
      const d = sets.get(e.from);
      if (d) d.add(e.to);
      else sets.set(e.from, new Set([e.to]));
    }
    this.calleeSets = sets;
    return sets;
  }

  private findPairs(files: FileFacts[]): void {
    for (const f of files) {
      const inits: string[] = [];
      const exits: string[] = [];
      const byField = new Map<string, { id: string; line: number }[]>();
      for (const at of f.addressTaken) {
        const id = this.program.resolve(at.name, f.file);
        if (id === undefined || !this.functions.has(id)) continue;
        if (at.how === 'argument' && INIT_REGISTRARS.has(at.callee)) inits.push(id);
        else if (at.how === 'argument' && EXIT_REGISTRARS.has(at.callee)) exits.push(id);
        else if (at.how === 'initializer' && at.field !== '') {
          const list = byField.get(at.field) ?? [];
          list.push({ id, line: at.line });
          byField.set(at.field, list);
        } else if (at.how === 'argument' && at.callee === 'atexit') {
          const main = this.program.resolve('main', f.file);
          if (main !== undefined) this.addPair(main, id, `atexit(${at.name}) registered in ${f.file}`);
        }
      }
      for (const i of inits) for (const x of exits) this.addPair(i, x, `module_init/module_exit in ${f.file}`);
      for (const [a, b] of FIELD_PAIRS) {
        for (const ia of byField.get(a) ?? []) {
          // The closest teardown initializer in the same file: the same ops structure.
          const candidates = (byField.get(b) ?? []).filter((ib) => Math.abs(ib.line - ia.line) < 40);
          candidates.sort((p, q) => Math.abs(p.line - ia.line) - Math.abs(q.line - ia.line));
          const best = candidates[0];
          if (best) this.addPair(ia.id, best.id, `.${a} = … / .${b} = … in ${f.file}`);
        }
      }
    }
    const main = this.functions.get('main');
    if (main) this.addPair('main', 'main', 'main() runs the whole program');
  }

  private addPair(init: string, exit: string, how: string): void {
    if (this.pairs.some((p) => p.init === init && p.exit === exit)) return;
    this.pairs.push({ init, exit, how });
    this.roots.add(init);
    this.roots.add(exit);
  }

  /** Functions reachable from `id` (including itself) through calls. */
  reachable(id: string): Set<string> {
    let r = this.reach.get(id);
    if (r) return r;
    r = new Set([id]);
    const stack = [id];
    while (stack.length > 0) {
      const x = stack.pop();
      if (x === undefined) break;
      for (const y of this.callees.get(x) ?? []) {
        if (!r.has(y)) {
          r.add(y);
          stack.push(y);
        }
      }
      if (r.size > 20000) break;
    }
    this.reach.set(id, r);
    return r;
  }

  private readonly reachedFrom = new Map<string, IdSet>();
  /** The callers graph over numbered nodes (graph order), built on the first reverse walk. */
  private numbered: { number: Map<string, number>; start: Int32Array; list: Int32Array } | undefined;

  /** Callers as compressed rows of node numbers, each row in the order of its `callers` set. */
  private numberedCallers(): { number: Map<string, number>; start: Int32Array; list: Int32Array } {
    if (this.numbered) return this.numbered;
    const nodes = this.program.graph.functions;
    const number = new Map<string, number>();
    for (let i = 0; i < nodes.length; i++) number.set(nodes[i]?.id ?? '', i);
    const start = new Int32Array(nodes.length + 1);
    let edges = 0;
    for (const [to, from] of this.callers) {
      const n = number.get(to);
      if (n !== undefined) start[n + 1] = from.size;
      edges += from.size;
    }
    for (let i = 0; i < nodes.length; i++) start[i + 1] = (start[i + 1] ?? 0) + (start[i] ?? 0);
    const list = new Int32Array(edges);
    for (const [to, from] of this.callers) {
      const n = number.get(to);
      if (n === undefined) continue;
      let at = start[n] ?? 0;
      for (const f of from) list[at++] = number.get(f) ?? -1;
    }
    this.numbered = { number, start, list };
    return this.numbered;
  }

  /** Functions from which `id` can be reached (including itself): a reverse walk (stopping past ~20,000), cached. */
  reachers(id: string): IdSet {
    const cached = this.reachedFrom.get(id);
    if (cached) return cached;
    const { number, start, list } = this.numberedCallers();
    const origin = number.get(id);
    let r: IdSet;
    if (origin === undefined) r = new Set([id]);
    else {
      // Over numbers, in the same order as a walk over the callers sets, so the same set comes out.
      const seen = new Set<number>([origin]);
      const stack = [origin];
      while (stack.length > 0 && seen.size < 20000) {
        const x = stack.pop();
        if (x === undefined) break;
        for (let i = start[x] ?? 0, end = start[x + 1] ?? 0; i < end; i++) {
          const y = list[i] ?? -1;
          const before = seen.size;
          seen.add(y);
          if (seen.size !== before) stack.push(y);
        }
      }
      r = { has: (other: string): boolean => seen.has(number.get(other) ?? -2) };
    }
    this.reachedFrom.set(id, r);
    return r;
  }

  /** Callers of a function (distinct functions). */
  callersOf(id: string): string[] {
    return [...(this.callers.get(id) ?? [])].sort();
  }

  /**
   * Where a local's value may come from, flow-insensitively: storage keys it was loaded
   * from (`rsv_ptr = ht->reserves` → `struct htable.reserves`), following local copies.
   */
  originsOf(fnId: string, local: string): ReadonlySet<string> {
    let map = this.origins.get(fnId);
    if (!map) {
      map = this.computeOrigins(fnId);
      this.origins.set(fnId, map);
    }
    return map.get(local) ?? NO_ORIGINS;
  }

  private computeOrigins(fnId: string): Map<string, ReadonlySet<string>> {
    const fn = this.functions.get(fnId);
    const direct = new Map<string, Set<string>>();
    const copies = new Map<string, Set<string>>();
    if (!fn) return direct;
    const add = (m: Map<string, Set<string>>, k: string, v: string): void => {
      const s = m.get(k) ?? new Set<string>();
      s.add(v);
      m.set(k, s);
    };
    fn.forEachStmt((n) => {
      if (n.k === 'call' && isIdent(n.target) && !n.indirect) {
        // `sbi = ADFS_SB(sb)` where ADFS_SB returns sb->s_fs_info: the value comes from that field.
        const callee = this.resolveFrom(n.callee, fn.ctx.file);
        for (const k of callee === undefined ? [] : this.returnedKeys(callee)) add(direct, n.target, k);
        return;
      }
      if (n.k !== 'assign') return;
      const lhs = stripCasts(n.lhs);
      if (!isIdent(lhs)) return;
      const stripped = stripCasts(n.rhs);
      const rhs = stripped.charCodeAt(0) === 38 /* & */ ? stripped.slice(1) : stripped;
      const st = classify(fn.ctx, rhs);
      if (st.kind === 'local') add(copies, lhs, st.text);
      else if (st.kind === 'deref') {
        // `l = *prev` with prev = &ht->table[b]: the slot prev points to.
        for (const o of this.originsOfDirect(direct, copies, stripCasts(rhs.slice(1)))) add(direct, lhs, o);
      } else if (st.kind !== 'other') add(direct, lhs, st.key);
    });
    const out = new Map<string, Set<string>>();
    // Only names with origins are kept: most locals have none, and every function's map lives as long as the analysis.
    // A name with no copies has just its direct origins: that set itself (nothing changes it from here on).
    for (const [name, origins] of direct) {
      const found = copies.has(name) ? this.originsOfDirect(direct, copies, name) : origins;
      if (found.size > 0) out.set(name, found);
    }
    for (const name of copies.keys()) {
      if (direct.has(name)) continue;
      const found = this.originsOfDirect(direct, copies, name);
      if (found.size > 0) out.set(name, found);
    }
    return out;
  }

  private readonly returned = new Map<string, string[]>();
  /** Names resolved from `resolvedFile`: the whole-program scans go function by function, so one file's names repeat. */
  private resolvedFile = '';
  private readonly resolvedHere = new Map<string, string | undefined>();

  /**
   * Forgets the memoised origins and returned keys (recomputed if asked again): only the
   * whole-program scans of prepareAnalysis read them, and they are a map per function.
   */
  releaseScanMemos(): void {
    this.origins.clear();
    this.returned.clear();
    this.resolvedFile = '';
    this.resolvedHere.clear();
  }

  /** program.resolve, remembering the answers for the file last asked about. */
  resolveFrom(name: string, file: string): string | undefined {
    if (file !== this.resolvedFile) {
      this.resolvedFile = file;
      this.resolvedHere.clear();
    } else if (this.resolvedHere.has(name)) return this.resolvedHere.get(name);
    const id = this.program.resolve(name, file);
    this.resolvedHere.set(name, id);
    return id;
  }

  /** Storage keys a function returns directly (`return sb->s_fs_info;` → `struct super_block.s_fs_info`). */
  returnedKeys(fnId: string): string[] {
    let keys = this.returned.get(fnId);
    if (keys) return keys;
    keys = [];
    this.returned.set(fnId, keys);
    const fn = this.functions.get(fnId);
    if (!fn) return keys;
    const found = keys;
    fn.forEachStmt((n) => {
      if (n.k !== 'return' || n.value === '') return;
      const st = classify(fn.ctx, n.value);
      if (st.kind === 'field' || st.kind === 'global' || st.kind === 'index') found.push(st.key);
    });
    return keys;
  }

  private originsOfDirect(direct: Map<string, Set<string>>, copies: Map<string, Set<string>>, name: string): Set<string> {
    const out = new Set<string>();
    const seen = new Set<string>();
    const stack = [name];
    while (stack.length > 0) {
      const x = stack.pop();
      if (x === undefined || seen.has(x)) continue;
      seen.add(x);
      for (const k of direct.get(x) ?? []) out.add(k);
      for (const c of copies.get(x) ?? []) stack.push(c);
    }
    return out;
  }
}

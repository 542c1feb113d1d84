/**
 * Whole-program facts the passes share, computed once per analysis: a function
 * context and CFG per node, callers and callees from the graph, registration pairs
 * (module_init/module_exit, .probe/.remove …) and reachability from them, and the
 * per-function "where did this local come from" origins used to match frees to
 * the struct fields and globals they release.
 */
import type { CallEdge, FunctionNode } from '../../preload/model';
import type { FileFacts } from '../index/facts';
import { buildCfg, type Cfg } from './cfg';
import { ProgramConstants } from './constants';
import { isIdent, stripCasts } from './expr';
import type { Program } from './graph';
import { buildTypeScope, classify, functionContext, sharedTypes, type FunctionContext, type TypeScope } from './storage';

/** A function ready for the passes: its context and CFG. */
export interface AnalysedFunction {
  ctx: FunctionContext;
  cfg: Cfg;
  node: FunctionNode;
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

/** Everything the passes look up about the program. */
export class ProgramFacts {
  readonly functions = new Map<string, AnalysedFunction>();
  readonly callers = new Map<string, Set<string>>();
  readonly callees = new Map<string, Set<string>>();
  readonly pairs: RootPair[] = [];
  readonly roots = new Set<string>();
  private readonly reach = new Map<string, Set<string>>();
  private readonly origins = new Map<string, Map<string, Set<string>>>();
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
      this.functions.set(id, { ctx, cfg: buildCfg(body.body, body.node.endLine, constants.evaluatorFor(body.node.file, shadows)), node: body.node });
    }
    for (const e of program.graph.calls) this.addEdge(e);
    this.findPairs(program.files);
  }

  private addEdge(e: CallEdge): void {
    if (e.from === e.to) return;
    const c = this.callers.get(e.to) ?? new Set<string>();
    c.add(e.from);
    this.callers.set(e.to, c);
    const d = this.callees.get(e.from) ?? new Set<string>();
    d.add(e.to);
    this.callees.set(e.from, d);
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

  private readonly reachedFrom = new Map<string, Set<string>>();

  /** Functions from which `id` can be reached (including itself): a reverse walk, cached. */
  reachers(id: string): Set<string> {
    let r = this.reachedFrom.get(id);
    if (r) return r;
    r = new Set([id]);
    const stack = [id];
    while (stack.length > 0 && r.size < 20000) {
      const x = stack.pop();
      if (x === undefined) break;
      for (const y of this.callers.get(x) ?? []) {
        if (!r.has(y)) {
          r.add(y);
          stack.push(y);
        }
      }
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
  originsOf(fnId: string, local: string): Set<string> {
    let map = this.origins.get(fnId);
    if (!map) {
      map = this.computeOrigins(fnId);
      this.origins.set(fnId, map);
    }
    return map.get(local) ?? new Set();
  }

  private computeOrigins(fnId: string): Map<string, Set<string>> {
    const fn = this.functions.get(fnId);
    const direct = new Map<string, Set<string>>();
    const copies = new Map<string, Set<string>>();
    if (!fn) return direct;
    const add = (m: Map<string, Set<string>>, k: string, v: string): void => {
      const s = m.get(k) ?? new Set<string>();
      s.add(v);
      m.set(k, s);
    };
    for (const n of fn.cfg.nodes) {
      if (n.kind === 'call' && isIdent(n.stmt.target) && !n.stmt.indirect) {
        // `sbi = ADFS_SB(sb)` where ADFS_SB returns sb->s_fs_info: the value comes from that field.
        const callee = this.program.resolve(n.stmt.callee, fn.ctx.file);
        for (const k of callee === undefined ? [] : this.returnedKeys(callee)) add(direct, n.stmt.target, k);
        continue;
      }
      if (n.kind !== 'assign') continue;
      const lhs = stripCasts(n.stmt.lhs);
      if (!isIdent(lhs)) continue;
      const rhs = stripCasts(n.stmt.rhs).replace(/^&/, '');
      const st = classify(fn.ctx, rhs);
      if (st.kind === 'local') add(copies, lhs, st.text);
      else if (st.kind === 'deref') {
        // `l = *prev` with prev = &ht->table[b]: the slot prev points to.
        for (const o of this.originsOfDirect(direct, copies, stripCasts(rhs.slice(1)))) add(direct, lhs, o);
      } else if (st.kind !== 'other') add(direct, lhs, st.key);
    }
    const out = new Map<string, Set<string>>();
    for (const name of new Set([...direct.keys(), ...copies.keys()])) out.set(name, this.originsOfDirect(direct, copies, name));
    return out;
  }

  private readonly returned = new Map<string, string[]>();

  /** Storage keys a function returns directly (`return sb->s_fs_info;` → `struct super_block.s_fs_info`). */
  returnedKeys(fnId: string): string[] {
    let keys = this.returned.get(fnId);
    if (keys) return keys;
    keys = [];
    this.returned.set(fnId, keys);
    const fn = this.functions.get(fnId);
    if (!fn) return keys;
    for (const n of fn.cfg.nodes) {
      if (n.kind !== 'return' || n.value === '') continue;
      const st = classify(fn.ctx, n.value);
      if (st.kind === 'field' || st.kind === 'global' || st.kind === 'index') keys.push(st.key);
    }
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

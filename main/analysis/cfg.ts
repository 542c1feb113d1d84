/**
 * Control-flow graph of one function body, built from the IR (`Stmt`). Nodes are
 * single statements; `branch` nodes have a true and a false successor; `return`
 * and the end of the body lead nowhere. Constant conditions (`if (0)`, `while (1)`)
 * keep only the edge that can run, so code under `if (0)` is unreachable.
 */
import type { CallStmt, AssignStmt, LoopStmt, ReturnStmt, Stmt } from '../index/facts';
import { accessOf } from './access-macros';
import type { ConditionEvaluator } from './constants';
import { constantCondition, flagCondition } from './expr';

/** One node of the CFG. */
export type CfgNode =
  | { kind: 'nop'; line: number; succ: number[] }
  | { kind: 'call'; line: number; stmt: CallStmt; succ: number[] }
  | { kind: 'assign'; line: number; stmt: AssignStmt; succ: number[] }
  /** succ[0] is taken when `cond` is true, succ[1] when false (either may be -1 when impossible). */
  | { kind: 'branch'; line: number; cond: string; succ: number[] }
  | { kind: 'switch'; line: number; cond: string; succ: number[] }
  /** `value` is `` for a bare return and for falling off the end (`implicit`). */
  | { kind: 'return'; line: number; value: string; implicit: boolean; succ: number[] };

/** The CFG: nodes, the entry node, and the call nodes in body order. */
export interface Cfg {
  nodes: CfgNode[];
  entry: number;
  /** Call nodes in source order (index into `nodes`). */
  calls: number[];
  /** Condition texts (a name tested for truth, by the name) tested at more than one branch: the only ones worth remembering on a path. */
  repeatedConds: Set<string>;
  /** Identifiers used in call arguments, assignments and returns (a parameter used nowhere else is only borrowed). */
  usedNames: Set<string>;
}

interface Jumps {
  breakTo: number;
  continueTo: number;
  /** Case/default label nodes of the innermost switch, collected while lowering its body. */
  cases?: { node: number; isDefault: boolean }[];
}

/**
 * Builds the CFG of a body. `endLine` is used for the implicit return at the end.
 * `constants`, when given, decides conditions on the program's constants
 * (`if (staticFalse)`, `switch (6)`) and a `for` loop whose counter starts where the
 * condition holds (`for (i = 0; i < 1; i++)`) is entered at least once.
 * forEachNodeStmt below follows the same lowering order (and the same constant
 * decisions): change them together.
 */
export function buildCfg(body: Stmt[], endLine: number, constants?: ConditionEvaluator): Cfg {
  const nodes: CfgNode[] = [];
  const decide = (cond: string, bindings?: ReadonlyMap<string, number>): boolean | undefined =>
    constantCondition(cond) ?? constants?.truth(cond, bindings);
  const labels = new Map<string, number>();
  const add = (n: CfgNode): number => {
    nodes.push(n);
    return nodes.length - 1;
  };
  const labelNode = (name: string, line: number): number => {
    let id = labels.get(name);
    if (id === undefined) {
      id = add({ kind: 'nop', line, succ: [] });
      labels.set(name, id);
    }
    return id;
  };
  const end = add({ kind: 'return', line: endLine, value: '', implicit: true, succ: [] });

  /** Lowers a statement list so that it continues at `next`; returns its first node. */
  const lower = (stmts: Stmt[], next: number, jumps: Jumps | undefined): number => {
    let cur = next;
    for (let i = stmts.length - 1; i >= 0; i--) {
      const s = stmts[i];
      if (s !== undefined) cur = lowerOne(s, cur, jumps, s.k === 'loop' && s.kind === 'for' ? countedTrips(s, stmts[i - 1]) : 0);
    }
    return cur;
  };

  /**
   * `i = 0;` right before `for (…; i < n; i++)`: 0 when nothing is known, 1 when the
   * body runs exactly once (the condition holds for the start and not after one
   * `i++`, and the body does not assign i), 2 when it runs at least once.
   */
  const countedTrips = (loop: LoopStmt, before: Stmt | undefined): 0 | 1 | 2 => {
    if (!constants || before?.k !== 'assign' || !/^[A-Za-z_]\w*$/.test(before.lhs)) return 0;
    const i = before.lhs;
    const start = constants.value(before.rhs);
    if (start === undefined || decide(loop.cond, new Map([[i, start]])) !== true) return 0;
    const step = stepOf(loop.update ?? '', i);
    if (step === undefined || assigns(loop.body, i)) return 2;
    return decide(loop.cond, new Map([[i, start + step]])) === false ? 1 : 2;
  };

  const lowerOne = (s: Stmt, next: number, jumps: Jumps | undefined, trips: 0 | 1 | 2 = 0): number => {
    switch (s.k) {
      case 'call': {
        const access = accessOf(s);
        const after = access ? add({ kind: 'assign', line: access.line, stmt: access, succ: [next] }) : next;
        return add({ kind: 'call', line: s.line, stmt: s, succ: [after] });
      }
      case 'assign':
        return add({ kind: 'assign', line: s.line, stmt: s, succ: [next] });
      case 'return':
        return add({ kind: 'return', line: s.line, value: s.value, implicit: false, succ: [] });
      case 'goto': {
        return add({ kind: 'nop', line: s.line, succ: [labelNode(s.label, s.line)] });
      }
      case 'label': {
        const id = labelNode(s.name, s.line);
        const n = nodes[id];
        if (n) {
          n.succ = [next];
          n.line = s.line;
        }
        return id;
      }
      case 'break':
        return add({ kind: 'nop', line: s.line, succ: [jumps ? jumps.breakTo : next] });
      case 'continue':
        return add({ kind: 'nop', line: s.line, succ: [jumps ? jumps.continueTo : next] });
      case 'case': {
        const id = add({ kind: 'nop', line: s.line, succ: [next] });
        jumps?.cases?.push({ node: id, isDefault: s.value === 'default' });
        return id;
      }
      case 'if': {
        const constant = decide(s.cond);
        const thenEntry = constant === false ? -1 : lower(s.then, next, jumps);
        const elseEntry = constant === true ? -1 : lower(s.else, next, jumps);
        return add({ kind: 'branch', line: s.line, cond: s.cond, succ: [thenEntry, elseEntry] });
      }
      case 'loop': {
        const constant = s.cond === '' ? true : decide(s.cond);
        if (s.kind === 'do') {
          const condNode = add({ kind: 'branch', line: s.line, cond: s.cond, succ: [] });
          const bodyEntry = lower(s.body, condNode, { breakTo: next, continueTo: condNode, cases: jumps?.cases });
          const n = nodes[condNode];
          if (n) n.succ = [constant === false ? -1 : bodyEntry, constant === true ? -1 : next];
          return bodyEntry;
        }
        const header = add({ kind: 'branch', line: s.line, cond: s.cond, succ: [] });
        const bodyEntry = lower(s.body, header, { breakTo: next, continueTo: header, cases: jumps?.cases });
        const n = nodes[header];
        if (n) n.succ = trips === 1 ? [-1, next] : [constant === false ? -1 : bodyEntry, constant === true ? -1 : next];
        return trips > 0 ? bodyEntry : header;
      }
      case 'switch': {
        const cases: { node: number; isDefault: boolean }[] = [];
        const bodyEntry = lower(s.body, next, { breakTo: next, continueTo: jumps ? jumps.continueTo : next, cases });
        const succ = cases.map((c) => c.node);
        if (!cases.some((c) => c.isDefault)) succ.push(next);
        const chosen = constants ? constantCase(s, cases, next) : undefined;
        if (chosen !== undefined) return add({ kind: 'switch', line: s.line, cond: s.cond, succ: [chosen] });
        if (succ.length === 0) succ.push(bodyEntry);
        return add({ kind: 'switch', line: s.line, cond: s.cond, succ });
      }
    }
  };

  /** The one case a constant switch subject selects (its default, or past the switch), when every label is known. */
  const constantCase = (s: Stmt & { k: 'switch' }, cases: { node: number; isDefault: boolean }[], next: number): number | undefined => {
    const subject = constants?.value(s.cond);
    if (subject === undefined) return undefined;
    const labels = s.body.filter((b): b is Stmt & { k: 'case' } => b.k === 'case');
    if (labels.length !== cases.length) return undefined; // a case nested deeper (Duff's device): keep every edge
    let fallback = next;
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i];
      const node = cases[cases.length - 1 - i]?.node;
      if (!label || node === undefined) return undefined;
      if (label.value === 'default') {
        fallback = node;
        continue;
      }
      const v = constants?.value(label.value);
      if (v === undefined) return undefined;
      if (v === subject) return node;
    }
    return fallback;
  };

  const entry = lower(body, end, undefined);
  const calls: number[] = [];
  const condCount = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (n.kind === 'call') calls.push(i);
    else if (n.kind === 'branch' && n.cond !== '') {
      // `if (ref) …` and `if (!ref) …` test the same thing: counted under the name.
      const key = flagCondition(n.cond)?.name ?? n.cond;
      condCount.set(key, (condCount.get(key) ?? 0) + 1);
    }
  });
  const repeatedConds = new Set([...condCount].filter(([, c]) => c > 1).map(([k]) => k));
  // Lowering adds nodes last statement first, so the calls usually come out in exact reverse
  // source order: reversing them in place equals the stable sort below (no ties) without its copy.
  const order = callOrder(nodes, calls);
  if (order === 'descending') calls.reverse();
  else if (order === 'mixed') calls.sort((a, b) => {
    const na = nodes[a];
    const nb = nodes[b];
    if (na?.kind !== 'call' || nb?.kind !== 'call') return 0;
    return na.stmt.line - nb.stmt.line || na.stmt.col - nb.stmt.col;
  });
  return cfgOf(nodes, entry, calls, repeatedConds);
}

/** How the call nodes are ordered by (line, column): already ascending, strictly descending, or neither. */
function callOrder(nodes: readonly CfgNode[], calls: readonly number[]): 'ascending' | 'descending' | 'mixed' {
  let ascending = true;
  let descending = true;
  for (let i = 1; i < calls.length && (ascending || descending); i++) {
    const a = nodes[calls[i - 1] ?? 0];
    const b = nodes[calls[i] ?? 0];
    if (a?.kind !== 'call' || b?.kind !== 'call') return 'mixed';
    const d = a.stmt.line - b.stmt.line || a.stmt.col - b.stmt.col;
    if (d > 0) ascending = false;
    if (d <= 0) descending = false;
  }
  return ascending ? 'ascending' : descending ? 'descending' : 'mixed';
}

/** How much `update` adds to `i` (`i++`, `++i`, `i += 2`, `i--`), or undefined for anything else. */
function stepOf(update: string, i: string): number | undefined {
  const u = update.replace(/\s+/g, '');
  if (u === `${i}++` || u === `++${i}`) return 1;
  if (u === `${i}--` || u === `--${i}`) return -1;
  const m = /^(\w+)([+-])=(\d+)$/.exec(u);
  if (m?.[1] === i && m[3] !== undefined) return m[2] === '-' ? -Number(m[3]) : Number(m[3]);
  return undefined;
}

/** True when a statement list (nested included) assigns `name` or takes its address in a call. */
function assigns(body: readonly Stmt[], name: string): boolean {
  const addr = new RegExp(`&\\s*${name}\\b`);
  for (const s of body) {
    if (s.k === 'assign' && (s.lhs === name || addr.test(s.rhs))) return true;
    if (s.k === 'call' && (s.target === name || s.args.some((a) => addr.test(a)))) return true;
    if (s.k === 'if' && (assigns(s.then, name) || assigns(s.else, name))) return true;
    if ((s.k === 'loop' || s.k === 'switch') && assigns(s.body, name)) return true;
  }
  return false;
}

/** No condition repeats (most functions): one shared set instead of an empty one per CFG. */
const NO_REPEATED_CONDS: Set<string> = new Set<string>();

/**
 * The CFG object, made outside buildCfg so the lazy getter's closure does not keep
 * buildCfg's scope (its label map and lowering closures) alive with every CFG.
 */
function cfgOf(nodes: CfgNode[], entry: number, calls: number[], repeatedConds: Set<string>): Cfg {
  // usedNames is read only for functions whose parameters get a summary: computed on first use.
  let usedNames: Set<string> | undefined;
  return {
    nodes,
    entry,
    calls,
    repeatedConds: repeatedConds.size === 0 ? NO_REPEATED_CONDS : repeatedConds,
    get usedNames(): Set<string> {
      usedNames ??= namesUsedIn(nodes);
      return usedNames;
    },
  };
}

/** A name followed by the end of a value (`,` `)` `;` `?` `:` or the end of the text) and not preceded by `.`/`->`. */
const WHOLE_VALUE_NAME = /(^|[^>.\w])([A-Za-z_]\w*)(?=\s*(?:[,);?:]|$))/g;

/** The address of a member (`&p->node`, `&(p)->node`, `&s.lock`): it points into p's block, so it passes p on. */
const MEMBER_ADDRESS_BASE = /&\s*\(?\s*([A-Za-z_]\w*)\s*\)?\s*(?:->|\.)/g;

/**
 * Adds the names `text` uses as whole values (`f(p)`, `q = p`, `return p`, `f(&p)`, `(T *)p`) or
 * whose member it takes the address of (`list_add(&p->node, head)`): reading a field (`p->x`)
 * cannot pass p on. exec() over one global expression is what matchAll does, without an iterator
 * and a regex copy per text.
 */
function addUsedNames(text: string, usedNames: Set<string>): void {
  WHOLE_VALUE_NAME.lastIndex = 0;
  for (let m = WHOLE_VALUE_NAME.exec(text); m !== null; m = WHOLE_VALUE_NAME.exec(text)) if (m[2]) usedNames.add(m[2]);
  if (text.indexOf('&') < 0) return;
  MEMBER_ADDRESS_BASE.lastIndex = 0;
  for (let m = MEMBER_ADDRESS_BASE.exec(text); m !== null; m = MEMBER_ADDRESS_BASE.exec(text)) if (m[1]) usedNames.add(m[1]);
}

/** Identifiers used as whole values in call arguments, assignment right-hand sides and returns. */
function namesUsedIn(nodes: readonly CfgNode[]): Set<string> {
  const usedNames = new Set<string>();
  const use = (text: string): void => addUsedNames(text, usedNames);
  for (const n of nodes) {
    if (n.kind === 'call') for (const a of n.stmt.args) use(a);
    else if (n.kind === 'assign') use(n.stmt.rhs);
    else if (n.kind === 'return') use(n.value);
  }
  return usedNames;
}

const predecessorCache = new WeakMap<Cfg, Map<number, number[]>>();

/** Each node's predecessors, made once per CFG (a function allocating into a global asks once per call site). */
function predecessorsOf(cfg: Cfg): Map<number, number[]> {
  let preds = predecessorCache.get(cfg);
  if (!preds) {
    const made = new Map<number, number[]>();
    cfg.nodes.forEach((n, i) => {
      for (const s of n.succ) {
        if (s < 0) continue;
        const list = made.get(s);
        if (list) list.push(i);
        else made.set(s, [i]);
      }
    });
    predecessorCache.set(cfg, made);
    preds = made;
  }
  return preds;
}

/** A statement that becomes a call, assignment or return node of the CFG. */
export type NodeStmt = CallStmt | AssignStmt | ReturnStmt;

/**
 * Visits the calls, assignments and returns of a body in the order buildCfg adds their
 * nodes (each statement list last to first; an `if`'s then-list before its else-list, a
 * constant condition (or one `constants` decides, as in buildCfg) dropping the side that cannot run), without building the CFG: the
 * whole-program scans only need the statements, in the order they would meet the nodes.
 */
export function forEachNodeStmt(body: readonly Stmt[], visit: (s: NodeStmt) => void, constants?: ConditionEvaluator): void {
  const lower = (stmts: readonly Stmt[]): void => {
    for (let i = stmts.length - 1; i >= 0; i--) {
      const s = stmts[i];
      if (s !== undefined) lowerOne(s);
    }
  };
  const lowerOne = (s: Stmt): void => {
    switch (s.k) {
      case 'call': {
        // As in buildCfg: an access macro's assignment is the node after its call.
        const access = accessOf(s);
        if (access) visit(access);
        visit(s);
        return;
      }
      case 'assign':
      case 'return':
        visit(s);
        return;
      case 'if': {
        const constant = constantCondition(s.cond) ?? constants?.truth(s.cond);
        if (constant !== false) lower(s.then);
        if (constant !== true) lower(s.else);
        return;
      }
      case 'loop':
      case 'switch':
        lower(s.body);
        return;
      default:
        return;
    }
  };
  lower(body);
}

/** The statements forEachNodeStmt visits, as a list. */
export function nodeStmtsOf(body: readonly Stmt[], constants?: ConditionEvaluator): NodeStmt[] {
  const list: NodeStmt[] = [];
  forEachNodeStmt(body, (s) => list.push(s), constants);
  return list;
}

/** The calls of a body in the order of a CFG's `calls` (by line, then column), without building the CFG. */
export function callsInCfgOrder(body: readonly Stmt[], constants?: ConditionEvaluator): CallStmt[] {
  return callsOfNodeStmts(nodeStmtsOf(body, constants));
}

/** callsInCfgOrder() from the body's statements in node order (nodeStmtsOf), so a function lowers its body once. */
export function callsOfNodeStmts(stmts: readonly NodeStmt[]): CallStmt[] {
  const calls: CallStmt[] = [];
  for (const s of stmts) if (s.k === 'call') calls.push(s);
  let ascending = true;
  let descending = true;
  for (let i = 1; i < calls.length && (ascending || descending); i++) {
    const a = calls[i - 1];
    const b = calls[i];
    const d = a && b ? a.line - b.line || a.col - b.col : 0;
    if (d > 0) ascending = false;
    if (d <= 0) descending = false;
  }
  // As in buildCfg: kept, reversed when exactly reversed, else a stable sort.
  if (ascending) return calls;
  if (descending) return calls.reverse();
  return calls.sort((a, b) => a.line - b.line || a.col - b.col);
}

/** Identifiers used as whole values in the calls' arguments, assignments' right-hand sides and returns of a body. */
export function namesUsedInBody(body: readonly Stmt[], constants?: ConditionEvaluator): Set<string> {
  return namesUsedInNodeStmts(nodeStmtsOf(body, constants));
}

/** namesUsedInBody() from the body's statements in node order (nodeStmtsOf). */
export function namesUsedInNodeStmts(stmts: readonly NodeStmt[]): Set<string> {
  const usedNames = new Set<string>();
  const use = (text: string): void => addUsedNames(text, usedNames);
  for (const s of stmts) {
    if (s.k === 'call') for (const a of s.args) use(a);
    else if (s.k === 'assign') use(s.rhs);
    else use(s.value);
  }
  return usedNames;
}

/** Nodes from which `target` can be reached (its ancestors), not including it unless on a cycle. */
export function ancestors(cfg: Cfg, target: number): Set<number> {
  const preds = predecessorsOf(cfg);
  const out = new Set<number>();
  const stack = [...(preds.get(target) ?? [])];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x === undefined || out.has(x)) continue;
    out.add(x);
    for (const p of preds.get(x) ?? []) stack.push(p);
  }
  return out;
}

/** True when the node lies on a cycle (inside a loop). */
export function onCycle(cfg: Cfg, node: number): boolean {
  return ancestors(cfg, node).has(node);
}

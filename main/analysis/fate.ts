/**
 * The path-sensitive core: follows one pointer (a fresh allocation, or a parameter)
 * through a function's CFG and reports how each path ends for it — freed, handed to
 * a callee, returned, stored in a global / struct field / out-parameter, null (the
 * allocation failed), or leaked (lost at a return, overwritten, realloc failure,
 * its struct freed first).
 *
 * The state per path is small: which local expressions hold the pointer, whether it
 * is known non-null, a pending `tmp = realloc(p, …)`, and the outcome of conditions
 * already decided on this path (so `if (flag) p = malloc(); … if (flag) free(p);`
 * is followed consistently). States are explored with a worklist and deduplicated per
 * node; the number of states per node is capped (conditions are forgotten past the
 * cap) so the work stays linear-ish in the size of the body.
 */
import type { CallStmt } from '../index/facts';
import { onCycle, type Cfg, type CfgNode } from './cfg';
import { baseName, flagCondition, freshComparison, identifiersIn, interiorBase, isFieldOf, isIdent, isNullConstant, nullFacts, offsetBase, slotHolder, splitTop, stripCasts, unwrapCondition } from './expr';
import { classify, isPointerType, macroArgumentKey, typeOfName, type FunctionContext } from './storage';

/** One decision on the path: the branch at `line` went `taken` (true/false). */
export interface TrailStep {
  line: number;
  cond: string;
  taken: boolean;
}

/** How one path ends for the tracked pointer. */
export type Outcome =
  | { kind: 'freed'; line: number; freeSite: string; api: string; wrongFamily: boolean; trail: TrailStep[] }
  | { kind: 'handed'; line: number; callee: string; param: number; how: HandOff; freeSites: string[]; keys: string[]; via: string; trail: TrailStep[]; assumed?: boolean; pool?: string }
  | { kind: 'returned'; line: number; trail: TrailStep[] }
  | { kind: 'stored'; line: number; where: 'global' | 'field' | 'outparam' | 'linked'; key: string; text: string; trail: TrailStep[] }
  | { kind: 'null'; line: number; trail: TrailStep[] }
  | { kind: 'exit'; line: number; callee: string; trail: TrailStep[] }
  | { kind: 'kept'; line: number; trail: TrailStep[] }
  | { kind: 'leak'; line: number; reason: LeakReason; detail: string; trail: TrailStep[] };

/** Why a path leaks. */
export type LeakReason = 'lost-at-return' | 'overwritten' | 'realloc-lost' | 'struct-freed' | 'discarded' | 'loop';

/** A release that puts the block back on a free list for reuse: the list, and the frees of the block's parts. */
export interface PoolRelease {
  pool: string;
  freeSites: string[];
}

/** How a callee treats a pointer passed to it. */
export type HandOff = 'frees' | 'takes' | 'maybe-frees' | 'external' | 'callback-frees' | 'callback-takes';

/** A call that frees (or reallocates) one of its arguments. */
export interface Release {
  arg: number;
  api: string;
  family: string;
  realloc: boolean;
  /** A reallocator that ends the program instead of returning NULL (`xrealloc`): `p = xrealloc(p, n)` loses nothing. */
  neverNull?: boolean;
  /** For wrappers that free a struct: fields they free first (`addr` → the free sites). */
  fields?: Map<string, string[]>;
}

/** What a call does to an argument, as the oracle sees it. */
export interface ArgEffect {
  effect: 'frees' | 'takes' | 'maybe-frees' | 'borrows';
  /** Callee node id (or name for externals). */
  callee: string;
  /** Free sites (ids) that release it inside the callee, and keys it is stored into. */
  freeSites: string[];
  keys: string[];
  /** For callbacks: the function that receives it (`kernel_thread(fn, arg)` → fn). */
  via: string;
  how: HandOff;
  /**
   * For `borrows`: true when the callee is an external known to only read the argument
   * (a libc or kernel reader such as strlen/printf/printk); false or absent when that is
   * not known (an external outside the table, a call through a pointer, a project
   * function whose summary may miss a release), which may keep what it is given.
   */
  readOnly?: boolean;
  /**
   * For `takes`: the callee keeps it only when it succeeds, so the error side of a test of
   * its result leaves it with the caller. That is every error test for a project function whose every
   * other path returns a negative error (`error-result`) or NULL/false (`null-result`, the
   * failure side is where the result is NULL); only `< 0`, `>= 0`, `== -1`, `!= -1`
   * for an external keeper known by its name (`negative-result`), whose result may be a bool.
   */
  onSuccessOnly?: 'error-result' | 'null-result' | 'negative-result';
  /**
   * For `callback-takes`: the call registers the callback for later (`INIT_WORK(&p->work, fn)`,
   * `timer_setup()`), rather than running it now as a put does (`kref_put(&p->ref, release)`).
   */
  registers?: boolean;
}

/** Answers the questions the path walk asks about calls. */
export interface CallOracle {
  /** When the call frees (or reallocates) one of its arguments: which one, and its family. */
  release(call: CallStmt, ctx: FunctionContext): Release | undefined;
  /** True when memory of `family` may be released by `api`. */
  canRelease(api: string, family: string): boolean;
  /** What passing argument `index` to the call does. */
  argEffect(call: CallStmt, index: number, ctx: FunctionContext): ArgEffect;
  /** True when the callee frees what it reads out of argument `index` (a struct or array holding the pointer). */
  freesContents(call: CallStmt, index: number, ctx: FunctionContext): boolean;
  /** For a release given `&p`: the free list it returns `*p` to, and the frees of the block's parts on the way. */
  returnsToPool(call: CallStmt, index: number, ctx: FunctionContext): PoolRelease | undefined;
  /** Fields of the struct argument `index` points to that the callee frees (`cleanup(&c)` → `free(c->a)`), with the free sites. */
  fieldsFreed(call: CallStmt, index: number, ctx: FunctionContext): ReadonlyMap<string, string[]>;
  /** True for calls that never return (`exit`, `panic`, `BUG`, `assert(0)`). */
  noReturn(call: CallStmt): boolean;
  /**
   * True when the call's result may be a block it allocates: a library allocator or a function of
   * the project (which may be a wrapper); false for an outside function the allocator table does not name.
   */
  mayAllocate?(call: CallStmt, ctx: FunctionContext): boolean;
  /** Site id of a free/realloc call node. */
  siteId(call: CallStmt, api: string): string;
}

/** What to track and from where. */
export interface TrackRequest {
  /** Node where tracking starts; the walk begins at its successors (for a site) or at it (for a parameter). */
  start: number;
  /** Initial holders (normalised expressions). */
  holders: string[];
  /** `site`: a fresh allocation (losing it is a leak); `param`: the caller's pointer (keeping it is fine). */
  mode: 'site' | 'param';
  /** Family of the allocation (for wrong-family frees). */
  family: string;
  /** Immediate outcome (the allocation's result went straight to `return`, a global…); skips the walk. */
  immediate?: Outcome;
  /**
   * For an allocation into an array slot tracked as `a[]` (`vec[i] = alloc(…)`): the slot's own
   * text, so the null test right after it (`if (!vec[i])`) is read as a test of the block.
   */
  element?: { text: string; holder: string };
  /**
   * For out-parameter allocations (`if (make_buf(&p))`): the call's status, as the
   * variable or call text conditions test; on its error side nothing was allocated.
   */
  status?: string;
  /**
   * When the wrapper makes the block, if not on the success side of an error code (`if (err)`):
   * `true`, a success flag (`if (!parse(&p)) return 0;`: it returns 1 after storing the block, so
   * the false side made nothing); `error`, an error message (`if (layout_parse(w, s, &cause) == -1)`:
   * it stores `*cause` and returns -1, so the success side made nothing).
   */
  statusMadeWhen?: 'true' | 'error';
  /**
   * A library allocator filling an out-parameter (`asprintf(&p, …)`), which overwrites what
   * the pointer held; a project wrapper may reallocate it instead (`string_extend(&start, …)`).
   */
  overwritesOutParam?: boolean;
  /** A block straight from a library allocator (not realloc, not a project wrapper): no pointer that existed before can equal it. */
  fresh?: boolean;
  /**
   * The walk goes on from a call that handed the block to a keeper (`start`), to see whether
   * this function frees it afterwards anyway; such a walk does not look ahead again.
   */
  afterKeeper?: boolean;
}

/** The success value of a status code by its name: `SQLITE_OK`, `Z_OK`, `CURLE_OK`, `APR_SUCCESS`, `OK`. */
const SUCCESS_NAME = /^(?:[A-Z][A-Z0-9]*_)?(?:OK|SUCCESS)$/;

/**
 * A status checked by a function named for the check (`LZ4F_isError(ret)`, `ZSTD_isError(r)`,
 * `FAILED(hr)`, `is_error(rc)`): group 1 the negation, group 2 the status.
 */
const ERROR_CHECK_CALL = /^(!?)\s*(?:[A-Za-z_]\w*_)?(?:is_?[eE]rror|isError|IsError|is_err|failed|FAILED)\s*\(\s*(.+?)\s*\)$/;

/** `IS_ERR(x)`, `!IS_ERR_OR_NULL(x)`: group 1 the negation, group 2 the pointer tested. */
const ERROR_POINTER_TEST = /^(!?)\s*IS_ERR(?:_OR_NULL)?\s*\(\s*(.+?)\s*\)$/;

/**
 * Which side of a test of a status value is the error side (`ret`, `ret < 0`, `len <= 0`, `rc != SQLITE_OK`,
 * `LZ4F_isError(ret)` → true;
 * `!ret`, `ret == 0`, `len > 0` → false). A status that is true on success (`trueOnSuccess`)
 * has it the other way round for truth tests (`!ok`, `ok == 0` → true).
 */
export function errorSide(cond: string, status: string, trueOnSuccess = false): boolean | undefined {
  const c = unwrapCondition(cond);
  if (c === status) return !trueOnSuccess;
  if (c === `!${status}` || c === `!(${status})`) return trueOnSuccess;
  if (trueOnSuccess) {
    const test = /^(.+?)\s*(==|!=)\s*(0|false|FALSE)$/.exec(c);
    return test?.[1] !== undefined && stripCasts(test[1]) === status ? test[2] === '==' : undefined;
  }
  // `IS_ERR(rest)`: a status returned as a pointer, an error pointer when nothing was made.
  const errPtr = ERROR_POINTER_TEST.exec(c);
  if (errPtr?.[2] !== undefined && stripCasts(errPtr[2]) === status) return errPtr[1] !== '!';
  const errCheck = ERROR_CHECK_CALL.exec(c);
  if (errCheck?.[2] !== undefined && stripCasts(errCheck[2]) === status) return errCheck[1] !== '!';
  const m = /^(.+?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(c);
  if (!m?.[1] || m[3] === undefined || stripCasts(m[1]) !== status) return undefined;
  const rhs = m[3].trim();
  // `rc != SQLITE_OK`, `ret == Z_OK`: a library's name for success (a macro the analysis cannot read the value of).
  if (SUCCESS_NAME.test(rhs)) return m[2] === '!=' ? true : m[2] === '==' ? false : undefined;
  // `len <= 0` / `len > 0`: a status that counts what it made, where nothing is failure.
  if (rhs === '0') return m[2] === '!=' || m[2] === '<' || m[2] === '<=' ? true : m[2] === '==' || m[2] === '>=' || m[2] === '>' ? false : undefined;
  if (rhs === '-1' || rhs === 'NULL') return m[2] === '==' ? true : m[2] === '!=' ? false : undefined;
  return undefined;
}

interface State {
  holders: string[];
  nonNull: boolean;
  pending: string;
  conds: [string, boolean][];
  /** The walk went round a loop through the allocation again: an array slot's text (TrackRequest.element) now names a newer block. */
  lapped: boolean;
  trail: Trail;
  /** stateKey's text, filled on first use: one state object is pushed to every successor, and only the trail varies between copies. */
  key: string | undefined;
}

/** The decisions of a path, newest first, shared between states (a cons list). */
type Trail = { step: TrailStep; prev: Trail; len: number } | undefined;

/** The last decisions of a path, oldest first (at most 8). */
function arr(t: Trail): TrailStep[] {
  const out: TrailStep[] = [];
  for (let x = t; x !== undefined && out.length < 8; x = x.prev) out.push(x.step);
  return out.reverse();
}

/** `h === a + '[]'`. */
function isSlotsOf(h: string, a: string): boolean {
  return h.length === a.length + 2 && h.endsWith('[]') && h.startsWith(a);
}

/** True when `text` starts, at `at`, with the first `n` characters of `part`. */
function sharesStart(text: string, at: number, part: string, n: number): boolean {
  if (n < 0 || text.length - at < n) return false;
  for (let i = 0; i < n; i++) if (text.charCodeAt(at + i) !== part.charCodeAt(i)) return false;
  return true;
}

/** `isFieldOf(text.slice(at), base)`. */
function isFieldOfAt(text: string, at: number, base: string): boolean {
  const end = at + base.length;
  if (text.length <= end || !text.startsWith(base, at)) return false;
  const c = text.charCodeAt(end);
  return c === 46 /* . */ || (c === 45 /* - */ && text.charCodeAt(end + 1) === 62) /* > */;
}

/** `isFieldOf(expr, base.slice(from))`. */
function isFieldOfPart(expr: string, base: string, from: number): boolean {
  const n = base.length - from;
  if (n < 0 || expr.length <= n) return false;
  for (let i = 0; i < n; i++) if (expr.charCodeAt(i) !== base.charCodeAt(from + i)) return false;
  const c = expr.charCodeAt(n);
  return c === 46 /* . */ || (c === 45 /* - */ && expr.charCodeAt(n + 1) === 62) /* > */;
}

/** Read-only library functions that return their first argument (the destination). */
const RETURNS_FIRST_ARG = new Set(['strcpy', 'strncpy', 'strcat', 'strncat', 'memcpy', 'memmove', 'memset']);

/** Macros that give the structure a member pointer lies in: the same block as the pointer (`container_of(kref, struct cache, ref)`). */
const CONTAINER_OF = new Set(['container_of', 'container_of_const', 'container_of_safe', 'list_entry', 'list_entry_rcu', 'hlist_entry', 'hlist_entry_safe', 'rb_entry', 'rb_entry_safe', 'llist_entry']);

/** A holder made for a call's result passed straight on (`container_of(w, …)`, `strcpy(d, s)` as an argument). */
function isNestedResult(holder: string): boolean {
  if (!isCallText(holder)) return false;
  const callee = holder.slice(0, holder.indexOf('(')).trim();
  return CONTAINER_OF.has(callee) || RETURNS_FIRST_ARG.has(callee);
}

/** True for the text of a call (`make_copy(s)`): the holder of an inner call's result passed straight on. */
export function isCallText(expr: string): boolean {
  return /^[A-Za-z_]\w*(\s*(->|\.)\s*[A-Za-z_]\w*)*\s*\(.*\)$/.test(expr);
}

/** `&obj->member`, `&obj->arr[i]`, `&obj->a.b`: the address of memory inside what obj points to (one `->`). */
const MEMBER_ADDRESS = /^&\s*\(?\s*([A-Za-z_]\w*)\s*->\s*[A-Za-z_]\w*(?:\[[^\]]*\]|\.[A-Za-z_]\w*)*\s*\)?$/;
/** A name or a field path (`buf`, `of->prealloc_buf`, `s.small`): what freshTest() compares a block with. */
const POINTER_PATH = /^[A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*)*$/;
const MAX_STATES_PER_NODE = 8;
const MAX_STEPS = 4000;

/** A state with some fields replaced; always the same shape, so V8 keeps copying it fast. */
function withState(s: State, patch: Partial<Omit<State, 'key'>>): State {
  const keyKept = patch.holders === undefined && patch.nonNull === undefined && patch.pending === undefined && patch.conds === undefined && patch.lapped === undefined;
  return {
    holders: patch.holders ?? s.holders,
    nonNull: patch.nonNull ?? s.nonNull,
    pending: patch.pending ?? s.pending,
    conds: patch.conds ?? s.conds,
    lapped: patch.lapped ?? s.lapped,
    trail: 'trail' in patch ? patch.trail : s.trail,
    key: keyKept ? s.key : undefined,
  };
}

/** What makes two states at one node the same (the trail is not part of it). */
function stateKey(s: State): string {
  s.key ??= `${s.holders.join(',')}|${s.nonNull ? 1 : 0}|${s.pending}|${s.conds.map(([c, b]) => `${c}=${b ? 1 : 0}`).join(';')}${s.lapped ? '|lap' : ''}`;
  return s.key;
}

/**
 * What a step returns once it has pushed its successors (if any) onto the worklist: the
 * steps end in `return follow(…)` or `return DONE`, so every path through them says which.
 */
type Next = typeof DONE;
const DONE = 0;

/** The two sides of a branch, true first. */
const BOTH_SIDES: readonly boolean[] = [true, false];

const trailStepCache = new WeakMap<Cfg, (TrailStep | undefined)[]>();

/** Per CFG, the decision steps made so far (read-only once made), shared by every walk and path through it. */
function trailStepsOf(cfg: Cfg): (TrailStep | undefined)[] {
  let steps = trailStepCache.get(cfg);
  if (!steps) {
    steps = [];
    trailStepCache.set(cfg, steps);
  }
  return steps;
}

/** The step "the branch at node `id` went `taken`", made once per CFG. */
function trailStep(steps: (TrailStep | undefined)[], n: Extract<CfgNode, { kind: 'branch' }>, id: number, taken: boolean): TrailStep {
  const slot = taken ? 2 * id : 2 * id + 1;
  let step = steps[slot];
  if (!step) {
    step = { line: n.line, cond: n.cond, taken };
    steps[slot] = step;
  }
  return step;
}

function pushTrail(trail: Trail, step: TrailStep): Trail {
  return { step, prev: trail, len: (trail?.len ?? 0) + 1 };
}

/** Result of one walk: every distinct way the paths ended, and whether the walk was cut short. */
export interface Fate {
  outcomes: Outcome[];
  truncated: boolean;
}

/** Normalised texts of a call or assignment node, computed once per CFG. */
interface NodeTexts {
  args: string[];
  target: string;
  lhs: string;
  rhs: string;
}

const textsOf = new WeakMap<Cfg, (NodeTexts | undefined)[]>();

const NO_ARGS: string[] = [];

/** The arguments without casts; the call's own array when none changes (most), so walked CFGs keep less. */
function strippedArgs(args: string[]): string[] {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const s = stripCasts(a);
    if (s !== a) return [...args.slice(0, i), s, ...args.slice(i + 1).map(stripCasts)];
  }
  return args;
}

function nodeTexts(cfg: Cfg): (NodeTexts | undefined)[] {
  let t = textsOf.get(cfg);
  if (!t) {
    const pointsTo = pointersToVariables(cfg);
    pointsToOf.set(cfg, pointsTo);
    // With no pointer set to a variable's address (most functions), every text stays as it is.
    const deref = pointsTo.size === 0 ? (e: string): string => e : (e: string): string => throughPointerToVariable(cfg, e);
    t = cfg.nodes.map((n) =>
      n.kind === 'call'
        ? { args: pointsTo.size === 0 ? strippedArgs(n.stmt.args) : strippedArgs(n.stmt.args).map(deref), target: deref(stripCasts(n.stmt.target)), lhs: '', rhs: '' }
        : n.kind === 'assign'
          ? { args: NO_ARGS, target: '', lhs: deref(stripCasts(n.stmt.lhs)), rhs: deref(stripCasts(n.stmt.rhs)) }
          : undefined,
    );
    textsOf.set(cfg, t);
  }
  return t;
}

/**
 * Conditions known to hold where tracking starts: the branches the start node is reached
 * from along a chain of single predecessors (the allocation inside `else` of `if (name == NULL)`).
 * The caller drops those that test the pointer the allocation itself assigns (`if (!path) path = kcalloc(…)`).
 */
function guardsOf(cfg: Cfg, start: number): [string, boolean][] {
  const only = onlyPredecessors(cfg);
  const out: [string, boolean][] = [];
  let at = start;
  for (let i = 0; i < 32 && out.length < 4; i++) {
    const from = only[at] ?? NO_PREDECESSOR;
    if (from < 0) break;
    const n = cfg.nodes[from];
    if (!n) break;
    // A null test, or a condition the function tests again further on (`if (ri->compr) p = kmalloc(…); … if (ri->compr)
    // decompress(p);`), outside any loop: a loop's condition changes between iterations.
    if (n.kind === 'branch' && n.cond !== '' && n.succ[0] !== n.succ[1] && (cfg.repeatedConds.has(n.cond) || identifiersIn(n.cond).some((v) => nullFacts(n.cond, v)[0] !== undefined)) && !inLoop(cfg, from)) {
      out.push([n.cond, n.succ[0] === at]);
    }
    else if (n.kind === 'switch') break;
    at = from;
  }
  return out;
}

/** In onlyPredecessors(): a node with no predecessor, or with two or more (an edge counted once per `succ` entry). */
const NO_PREDECESSOR = -1;
const SEVERAL_PREDECESSORS = -2;

const onlyPredecessorOf = new WeakMap<Cfg, Int32Array>();

/**
 * Per node of a CFG, its one predecessor, or NO_PREDECESSOR / SEVERAL_PREDECESSORS: all
 * guardsOf() reads of the predecessor lists, kept as one typed array per walked CFG
 * rather than an array per node (those were ~30 MB kept alive on Linux fs/).
 */
function onlyPredecessors(cfg: Cfg): Int32Array {
  let only = onlyPredecessorOf.get(cfg);
  if (!only) {
    const made = new Int32Array(cfg.nodes.length).fill(NO_PREDECESSOR);
    for (let i = 0; i < cfg.nodes.length; i++) {
      const succ = cfg.nodes[i]?.succ ?? [];
      for (const x of succ) {
        if (x < 0 || x >= made.length) continue;
        made[x] = made[x] === NO_PREDECESSOR ? i : SEVERAL_PREDECESSORS;
      }
    }
    onlyPredecessorOf.set(cfg, made);
    only = made;
  }
  return only;
}

/** onCycle(), remembered per CFG and node (guardsOf asks about the same branches for every site below them). */
function inLoop(cfg: Cfg, node: number): boolean {
  let memo = loopMemo.get(cfg);
  if (!memo) {
    memo = new Map<number, boolean>();
    loopMemo.set(cfg, memo);
  }
  let hit = memo.get(node);
  if (hit === undefined) {
    hit = onCycle(cfg, node);
    memo.set(node, hit);
  }
  return hit;
}

const loopMemo = new WeakMap<Cfg, Map<number, boolean>>();

/** `*pp` as the variable pp was set to point at (`char **pp = &data;` → `data`); other texts unchanged. */
export function throughPointerToVariable(cfg: Cfg, text: string): string {
  let map = pointsToOf.get(cfg);
  if (!map) {
    map = pointersToVariables(cfg);
    pointsToOf.set(cfg, map);
  }
  if (map.size === 0) return text;
  const m = /^(?:\*\s*([A-Za-z_]\w*)|\(\s*\*\s*([A-Za-z_]\w*)\s*\))$/.exec(text);
  return map.get(m?.[1] ?? m?.[2] ?? '') ?? text;
}

const pointsToOf = new WeakMap<Cfg, Map<string, string>>();

/**
 * Pointers that are set once to the address of a variable and never changed
 * (`char **pp = &data;`): `*pp` is that variable, so a block stored through one such
 * pointer and read back through another stays the same tracked block.
 */
function pointersToVariables(cfg: Cfg): Map<string, string> {
  // Most functions set no pointer to an address: then nothing below can find one.
  if (!cfg.nodes.some((n) => n.kind === 'assign' && n.stmt.rhs.includes('&'))) return new Map();
  const writes = new Map<string, number>();
  const target = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of cfg.nodes) {
    if (n.kind === 'assign') {
      const lhs = stripCasts(n.stmt.lhs);
      if (!isIdent(lhs)) continue;
      writes.set(lhs, (writes.get(lhs) ?? 0) + 1);
      const rhs = stripCasts(n.stmt.rhs);
      if (rhs.startsWith('&') && isIdent(rhs.slice(1).trim())) target.set(lhs, rhs.slice(1).trim());
    } else if (n.kind === 'call') {
      const t = stripCasts(n.stmt.target);
      if (isIdent(t)) writes.set(t, (writes.get(t) ?? 0) + 1);
      for (const a of n.stmt.args) if (a.startsWith('&')) taken.add(stripCasts(a.slice(1)));
    }
  }
  const out = new Map<string, string>();
  for (const [p, x] of target) if (writes.get(p) === 1 && !taken.has(p) && p !== x) out.set(p, x);
  return out;
}

/** Counters for benchmarks: walks done and nodes visited. */
export const walkStats = { walks: 0, steps: 0, big: 0, ms: 0 };

/** Follows the tracked pointer through the CFG. */
export function trackPointer(cfg: Cfg, ctx: FunctionContext, req: TrackRequest, oracle: CallOracle): Fate {
  const outcomes: Outcome[] = [];
  const seen = new Set<string>();
  const addOutcome = (o: Outcome): void => {
    const key = `${o.kind}|${o.line}|${'reason' in o ? o.reason : ''}|${'key' in o ? o.key : ''}|${'freeSite' in o ? o.freeSite : ''}|${'callee' in o ? o.callee : ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    outcomes.push(o);
  };
  if (req.immediate) return { outcomes: [req.immediate], truncated: false };
  const started = performance.now();

  const texts = nodeTexts(cfg);
  /** isUnion() answers per variable name. */
  const unions = new Map<string, boolean>();
  /** flagNames(), computed on first use. */
  let flags: Set<string> | undefined;
  /** Per node, the keys of the states already followed from it. */
  const visited = new Map<number, string | Set<string>>();
  const trailSteps = trailStepsOf(cfg);
  // The worklist as two stacks (node, state) that the steps push onto directly: no object or array per step.
  const workNodes: number[] = [];
  const workStates: State[] = [];
  const startNode = cfg.nodes[req.start];
  // The null tests the allocation sits under are part of the state (its key), like any remembered condition.
  // (A walk on from a keeper's call starts with none: the guards were tested before the call, which may set what they test.)
  const init: State = { holders: [...new Set(req.holders)].sort(), nonNull: false, pending: '', conds: req.mode === 'site' && req.afterKeeper !== true ? guardsOf(cfg, req.start).filter(([c]) => !req.holders.some((h) => identifiersIn(c).includes(baseName(h)))) : [], lapped: false, trail: undefined, key: undefined };
  if (req.mode === 'site' && startNode) for (const n of startNode.succ) if (n >= 0) push(n, init);
  if (req.mode === 'param') push(req.start, init);

  // `v->items = realloc(v->items, n)` on a pointer this function did not allocate (a field, a
  // global, a parameter, `*pp`): when it fails, the block the pointer held is lost.
  const allocated = req.mode === 'site' && startNode?.kind === 'call' && req.afterKeeper !== true;
  const selfRealloc = allocated ? selfReallocOf(startNode.stmt) : '';
  // `if (fd < 0 || (p = malloc(n)) == NULL)`: the branch whose condition the allocation was lifted from.
  const allocCond = allocated ? conditionOf(req.start) : -1;
  // The one branch where an array slot's text names the block: the allocation's own condition, or the first test after it.
  const elementTest = req.element === undefined ? -1 : allocCond >= 0 ? allocCond : firstTestAfter(req.start, req.element.text);
  let steps = 0;
  let truncated = false;
  /** The node `step` is applying: `follow` continues from it (one closure per walk, not one per step). */
  let current: CfgNode | undefined;
  /** releasedHere()'s answer: what this function's frees and releases are given. */
  let releasedArgs: Set<string> | undefined;
  /** The expressions this function frees or releases (a free after a keeper can only be one of them). */
  function releasedHere(): Set<string> {
    if (releasedArgs) return releasedArgs;
    releasedArgs = new Set<string>();
    for (const k of cfg.calls) {
      const n = cfg.nodes[k];
      if (n?.kind !== 'call') continue;
      const rel = oracle.release(n.stmt, ctx);
      if (rel) releasedArgs.add(stripCasts(n.stmt.args[rel.arg] ?? ''));
    }
    return releasedArgs;
  }
  /** freedAfterKeeper() answers per call node and holders. */
  const afterKeeper = new Map<string, boolean>();
  /** pointsIntoHolder()'s base names of the values each local is given ('' for any other value). */
  const holderSources = new Map<string, string[]>();
  /** pointsIntoExisting() answers per local. */
  const existing = new Map<string, boolean>();
  /** `tmp = realloc(p, …)`: the realloc site per pending variable. */
  const reallocSites = new Map<string, string>();
  while (workNodes.length > 0) {
    const node = workNodes.pop();
    const state = workStates.pop();
    if (node === undefined || state === undefined) break;
    if (++steps > MAX_STEPS) {
      truncated = true;
      break;
    }
    // Most nodes see one state: its key alone, a set only from the second on.
    const seenHere = visited.get(node);
    const count = seenHere === undefined ? 0 : typeof seenHere === 'string' ? 1 : seenHere.size;
    let st = state;
    if (count >= MAX_STATES_PER_NODE && st.conds.length > 0) st = withState(st, { conds: [] });
    const key = stateKey(st);
    if (seenHere !== undefined && (typeof seenHere === 'string' ? seenHere === key : seenHere.has(key))) continue;
    if (count >= MAX_STATES_PER_NODE * 2) continue;
    if (seenHere === undefined) visited.set(node, key);
    else if (typeof seenHere === 'string') visited.set(node, new Set([seenHere, key]));
    else seenHere.add(key);
    const n = cfg.nodes[node];
    if (!n) continue;
    step(n, node, st);
  }
  walkStats.walks++;
  walkStats.steps += steps;
  if (steps > 1000) walkStats.big += steps;
  walkStats.ms += performance.now() - started;
  return { outcomes, truncated };

  /** Adds one work item. */
  function push(node: number, st: State): void {
    workNodes.push(node);
    workStates.push(st);
  }

  /** Continues from every successor of the current node with the same state. */
  function follow(st: State): Next {
    const succ = current?.succ ?? [];
    for (let i = 0; i < succ.length; i++) {
      const x = succ[i] ?? -1;
      if (x >= 0) push(x, st);
    }
    return DONE;
  }

  /** Applies one node to a state, pushing the successor work items (none when the path ended). */
  function step(n: CfgNode, id: number, s: State): Next {
    current = n;
    switch (n.kind) {
      case 'nop':
        return follow(s);
      case 'switch':
        return follow(s);
      case 'return':
        return onReturn(n.value, n.line, n.implicit, s);
      case 'assign':
        return onAssign(texts[id]?.lhs ?? n.stmt.lhs, texts[id]?.rhs ?? n.stmt.rhs, n.line, s, follow);
      case 'branch':
        return onBranch(n, id, s);
      case 'call':
        return onCall(n.stmt, id, s, follow);
    }
  }

  /** True for `x[]` where x is a pointer (`struct page **pages`), not an array of this function (`struct page *pages[4]`). */
  function slotOfPointedArray(holder: string): boolean {
    const base = holder.slice(0, -2);
    if (!isIdent(base)) return false;
    const type = ctx.locals[base] ?? ctx.paramTypes[base] ?? '';
    return isPointerType(type, ctx.types);
  }

  function throughPointer(path: string): boolean {
    const base = baseName(path);
    const type = ctx.locals[base] ?? ctx.paramTypes[base];
    if (type === undefined) return true;
    return isPointerType(type, ctx.types) || path.startsWith(base + '->') || !path.startsWith(base + '.');
  }

  /** Cheap test: does this call touch the tracked pointer at all (as an argument, its container, or its target)? */
  function involves(s: State, args: string[], target: string): boolean {
    if (target !== '' && (s.pending === target || s.holders.includes(target))) return true;
    for (const a of args) {
      if (a === '') continue;
      // The tests of `a` against each holder are written without building texts (`a + '[]'`,
      // `a.slice(1)`): this runs for every call node of every walk.
      const byAddress = a.charCodeAt(0) === 38; /* & */
      // `free(q - 1)` after `q = p + 1`: the offset's base is the holder.
      const offsetFrom = offsetBase(a);
      if (offsetFrom !== '' && s.holders.includes(offsetFrom)) return true;
      for (const h of s.holders) {
        if (h === a || isFieldOf(h, a) || isSlotsOf(h, a) || (h.endsWith('[]') && sharesStart(a, 0, h, h.length - 1))) return true;
        if (byAddress && ((a.length === h.length + 1 && a.endsWith(h)) || isFieldOfAt(a, 1, h) || isFieldOfPart(h, a, 1))) return true;
      }
    }
    for (const h of s.holders) if (target !== '' && isFieldOf(h, target)) return true;
    return false;
  }

  /** `&p->f`, `&p[i]` or `p ± n` for a local pointer p holding the block (not a field that holds it: that struct owns it). */
  function interiorOfHolder(s: State, expr: string): boolean {
    const base = interiorBase(expr);
    return base !== '' && isIdent(base) && s.holders.includes(base);
  }

  function isHolder(s: State, expr: string): boolean {
    if (s.holders.includes(expr)) return true;
    // The members of a union share one storage: `u.first = p; q = u.second;` reads p back.
    if (expr.indexOf('.') < 0 && expr.indexOf('->') < 0) return false;
    const m = /^([A-Za-z_]\w*)(\.|->)[A-Za-z_]\w*$/.exec(expr);
    if (!m?.[1] || !m[2]) return false;
    const prefix = m[1] + m[2];
    // The type lookup last: most expressions share no object with a holder.
    return s.holders.some((h) => h.startsWith(prefix) && isIdent(h.slice(prefix.length))) && isUnion(m[1]);
  }

  /** True when a variable's declared type is (a typedef of) a union or a pointer to one. */
  function isUnion(name: string): boolean {
    let known = unions.get(name);
    if (known === undefined) {
      known = false;
      let t = typeOfName(ctx, name) ?? '';
      for (let i = 0; i < 8 && t !== ''; i++) {
        if (/\bunion\b/.test(t)) {
          known = true;
          break;
        }
        if (/\bstruct\b/.test(t)) break;
        const word = /([A-Za-z_]\w*)\s*\**\s*$/.exec(t.replace(/\b(const|volatile)\b/g, '').trim())?.[1];
        t = word === undefined ? '' : (ctx.types.typedefs.get(word) ?? '');
      }
      unions.set(name, known);
    }
    return known;
  }

  /** True when the function picks the deallocator by testing the address (`if (is_vmalloc_addr(p)) vfree(p); else kfree(p);`). */
  function choosesByAddress(): boolean {
    return cfg.nodes.some((n) => n.kind === 'branch' && /\bis_vmalloc_addr\s*\(/.test(n.cond));
  }

  /** A release of a slot of the collection `x[]` somewhere in the function (`for (…) free(x[i]);`). */
  function collectionFree(holder: string): { id: string; api: string; line: number } | undefined {
    const base = holder.slice(0, -2);
    for (const idx of cfg.calls) {
      const n = cfg.nodes[idx];
      if (n?.kind !== 'call') continue;
      const rel = oracle.release(n.stmt, ctx);
      const a = rel ? (texts[idx]?.args[rel.arg] ?? '') : '';
      // Only a free inside a loop (`for (i…) free(a[i])`) stands for the whole collection; one outside a loop is on its own paths, which the walk follows.
      if (rel && !rel.realloc && a.startsWith(base + '[') && inLoop(cfg, idx)) return { id: oracle.siteId(n.stmt, rel.api), api: rel.api, line: n.line };
    }
    return undefined;
  }

  function lose(s: State, line: number, reason: LeakReason, detail: string): void {
    // Only a collection holds it and a loop frees that collection (before the return, or before the
    // array itself is freed): loops are taken to run.
    if ((reason === 'lost-at-return' || reason === 'struct-freed') && s.holders.length > 0 && s.holders.every((h) => h.endsWith('[]'))) {
      const f = collectionFree(s.holders[0] ?? '');
      if (f) {
        addOutcome({ kind: 'freed', line: f.line, freeSite: f.id, api: f.api, wrongFamily: !oracle.canRelease(f.api, req.family), trail: arr(s.trail) });
        return;
      }
    }
    // Still in a global at a return: it stays there for whoever releases the global.
    const global = reason === 'lost-at-return' ? s.holders.find((h) => classify(ctx, h).kind === 'global') : undefined;
    if (global !== undefined) {
      const g = classify(ctx, global);
      addOutcome({ kind: 'stored', line, where: 'global', key: g.key, text: g.text, trail: arr(s.trail) });
      return;
    }
    // Only path holders left (`s->buf` with s a local object): the pointer lives in that object.
    // A field or slot of an object reached through a local pointer (`s->filter[]`, `pages[]` with
    // `struct page **pages`) outlives the function; a field of a local struct value, or a slot of
    // a local array, dies with it.
    // (A call's text held a nested result only until the call it was passed to: `f(container_of(w, …))`;
    // a macro written as an lvalue, `SB_JOURNAL(sb) = p`, is a place.)
    const paths = s.holders.filter((h) => !isIdent(h) && !isNestedResult(h) && (!/\[\]$/.test(h) || h.includes('->') || slotOfPointedArray(h)) && throughPointer(h));
    if (paths.length > 0 && reason !== 'struct-freed') {
      const p = paths[0] ?? '';
      addOutcome({ kind: 'stored', line, where: 'linked', key: classify(ctx, p).key, text: p, trail: arr(s.trail) });
      return;
    }
    if (req.mode === 'param') {
      addOutcome({ kind: 'kept', line, trail: arr(s.trail) });
      return;
    }
    addOutcome({ kind: 'leak', line, reason, detail, trail: arr(s.trail) });
  }

  function onReturn(rawValue: string, line: number, implicit: boolean, s: State): Next {
    const value = stripCasts(rawValue);
    if (s.pending !== '') {
      // tmp = realloc(p) never tested: assume success, the block moved.
      addOutcome({ kind: 'freed', line, freeSite: reallocSites.get(s.pending) ?? s.pending, api: 'realloc', wrongFamily: false, trail: arr(s.trail) });
      return DONE;
    }
    // An interior pointer (`&obj->member`, `base + sizeof(hdr)`) returns the block with it.
    if (value !== '' && (isHolder(s, value) || interiorOfHolder(s, value))) {
      addOutcome(req.mode === 'param' ? { kind: 'kept', line, trail: arr(s.trail) } : { kind: 'returned', line, trail: arr(s.trail) });
      return DONE;
    }
    // `ret[0] = p; return ret;`: the returned array holds the block.
    if (value !== '' && isIdent(value) && s.holders.includes(value + '[]')) {
      addOutcome(req.mode === 'param' ? { kind: 'kept', line, trail: arr(s.trail) } : { kind: 'returned', line, trail: arr(s.trail) });
      return DONE;
    }
    const pathOf = s.holders.find((h) => value !== '' && isFieldOf(h, value));
    if (pathOf !== undefined) {
      addOutcome({ kind: 'stored', line, where: 'field', key: classify(ctx, pathOf).key, text: pathOf, trail: arr(s.trail) });
      return DONE;
    }
    if (req.mode === 'param' && s.holders.length === 0) {
      addOutcome({ kind: 'kept', line, trail: arr(s.trail) });
      return DONE;
    }
    lose(s, line, 'lost-at-return', implicit ? `reaches the end of ${ctx.name} at line ${line} without being freed` : `is still allocated at the return on line ${line}`);
    return DONE;
  }

  /** Where a value stored into `lhs` ends up: a new holder, or an outcome. */
  function storeInto(lhs: string, line: number, s: State, holderText: string): { holder?: string; outcome?: Outcome } {
    const st = classify(ctx, lhs);
    switch (st.kind) {
      case 'local': {
        const argument = macroArgumentKey(ctx, st.text);
        if (argument !== undefined) return { outcome: { kind: 'stored', line, where: 'outparam', key: argument, text: st.text, trail: arr(s.trail) } };
        return { holder: st.text };
      }
      case 'global':
        return { outcome: { kind: 'stored', line, where: 'global', key: st.key, text: st.text, trail: arr(s.trail) } };
      case 'deref':
        if (st.baseIsLocal && !st.baseIsParam) return { outcome: { kind: 'stored', line, where: 'linked', key: st.key, text: st.text, trail: arr(s.trail) } };
        return { outcome: { kind: 'stored', line, where: 'outparam', key: st.key, text: st.text, trail: arr(s.trail) } };
      case 'index':
      case 'field':
        if (st.baseIsLocal && !st.baseIsParam && !isHolder(s, st.base) && st.text.startsWith(`${st.base}->`) && pointsIntoHolder(st.base, s)) {
          // `entry = &cache->entry[i]; entry->cache = cache;`: a back pointer inside the block's own memory.
          return {};
        }
        if (st.baseIsLocal && !st.baseIsParam && !isHolder(s, st.base) && st.text.startsWith(`${st.base}->`) && pointsIntoExisting(st.base)) {
          // `fdt = files->fdt; fdt->fd[fd] = file;`: a local pointer to a structure that outlives the call.
          return { outcome: { kind: 'stored', line, where: 'field', key: st.key, text: st.text, trail: arr(s.trail) } };
        }
        if (st.baseIsLocal && !st.baseIsParam && !isHolder(s, st.base)) {
          // A field or slot of a local object: the pointer stays reachable through the local.
          return { holder: st.kind === 'index' ? slotHolder(st.text) : st.text };
        }
        if (isHolder(s, st.base)) {
          // Stored into itself (`p->self = p`): nothing changes.
          return {};
        }
        return { outcome: { kind: 'stored', line, where: 'field', key: st.key, text: st.text, trail: arr(s.trail) } };
      case 'other':
        return { outcome: { kind: 'stored', line, where: 'linked', key: st.key, text: st.text, trail: arr(s.trail) } };
    }
    void holderText;
  }

  /**
   * True when every value this function gives local pointer `base` is the address of a member
   * of the block, or of a slot of an array it points to (`entry = &cache->entry[i]`): memory
   * the block owns. A pointer loaded from the block (`fs_info = rc->fs_info`) is not: it
   * names a structure the block only refers to.
   */
  function pointsIntoHolder(base: string, s: State): boolean {
    let sources = holderSources.get(base);
    if (sources === undefined) {
      sources = [];
      for (const n of cfg.nodes) {
        if (n.kind === 'call' && stripCasts(n.stmt.target) === base) sources.push('');
        if (n.kind !== 'assign' || stripCasts(n.stmt.lhs) !== base) continue;
        const m = MEMBER_ADDRESS.exec(stripCasts(n.stmt.rhs));
        sources.push(m?.[1] ?? '');
      }
      holderSources.set(base, sources);
    }
    return sources.length > 0 && sources.every((b) => b !== '' && s.holders.includes(b));
  }

  /**
   * True when every value this function gives local pointer `base` is already somewhere else
   * (loaded from a field, a global, a slot or through a pointer, a parameter, the address of a
   * member of a structure that is not a local object, or returned by an outside function that
   * allocates nothing): storing into `base->f` stores into that structure.
   * A local never set, set from a local, or from a call that may allocate stays an object of its own.
   */
  function pointsIntoExisting(base: string): boolean {
    let hit = existing.get(base);
    if (hit !== undefined) return hit;
    let sets = 0;
    hit = cfg.nodes.every((n) => {
      if (n.kind === 'assign' && stripCasts(n.stmt.lhs) === base) {
        sets++;
        const rhs = stripCasts(n.stmt.rhs);
        if (ctx.params.includes(rhs)) return true;
        if (rhs.charCodeAt(0) === 38 /* & */) {
          // `s = &priv->slave_state[i]`: into a structure reached through a pointer or a global, not into a local object.
          const inner = classify(ctx, rhs.slice(1).trim());
          return inner.kind === 'global' || ((inner.kind === 'field' || inner.kind === 'index') && (inner.text.includes('->') || !inner.baseIsLocal || inner.baseIsParam));
        }
        const kind = classify(ctx, rhs).kind;
        return kind === 'field' || kind === 'index' || kind === 'global' || kind === 'deref';
      }
      if (n.kind === 'call' && stripCasts(n.stmt.target) === base) {
        sets++;
        return !n.stmt.indirect && oracle.mayAllocate?.(n.stmt, ctx) === false;
      }
      return true;
    });
    hit = hit && sets > 0;
    existing.set(base, hit);
    return hit;
  }

  /** Drops facts about conditions mentioning a reassigned variable. */
  function forget(s: State, name: string): [string, boolean][] {
    if (s.conds.length === 0) return s.conds;
    // The same array when no condition mentions the name (most assignments and calls), so
    // withoutConditionsOn can keep the state itself.
    if (!s.conds.some(([c]) => identifiersIn(c).includes(name))) return s.conds;
    return s.conds.filter(([c]) => !identifiersIn(c).includes(name));
  }

  /** The state without the remembered conditions that mention `name`: `s` itself when none does (its key stays worked out). */
  function withoutConditionsOn(s: State, name: string): State {
    const conds = forget(s, name);
    return conds === s.conds ? s : withState(s, { conds });
  }

  function overwrite(lhs: string, line: number, s: State, why: string): State | undefined {
    const lhsBase = classify(ctx, lhs);
    let holders = s.holders.filter((h) => h !== lhs);
    // Re-pointing a local object that held us in a field: the object keeps the pointer (a local
    // copy of it, `zone_info` after `device->zone_info = zone_info`, is one more view of the block,
    // not its owner). A global that also holds it still does (nswap's `worker_args->sock =
    // nswapc_io_sock` in a loop): the walk goes on with the global.
    const lostPaths = holders.filter((h) => !isIdent(h) && isFieldOf(h, lhs));
    if (lostPaths.length > 0 && holders.every((h) => lostPaths.includes(h) || (isIdent(h) && classify(ctx, h).kind === 'local'))) {
      const p = lostPaths[0] ?? '';
      addOutcome({ kind: 'stored', line, where: 'linked', key: classify(ctx, p).key, text: p, trail: arr(s.trail) });
      return undefined;
    }
    holders = holders.filter((h) => !lostPaths.includes(h));
    void lhsBase;
    if (holders.length === 0 && s.holders.length > 0) {
      if (req.mode === 'param') {
        addOutcome({ kind: 'kept', line, trail: arr(s.trail) });
        return undefined;
      }
      lose(s, line, 'overwritten', why);
      return undefined;
    }
    return withState(s, { holders, conds: forget(s, lhs) });
  }

  function onAssign(lhs: string, rhs: string, line: number, s: State, follow: (st: State) => Next): Next {
    if (lhs === rhs) return follow(s);
    // `q = p + 1`, `e = &p->x`: an interior pointer still reaches the block.
    const interior = !isHolder(s, rhs) && interiorOfHolder(s, rhs);
    if (interior || isHolder(s, rhs)) {
      const { holder, outcome } = storeInto(lhs, line, s, rhs);
      if (outcome) {
        // Stored elsewhere (`*desc = pages + n`), an interior pointer is a second view of a block p still holds.
        if (interior) return follow(s);
        addOutcome(outcome);
        return DONE;
      }
      if (holder === undefined) return follow(s);
      const holders = [...new Set([...s.holders.filter((h) => h !== holder), holder])].sort();
      return follow(withState(s, { holders, conds: forget(s, lhs) }));
    }
    if (s.pending === lhs) return follow(withState(s, { pending: '' }));
    // `*out = tmp` / `copy = tmp` with the block in tmp.buf: the copied struct carries it along.
    // (A copied pointer to a struct, `*out = obj` with the block in obj->buf, leaves it with obj's struct.)
    const carried = isIdent(rhs) && rhs in ctx.locals ? s.holders.filter((h) => h.startsWith(rhs + '.')) : [];
    if (carried.length > 0 && !isHolder(s, lhs) && !s.holders.some((h) => isFieldOf(h, lhs))) {
      const { holder, outcome } = storeInto(lhs, line, s, rhs);
      if (outcome) {
        addOutcome(outcome);
        return DONE;
      }
      if (holder !== undefined && isIdent(holder)) {
        const holders = [...new Set([...s.holders, ...carried.map((h) => holder + h.slice(rhs.length))])].sort();
        return follow(withState(s, { holders, conds: forget(s, lhs) }));
      }
    }
    if (isHolder(s, lhs) || s.holders.some((h) => isFieldOf(h, lhs))) {
      const why = isNullConstant(rhs) ? `is overwritten with NULL at line ${line} while still allocated` : `is overwritten at line ${line} (${lhs} = ${rhs}) while still allocated`;
      const next = overwrite(lhs, line, s, why);
      return next ? follow(next) : DONE;
    }
    // `owned = 1;` after the allocation: a later `if (owned)` is decided on this path.
    if (isIdent(lhs) && (rhs === '0' || rhs === '1') && flagNames().has(lhs)) {
      return follow(withState(s, { conds: [...forget(s, lhs), [lhs, rhs === '1'] as [string, boolean]].slice(-6) }));
    }
    if (s.conds.length > 0 && isIdent(lhs)) return follow(withoutConditionsOn(s, lhs));
    return follow(s);
  }

  /**
   * A test of a pointer whose nullness a remembered condition already fixes on this path
   * (`if (name == NULL) … else { p = strdup(name); … } … if (name) free(p);`).
   */
  function impliedByNullness(cond: string, s: State): [string, boolean] | undefined {
    if (s.conds.length === 0) return undefined;
    for (const [c, taken] of s.conds) {
      for (const v of identifiersIn(c)) {
        if (!cond.includes(v)) continue;
        const known = nullFacts(c, v)[taken ? 0 : 1];
        if (known === undefined) continue;
        const [t, f] = nullFacts(cond, v);
        if (f !== undefined && f !== known && t === known) return [cond, true];
        if (t !== undefined && t !== known && f === known) return [cond, false];
      }
    }
    return undefined;
  }

  /**
   * A comparison of the fresh block with another pointer, which cannot hold it
   * (`if (buf != stack_buf) kfree(buf);`, `buf = prealloc ? prealloc : kmalloc(…)`), as a
   * remembered condition. The other side must be a name or field path this function never
   * sets from an expression naming a holder (`lcb->lrh = hdr` could make them equal).
   * Where the allocation failed the two may both be NULL, but such a path holds no block:
   * leaving out its `==` side loses no leak.
   */
  function freshTest(cond: string, s: State): [string, boolean] | undefined {
    if (req.fresh !== true || s.holders.length === 0 || cond.indexOf('=') < 0) return undefined;
    const value = freshComparison(cond, (e) => s.holders.includes(e), (e) => isOtherPointer(e, s));
    return value === undefined ? undefined : [cond, value];
  }

  /**
   * A pointer that cannot hold the fresh block: a name or field path that is not a holder and
   * never set from one, or the address of one whose base is not a holder (`&bhs`, `&ni->file.run`;
   * `&p->head` with p a holder points into the block itself).
   */
  function isOtherPointer(e: string, s: State): boolean {
    if (e.charCodeAt(0) === 38 /* & */) {
      const inner = e.slice(1).trim();
      const base = baseName(inner);
      return POINTER_PATH.test(inner) && !s.holders.some((h) => baseName(h) === base) && !setFromHolder(base, s.holders);
    }
    return e !== s.pending && !s.holders.includes(e) && POINTER_PATH.test(e) && !isNullConstant(e) && !setFromHolder(e, s.holders);
  }

  /** True when some assignment or call result of this function sets `e` from an expression naming one of `holders`. */
  function setFromHolder(e: string, holders: string[]): boolean {
    const names = holders.map(baseName);
    return cfg.nodes.some((n) => {
      if (n.kind === 'assign') return stripCasts(n.stmt.lhs) === e && identifiersIn(n.stmt.rhs).some((v) => names.includes(v));
      if (n.kind === 'call') return stripCasts(n.stmt.target) === e && n.stmt.args.some((a) => identifiersIn(a).some((v) => names.includes(v)));
      return false;
    });
  }

  /** `if (owned)` / `if (!owned)` with the flag's value known on this path, as a remembered condition. */
  function flagTest(cond: string, s: State): [string, boolean] | undefined {
    if (s.conds.length === 0) return undefined;
    const flag = flagCondition(cond);
    const known = flag ? s.conds.find(([c]) => c === flag.name) : undefined;
    return known && flag ? [cond, flag.negated ? !known[1] : known[1]] : undefined;
  }

  /** Locals tested as a flag (`if (owned)`, `if (!owned)`) somewhere in the function. */
  function flagNames(): Set<string> {
    if (flags === undefined) {
      flags = new Set<string>();
      for (const n of cfg.nodes) {
        if (n.kind !== 'branch') continue;
        const flag = flagCondition(n.cond);
        if (flag && flag.name in ctx.locals) flags.add(flag.name);
      }
    }
    return flags;
  }

  function onBranch(n: Extract<CfgNode, { kind: 'branch' }>, id: number, s: State): Next {
    const remembered = s.conds.find(([c]) => c === n.cond) ?? flagTest(n.cond, s) ?? impliedByNullness(n.cond, s) ?? freshTest(n.cond, s);
    const errorHere = req.status !== undefined && n.cond.includes(req.status) ? errorSide(n.cond, req.status, req.statusMadeWhen === 'true') : undefined;
    // The side where the wrapper made nothing: its error side, or for an error message its success side.
    const failSide = errorHere !== undefined && req.statusMadeWhen === 'error' ? !errorHere : errorHere;
    // The same for both sides: worked out once per branch.
    const cond = id === elementTest && req.element && !s.lapped ? condThroughPointers(n.cond).split(req.element.text).join(req.element.holder) : condThroughPointers(n.cond);
    const tested = s.pending ? [...s.holders, s.pending] : s.holders;
    /** What taking a side teaches, as a remembered condition's key (null: nothing); worked out on first use, once for both sides. */
    let learned: { key: string; negated: boolean } | null | undefined;
    for (const taken of BOTH_SIDES) {
      const target = n.succ[taken ? 0 : 1];
      if (target === undefined || target < 0) continue;
      if (remembered && remembered[1] !== taken) continue;
      if (failSide === taken) {
        addOutcome({ kind: 'null', line: n.line, trail: arr(pushTrail(s.trail, trailStep(trailSteps, n, id, taken))) });
        continue;
      }
      let st: State = withState(s, { trail: pushTrail(s.trail, trailStep(trailSteps, n, id, taken)) });
      let ended = false;
      let mentions = false;
      for (const h of tested) {
        if (!cond.includes(h)) continue;
        const [t, f] = nullFacts(id === allocCond ? fromAllocation(cond, h) : cond, h);
        const fact = taken ? t : f;
        if (fact === undefined) continue;
        mentions = true;
        if (h === s.pending) {
          if (fact === 'null') st = withState(st, { pending: '' });
          else {
            addOutcome({ kind: 'freed', line: n.line, freeSite: reallocSites.get(s.pending) ?? s.pending, api: 'realloc', wrongFamily: false, trail: arr(st.trail) });
            ended = true;
          }
          continue;
        }
        if (fact === 'null') {
          if (s.nonNull) ended = true; // infeasible: already known non-null
          else {
            if (selfRealloc !== '' && h === selfRealloc && !exitsAt(target)) {
              addOutcome({ kind: 'leak', line: n.line, reason: 'realloc-lost', detail: `loses the block ${h} held before line ${startNode?.line ?? n.line} when the realloc fails (${h} = realloc(${h}, …) overwrites it with NULL)`, trail: arr(st.trail) });
            } else if (req.mode === 'site' || s.holders.length > 0) addOutcome({ kind: 'null', line: n.line, trail: arr(st.trail) });
            ended = true;
          }
        } else st = withState(st, { nonNull: true });
      }
      if (ended) continue;
      if (!mentions && !remembered && req.mode === 'site') {
        // A name tested for truth is remembered by the name, so `if (!ref)` later reads what `if (ref)` found (flagTest).
        if (learned === undefined) {
          const flag = flagCondition(n.cond);
          learned = flag && cfg.repeatedConds.has(flag.name) ? { key: flag.name, negated: flag.negated } : cfg.repeatedConds.has(n.cond) ? { key: n.cond, negated: false } : null;
        }
        if (learned) st = withState(st, { conds: [...st.conds, [learned.key, learned.negated ? !taken : taken] as [string, boolean]].slice(-6) });
      }
      push(target, st);
    }
    return DONE;
  }

  /**
   * The first branch after node `from` when only calls, assignments and no-ops come between
   * and none of them sets a name in `slot` (`pages[i] = alloc_page(…); if (!pages[i])`), else -1.
   */
  function firstTestAfter(from: number, slot: string): number {
    const names = identifiersIn(slot);
    let at = cfg.nodes[from]?.succ[0] ?? -1;
    for (let i = 0; i < 8 && at >= 0; i++) {
      const n = cfg.nodes[at];
      if (!n) return -1;
      if (n.kind === 'branch') return at;
      if (n.kind === 'assign' && names.includes(baseName(stripCasts(n.stmt.lhs)))) return -1;
      if (n.kind === 'call' && names.includes(baseName(stripCasts(n.stmt.target)))) return -1;
      if (n.kind !== 'call' && n.kind !== 'assign' && n.kind !== 'nop') return -1;
      if (n.succ.length !== 1) return -1;
      at = n.succ[0] ?? -1;
    }
    return -1;
  }

  /** The branch right after a call on the call's line (the `if`/`while` it was lifted from), else -1. */
  function conditionOf(call: number): number {
    let at = cfg.nodes[call]?.succ[0] ?? -1;
    for (let i = 0; i < 8 && at >= 0; i++) {
      const n = cfg.nodes[at];
      if (!n || n.line !== cfg.nodes[call]?.line) return -1;
      if (n.kind === 'branch') return at;
      if (n.kind !== 'call' && n.kind !== 'assign' && n.kind !== 'nop') return -1;
      at = n.succ[0] ?? -1;
    }
    return -1;
  }

  /**
   * The part of `a || b` / `a && b` from the operand holding the block on: the operands before
   * it short-circuit past the allocation, and then there is no block, as if it were NULL
   * (`fd == -1 || p == NULL` true, `x && p` false: no block to free).
   */
  function fromAllocation(cond: string, h: string): string {
    const c = unwrapCondition(cond);
    for (const op of ['||', '&&'] as const) {
      const parts = splitTop(c, op);
      if (parts.length < 2) continue;
      const k = parts.findIndex((p) => p.includes(h));
      return k > 0 ? parts.slice(k).join(` ${op} `) : cond;
    }
    return cond;
  }

  /** The pointer a call reallocates in place when this function did not allocate what it holds, else ``. */
  function selfReallocOf(call: CallStmt): string {
    const rel = oracle.release(call, ctx);
    if (!rel?.realloc) return '';
    const arg = stripCasts(call.args[rel.arg] ?? '');
    if (arg === '' || arg !== stripCasts(call.target)) return '';
    // A local's old block comes from this function: its own allocation site reports the realloc failure.
    if (isIdent(arg) && arg in ctx.locals && !ctx.params.includes(arg)) return '';
    // A by-value parameter: the caller still holds the old block when the realloc fails, unless the
    // new pointer is handed back (`s = realloc(s, n); … return s;`) and so replaces the caller's with NULL.
    if (isIdent(arg) && ctx.params.includes(arg) && !cfg.nodes.some((n) => n.kind === 'return' && stripCasts(n.value) === arg)) return '';
    return arg;
  }

  /** True when the path from `node` runs straight into a call that does not return (`exit`, `abort`). */
  function exitsAt(node: number): boolean {
    let at = node;
    for (let i = 0; i < 16 && at >= 0; i++) {
      const n = cfg.nodes[at];
      if (!n || n.kind === 'return' || n.kind === 'branch' || n.kind === 'switch') return false;
      if (n.kind === 'call' && oracle.noReturn(n.stmt)) return true;
      at = n.succ[0] ?? -1;
    }
    return false;
  }

  /** A condition with `*pp` written as the variable pp points at (`!*in` → `!data`). */
  function condThroughPointers(cond: string): string {
    const map = pointsToOf.get(cfg);
    if (!map || map.size === 0 || !cond.includes('*')) return cond;
    let out = cond;
    for (const [p, x] of map) out = out.replace(new RegExp(`\\(\\s*\\*\\s*${p}\\s*\\)|\\*\\s*${p}\\b`, 'g'), x);
    return out;
  }

  /** The branch right after a call tested in its condition: the successor on the callee's error side. */
  function failureSide(call: CallStmt, id: number, how: NonNullable<ArgEffect['onSuccessOnly']>, s: State): { node: number; step: TrailStep } | undefined {
    const negativeOnly = how === 'negative-result';
    const target = texts[id]?.target ?? stripCasts(call.target);
    const status = target === 'cond' ? `${call.callee}(${call.args.join(', ')})` : target;
    if (target !== 'cond' && (!isIdent(target) || !(target in ctx.locals))) return undefined;
    // The first test after the call (`err = f(p); if (err) …`), past statements that touch neither the status nor the block.
    let at = cfg.nodes[id]?.succ[0] ?? -1;
    for (let i = 0; i < 8 && at >= 0; i++) {
      const n = cfg.nodes[at];
      if (!n || n.kind === 'branch') break;
      if (n.kind !== 'nop' && n.kind !== 'call' && n.kind !== 'assign') return undefined;
      if (n.kind !== 'nop') {
        const t = texts[at];
        const words = n.kind === 'call' ? [t?.target ?? '', ...(t?.args ?? [])] : [t?.lhs ?? '', t?.rhs ?? ''];
        if (words.some((w) => w === status || w.includes(`&${status}`) || s.holders.some((h) => w.includes(h)))) return undefined;
      }
      at = n.succ[0] ?? -1;
    }
    const next = cfg.nodes[at];
    if (next?.kind !== 'branch') return undefined;
    const cond = unwrapCondition(next.cond);
    // An external's result may be a bool that is true on success: only explicit negative tests, or
    // a bare test of an int status variable (the kernel's `if (err)`).
    const intStatus = target !== 'cond' && /^(signed\s+)?(int|long|long\s+int|long\s+long|ssize_t|s32|s64|int32_t|int64_t)$/.test((ctx.locals[status] ?? '').trim());
    if (negativeOnly && !/(<\s*0|>=\s*0|[!=]=\s*-1)$/.test(cond) && !(intStatus && (cond === status || cond === `!${status}` || /[!=]=\s*0$/.test(cond)))) return undefined;
    let side: boolean | undefined;
    if (how === 'null-result') {
      const [t, f] = nullFacts(next.cond, status);
      side = t === 'null' ? true : f === 'null' ? false : undefined;
    } else side = errorSide(next.cond, status);
    const node = side === undefined ? -1 : (next.succ[side ? 0 : 1] ?? -1);
    return side === undefined || node < 0 ? undefined : { node, step: { line: next.line, cond: next.cond, taken: side } };
  }

  /** True when the call reallocates a pointer that holds the tracked block. */
  function reallocatesHolder(call: CallStmt, id: number, s: State): boolean {
    const rel = oracle.release(call, ctx);
    if (!rel?.realloc) return false;
    const arg = texts[id]?.args[rel.arg] ?? stripCasts(call.args[rel.arg] ?? '');
    const target = texts[id]?.target ?? stripCasts(call.target);
    return arg !== target && isHolder(s, arg);
  }

  /**
   * True when, after the call at node `id` hands the block to a keeper, this function still
   * frees it on every path that does not end the program (a walk from the call on, once per call and holders).
   */
  function freedAfterKeeper(id: number, s: State): boolean {
    if (req.mode !== 'site' || req.afterKeeper === true || !s.holders.some((h) => releasedHere().has(h))) return false;
    const memo = `${id}|${s.holders.join(',')}`;
    const known = afterKeeper.get(memo);
    if (known !== undefined) return known;
    const rest = trackPointer(cfg, ctx, { start: id, holders: s.holders, mode: 'site', family: req.family, afterKeeper: true }, oracle);
    const freed = !rest.truncated && rest.outcomes.some((o) => o.kind === 'freed') && rest.outcomes.every((o) => o.kind === 'freed' || o.kind === 'null' || o.kind === 'exit');
    afterKeeper.set(memo, freed);
    return freed;
  }

  /**
   * The callback another call of this function registered for the same member address
   * (`INIT_WORK(&p->work, fn)` for `queue_work(wq, &p->work)`), as what it does with the block.
   */
  function registeredCallback(member: string, at: number): ArgEffect | undefined {
    for (const k of cfg.calls) {
      const n = cfg.nodes[k];
      if (k === at || n?.kind !== 'call' || n.stmt.indirect || stripCasts(n.stmt.args[0] ?? '') !== member) continue;
      const eff = oracle.argEffect(n.stmt, 0, ctx);
      if (eff.how === 'callback-frees' || eff.how === 'callback-takes' || (eff.how === 'maybe-frees' && eff.via !== '')) return eff;
    }
    return undefined;
  }

  function onCall(call: CallStmt, id: number, s: State, follow: (st: State) => Next): Next {
    const target = texts[id]?.target ?? stripCasts(call.target);
    // The allocation itself, reached again in a loop: the previous block is overwritten, unless
    // it is a realloc of a pointer that holds the previous block (`tmp = realloc(buf, n); … buf = tmp;`
    // in a loop), which moves the block like any other realloc.
    if (req.mode === 'site' && id === req.start && !reallocatesHolder(call, id, s)) {
      // What the allocation writes: its result's target, or for an out-parameter allocator
      // (`asprintf(&all, …)` in a loop) the pointer it was first stored in.
      const written = req.overwritesOutParam === true ? (req.holders[0] ?? target) : target;
      // `index = addpoint(index, …)`: a wrapper given the block back grows, keeps or frees it and
      // returns it (zlib's zran), so the result carries the block on, as a realloc's does. A wrapper
      // that only reads what it is given (`s = xstrdup(s)`) makes a new block beside the old one.
      const passedBack = call.args.findIndex((a) => stripCasts(a) === written);
      if (passedBack >= 0 && isHolder(s, written) && oracle.argEffect(call, passedBack, ctx).effect !== 'borrows') return follow(s);
      const others = s.holders.filter((h) => h !== written);
      if (others.length === 0) {
        lose(s, call.line, 'loop', `is allocated again at line ${call.line} (in a loop) before the previous block is freed`);
        return DONE;
      }
      return follow(withState(s, req.element !== undefined && !s.lapped ? { holders: others, lapped: true } : { holders: others }));
    }
    if (oracle.noReturn(call)) {
      addOutcome({ kind: 'exit', line: call.line, callee: call.callee, trail: arr(s.trail) });
      return DONE;
    }
    const args = texts[id]?.args ?? call.args.map((a) => stripCasts(a));
    if (!involves(s, args, target)) {
      if (s.conds.length > 0 && isIdent(target)) return follow(withoutConditionsOn(s, target));
      return follow(s);
    }
    const rel = oracle.release(call, ctx);
    if (rel) {
      const raw = args[rel.arg] ?? '';
      // `free(arr[i])` releases what `arr[…] = p` stored.
      const slot = !isHolder(s, raw) && /\]$/.test(raw) && isHolder(s, slotHolder(raw)) ? slotHolder(raw) : raw;
      // `free(q - 1)` after `q = p + 1`: the offset pointer is the block's start again.
      const arg = !isHolder(s, slot) && isHolder(s, offsetBase(slot)) ? offsetBase(slot) : slot;
      if (isHolder(s, arg)) {
        const siteId = oracle.siteId(call, rel.api);
        if (!rel.realloc) {
          addOutcome({ kind: 'freed', line: call.line, freeSite: siteId, api: rel.api, wrongFamily: !oracle.canRelease(rel.api, req.family) && !choosesByAddress(), trail: arr(s.trail) });
          return DONE;
        }
        if (req.mode === 'site') {
          const others = s.holders.filter((h) => h !== target);
          if (target === arg && others.length === 0 && rel.neverNull !== true) {
            lose(s, call.line, 'realloc-lost', `is lost if ${rel.api} fails at line ${call.line}: ${target} = ${rel.api}(${arg}, …) overwrites the only pointer with NULL`);
            return DONE;
          }
          if (target !== arg) reallocSites.set(target, siteId);
          return follow(withState(s, { pending: target === arg ? '' : target, holders: others.length > 0 ? others : s.holders }));
        }
        addOutcome({ kind: 'freed', line: call.line, freeSite: siteId, api: rel.api, wrongFamily: false, trail: arr(s.trail) });
        return DONE;
      }
      // Freeing the object that holds us in a field or a slot (`free(v)` with the block in v[]), before us.
      const inFreed = s.holders.filter((h) => isFieldOf(h, arg) || (h.length === arg.length + 2 && h.startsWith(arg) && h.endsWith('[]')));
      const fieldFrees = inFreed.flatMap((h) => rel.fields?.get(h.slice(arg.length).replace(/^(->|\.)/, '')) ?? []);
      if (arg !== '' && inFreed.length > 0 && fieldFrees.length > 0 && !rel.realloc) {
        // The wrapper frees the field along with the struct.
        addOutcome({ kind: 'handed', line: call.line, callee: rel.api, param: rel.arg, how: 'frees', freeSites: fieldFrees, keys: [], via: '', trail: arr(s.trail) });
        return DONE;
      }
      // A wrapper that frees what the array holds along with it (`dlm_free_pagevec(vec, i)`).
      if (arg !== '' && inFreed.length > 0 && !rel.realloc && inFreed.every((h) => h.endsWith('[]')) && oracle.freesContents(call, rel.arg, ctx)) {
        addOutcome({ kind: 'handed', line: call.line, callee: rel.api, param: rel.arg, how: 'frees', freeSites: [], keys: [], via: '', trail: arr(s.trail) });
        return DONE;
      }
      if (arg !== '' && inFreed.length > 0 && !rel.realloc) {
        const rest = s.holders.filter((h) => !inFreed.includes(h));
        if (rest.length === 0) {
          if (req.mode === 'site') {
            lose(s, call.line, 'struct-freed', `is still held in ${inFreed[0] ?? ''} when ${arg} is freed at line ${call.line}`);
            return DONE;
          }
        } else s = withState(s, { holders: rest });
      }
    }
    // `cache = container_of(kref, struct cache, ref)` in a release callback, `e = list_entry(&p->node, …)`: the
    // container is the block the member pointer points into, so its local holds the block too.
    // Passed straight on (`__fput(container_of(work, struct file, f_u.fu_rcuhead))`), the call's text holds it.
    const nested = /\(#\d+\)$/.test(target);
    if (CONTAINER_OF.has(call.callee) && ((isIdent(target) && target in ctx.locals) || nested)) {
      const first = args[0] ?? '';
      const member = first.charCodeAt(0) === 38 /* & */ ? stripCasts(first.slice(1)) : '';
      if (isHolder(s, first) || (member !== '' && (isHolder(s, member) || s.holders.some((h) => isFieldOf(member, h))))) {
        const holder = nested ? `${call.callee}(${call.args.join(', ')})` : target;
        return follow(withState(s, { holders: [...new Set([...s.holders.filter((h) => h !== holder), holder])].sort() }));
      }
    }
    // Passed as an argument.
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? '';
      if (rel && i === rel.arg) continue;
      const byAddress = a.startsWith('&') ? stripCasts(a.slice(1)) : '';
      const direct = isHolder(s, a);
      // The struct or array that holds the pointer is passed on (`sink(myStruct)`, `sink(dataArray)`).
      if (!direct && byAddress === '' && s.holders.some((h) => h === a + '[]' || isFieldOf(h, a)) && !(rel && i === rel.arg)) {
        if (oracle.freesContents(call, i, ctx)) {
          addOutcome({ kind: 'handed', line: call.line, callee: call.callee, param: i, how: 'frees', freeSites: [], keys: [], via: '', trail: arr(s.trail) });
          return DONE;
        }
        // The container itself is kept (`dev_set_drvdata(dev, a)` with our block in a->buf): we go with it.
        const kept = oracle.argEffect(call, i, ctx);
        if (kept.effect === 'takes' && req.mode === 'site') {
          const inside = s.holders.find((h) => isFieldOf(h, a));
          const key = inside !== undefined ? classify(ctx, inside).key : '';
          addOutcome({ kind: 'handed', line: call.line, callee: kept.callee, param: i, how: kept.how, freeSites: [], keys: kept.how === 'external' || key === '' ? kept.keys : [key], via: kept.via, trail: arr(s.trail) });
          return DONE;
        }
        continue;
      }
      // `cleanup(&c)` with the block in the local struct's field c.a, which cleanup() frees.
      if (!direct && isIdent(byAddress)) {
        const fields = s.holders.filter((h) => h.startsWith(`${byAddress}.`) && isIdent(h.slice(byAddress.length + 1))).map((h) => h.slice(byAddress.length + 1));
        if (fields.length > 0) {
          const freed = oracle.fieldsFreed(call, i, ctx);
          if (fields.every((f) => freed.has(f))) {
            addOutcome({ kind: 'handed', line: call.line, callee: call.callee, param: i, how: 'frees', freeSites: fields.flatMap((f) => freed.get(f) ?? []), keys: [], via: '', trail: arr(s.trail) });
            return DONE;
          }
        }
      }
      const embedded = !direct && byAddress !== '' && s.holders.some((h) => isFieldOf(byAddress, h));
      if (!direct && !embedded && !(byAddress !== '' && isHolder(s, byAddress))) continue;
      if (embedded || byAddress !== '') {
        // `list_add(&p->node, head)` links the object in; `foo(&p)` may replace or free it;
        // `spin_lock_init(&p->lock)` only uses it.
        const eff = oracle.argEffect(call, i, ctx);
        if (eff.effect === 'borrows') {
          // `sink(&data)` where the sink frees `*dataPtr`.
          if (byAddress !== '' && isHolder(s, byAddress) && oracle.freesContents(call, i, ctx)) {
            addOutcome({ kind: 'handed', line: call.line, callee: call.callee, param: i, how: 'frees', freeSites: [], keys: [], via: '', trail: arr(s.trail) });
            return DONE;
          }
          const pooled = byAddress !== '' && isHolder(s, byAddress) ? oracle.returnsToPool(call, i, ctx) : undefined;
          if (pooled) {
            addOutcome({ kind: 'handed', line: call.line, callee: call.callee, param: i, how: 'frees', freeSites: pooled.freeSites, keys: [], via: '', trail: arr(s.trail), pool: pooled.pool });
            return DONE;
          }
          continue;
        }
        // `INIT_WORK(&p->work, fn)` with a callback that neither frees nor keeps p only sets up a
        // member; `queue_work(wq, &p->work)` is where p goes to fn (registered in this function).
        if (embedded && eff.how === 'callback-takes' && eff.keys.length === 0 && eff.registers === true) continue;
        const queued = embedded && eff.how === 'external' ? registeredCallback(`&${byAddress}`, id) : undefined;
        if (queued) {
          addOutcome({ kind: 'handed', line: call.line, callee: call.callee, param: i, how: queued.how, freeSites: queued.freeSites, keys: queued.keys, via: queued.via, trail: arr(s.trail) });
          return DONE;
        }
        addOutcome({ kind: 'handed', line: call.line, callee: eff.callee, param: i, how: eff.how, freeSites: eff.freeSites, keys: eff.keys, via: eff.via, trail: arr(s.trail) });
        return DONE;
      }
      const eff = oracle.argEffect(call, i, ctx);
      if (eff.effect === 'borrows' && direct && req.mode === 'site' && isCallText(a)) {
        // The result of an inner call (`strlen(make_copy(s))`) lives only in this argument.
        if (eff.readOnly !== true) {
          // Nothing known about the callee: it may keep the block, so it is assumed to.
          addOutcome({ kind: 'handed', line: call.line, callee: eff.callee, param: i, how: 'external', freeSites: [], keys: [], via: '', trail: arr(s.trail), assumed: true });
          return DONE;
        }
        const rest = withState(s, { holders: s.holders.filter((h) => h !== a) });
        // strcpy(), memcpy()… hand their first argument back as their result.
        if (i === 0 && RETURNS_FIRST_ARG.has(call.callee) && target !== '' && target !== 'cond') {
          if (target === 'return') {
            addOutcome({ kind: 'returned', line: call.line, trail: arr(s.trail) });
            return DONE;
          }
          const carried = /\(#\d+\)$/.test(target) ? { holder: `${call.callee}(${call.args.join(', ')})` } : storeInto(target, call.line, s, a);
          if (carried.outcome) {
            addOutcome(carried.outcome);
            return DONE;
          }
          if (carried.holder !== undefined) return follow(withState(rest, { holders: [...new Set([...rest.holders, carried.holder])].sort() }));
        }
        if (rest.holders.length === 0) {
          addOutcome({ kind: 'leak', line: call.line, reason: 'discarded', detail: `is passed at line ${call.line} straight to ${call.callee}(), which only reads it, and no pointer to it is kept`, trail: arr(s.trail) });
          return DONE;
        }
        s = rest;
        continue;
      }
      if (eff.effect === 'borrows') continue;
      // `p = f(p)` carries p on (a realloc, a lookup that may reuse it), unless f keeps p in a structure:
      // then the result is one more pointer to a block that structure holds (`ent = proc_register(dir, ent)`).
      if (target === a && req.mode === 'site' && eff.effect !== 'frees' && !(eff.effect === 'takes' && eff.keys.length > 0)) continue;
      // A global keeps its reference when the callee keeps a copy: the global stays the owner.
      if (eff.effect !== 'frees' && classify(ctx, a).kind === 'global') continue;
      // `send_cmd(priv, buf); kfree(buf);`: a keeper the caller frees after, on every path, only borrowed it.
      if (eff.effect === 'takes' && freedAfterKeeper(id, s)) continue;
      const failed = eff.onSuccessOnly !== undefined && req.mode === 'site' && (target === 'cond' || isIdent(target)) ? failureSide(call, id, eff.onSuccessOnly, s) : undefined;
      addOutcome({ kind: 'handed', line: call.line, callee: eff.callee, param: i, how: eff.how, freeSites: eff.freeSites, keys: eff.keys, via: eff.via, trail: arr(s.trail) });
      // `if (list_add(l, p) < 0) return -1;`: the callee keeps p only when it succeeds.
      if (failed) push(failed.node, withState(s, { trail: pushTrail(s.trail, failed.step) }));
      return DONE;
    }
    // The call's result overwrites a holder.
    if (target !== '' && target !== 'cond' && target !== 'return' && !/\(#\d+\)$/.test(target)) {
      // p = f(p, …), p = f(…, &p, …) (`path = ext4_find_extent(inode, blk, &path, 0)`, which may free or reuse *p): the result carries it on.
      if ((args.includes(target) || args.includes(`&${target}`)) && isHolder(s, target)) return follow(s);
      if (s.pending === target) return follow(withState(s, { pending: '' }));
      if (isHolder(s, target) || s.holders.some((h) => isFieldOf(h, target))) {
        const next = overwrite(target, call.line, s, `is overwritten at line ${call.line} by the result of ${call.callee}() while still allocated`);
        return next ? follow(next) : DONE;
      }
      if (s.conds.length > 0 && isIdent(target)) return follow(withoutConditionsOn(s, target));
    }
    return follow(s);
  }
}

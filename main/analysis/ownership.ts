/**
 * Interprocedural ownership: per-parameter summaries (does a function free, keep or
 * just borrow what it is given), derived wrappers found to a fixed point (functions
 * that return a fresh allocation, or free a parameter on every path), and the fate
 * of every allocation site — built-in allocators and calls to derived ones alike.
 *
 * Summaries are computed callees first (post-order over the call graph) and
 * re-computed for callers when a callee's summary changes, with a cap on rounds so
 * recursion cannot loop; wrapper discovery repeats until no new wrapper appears
 * (also capped).
 */
import type { Site } from '../../preload/model';
import type { CallStmt } from '../index/facts';
import { accessOf } from './access-macros';
import { abortsOnFailure, type AllocatorEntry, type AllocatorTable } from './allocators';
import { CallIndex } from './call-index';
import { ancestors, onCycle, type Cfg } from './cfg';
import { constantCondition, identifiersIn, isIdent, isNullConstant, nullFacts, slotHolder, stripCasts, unwrapCondition } from './expr';
import { isCallText, throughPointerToVariable, trackPointer, type ArgEffect, type CallOracle, type Fate, type Outcome, type PoolRelease } from './fate';
import type { AnalysedFunction, ProgramFacts } from './program-facts';
import { classify, macroArgumentKey, type FunctionContext } from './storage';

/** What a function does with one parameter. */
export interface ParamSummary {
  effect: 'frees' | 'takes' | 'maybe-frees' | 'borrows';
  /** Free sites releasing it (directly or further down). */
  freeSites: string[];
  /** Storage keys it is stored into (for `takes`). */
  keys: string[];
  /** Family of the deallocator when it frees. */
  family: string;
  /** For `takes`: every path that does not keep it returns a negative error (`-1`, `-ENOMEM`) or a NULL/false one. */
  onSuccessOnly?: 'error-result' | 'null-result';
}

/** A function found to allocate or free on behalf of its callers. */
export interface DerivedWrapper {
  fn: string;
  name: string;
  kind: 'alloc' | 'free';
  family: string;
  /** alloc: -1 for the returned value, i for an out-parameter; free: the parameter index. */
  arg: number;
  /** Why, in words, with the sites that make it one. */
  evidence: string;
  sites: string[];
  /** `derived`, or `config` when the project config confirmed it. */
  origin: 'derived' | 'config';
}

/** An allocation site with where its pointer ends up. */
export interface AllocInfo {
  site: Site;
  fn: string;
  node: number;
  fate: Fate;
  managed: boolean;
  /** For derived sites: the wrapper called. */
  wrapper?: string;
}

/** A free site with the storage keys it releases. */
export interface FreeInfo {
  site: Site;
  fn: string;
  node: number;
  /** The freed expression, normalised. */
  arg: string;
  /** Keys released: the argument's own key and, for a local, where its value came from. */
  keys: string[];
  wrapper?: string;
}

/**
 * A put or release call that is not a free site (`fput(bprm->file)`, `kobject_put(obj)`): it
 * drops a reference, and the object goes when the last one does. A field or global it is
 * given is released there, as a free of that key would.
 */
export interface ReleaseCall {
  fn: string;
  line: number;
  callee: string;
  /** The released expression, normalised. */
  arg: string;
  /** Field and global keys released: the argument's own, or where a local argument came from. */
  keys: string[];
}

/**
 * Outside functions trusted to release the field or global they are given, by name: a put,
 * unref, free, release or destroy, not the wider RELEASERS (`file_end_write(nf->nf_file)` ends
 * a write, `nla_put_u32(msg->skb, …)` writes into the skb, `d_drop()` only unhashes).
 */
const OUTSIDE_RELEASERS = /(^|_)(put|unref|release|free|destroy|dispose|deinit|uninit|unload)$|(^|_)(free|release|destroy)_[a-z]+$|^(put|free|release|destroy|unref|unregister)_|^(fput|dput|iput|mntput|fdput|putname)$/;

/** A put or release named for dropping its first argument: the word ends the name (`kobject_put`, `filp_close`). */
const PUT_OF_FIRST = /(^|_)(put|release|close|unref|destroy|free)$|^(fput|dput|iput|mntput|fdput|putname)$/;

/** Out-parameter allocators whose buffer must be freed even when they report failure. */
const ALLOCATES_ON_FAILURE = new Set(['getline', 'getdelim', '__getdelim']);

/** Names that never return. */
const NO_FIELDS: ReadonlyMap<string, string[]> = new Map();

const NO_RETURN = new Set(['exit', '_exit', '_Exit', 'abort', 'panic', 'BUG', 'do_exit', 'kthread_exit', 'err', 'errx', 'verr', 'verrx', '__builtin_unreachable', 'longjmp', 'siglongjmp', '__assert_fail', 'quick_exit', 'pthread_exit', 'g_error', 'complete_and_exit', 'kthread_complete_and_exit', 'usage', 'die', 'fatal', 'fatal_error']);

/** External functions that only read a pointer they are given. */
const BORROWERS = /^(mem(set|cpy|move|cmp|chr)|str(n?cpy|n?cat|n?cmp|len|nlen|chr|rchr|str|tok|dup|ndup|spn|cspn|lcpy|lcat|scpy|casecmp|ncasecmp)|wcs\w*|s?n?printf|v?s?n?printf|f?puts|f?printf|fwrite|fread|fgets|read|write|pread|pwrite|send|recv|sendto|recvfrom|sscanf|fscanf|scanf|atoi|atol|strto\w+|printk|pr_\w+|dev_(err|warn|info|dbg|notice)|seq_\w+|copy_(from|to)_user|__copy_\w+|get_user|put_user|print\w*|puts|perror|assert|BUG_ON|WARN_ON\w*|IS_ERR\w*|PTR_ERR\w*|ERR_PTR|likely|unlikely|sizeof|spin_\w+|mutex_\w+|read_\w*lock\w*|write_\w*lock\w*|rcu_\w+|atomic_\w+|memzero_explicit|bzero|explicit_bzero|qsort|bsearch|crc\w*|hash\w*|htonl|htons|ntohl|ntohs|ioctl|fstat|stat|lstat|open|fopen|access|bitmap_\w+|test_bit|set_bit|clear_bit|sg_init_one|sg_set_buf|init_waitqueue_head|INIT_LIST_HEAD|kref_init|dump_\w+|hexdump\w*|print_hex_dump\w*|get_random_bytes|sema_init|down\w*|up|complete\w*|wait_for_completion\w*|del_timer\w*|mod_timer|setup_timer|timer_setup|memcpy_\w+|scnprintf|snprintf|vsnprintf|kstrto\w+|simple_strto\w+)$/;
/** Checks that stop the program when their argument has the value given (`assert(x)` when x is false, `BUG_ON(x)` when true). */
const ASSERTIONS = new Map([
  ['assert', false],
  ['g_assert', false],
  ['ASSERT', false],
  ['BUG_ON', true],
]);

/**
 * `assert(0)`, `assert(!"unreachable")`, `assert(0 && "bad type")`, `BUG_ON(1)`: a check that always
 * fails, which the author wrote where control cannot arrive, so a path through it ends there (clang
 * sees the `__assert_fail` it expands to, which does not return).
 */
function failsAlways(call: CallStmt): boolean {
  const fires = ASSERTIONS.get(call.callee);
  if (fires === undefined || call.args.length !== 1) return false;
  const arg = unwrapCondition(call.args[0] ?? '');
  const value = constantCondition(arg) ?? (/^!\s*"/.test(arg) || /^(0|false)\s*&&/.test(arg) ? false : undefined);
  return value === fires;
}

/** External (or reference-counted) functions whose names say they release what they are given (and the kernel's unprefixed puts). */
const RELEASERS = /(^|_)(put|release|free|destroy|unref|drop|delete|dispose|deinit|uninit|unload|end|commit|close|finish)(_[a-z]+)?$|^(put|release|free|destroy|unref|drop|delete|dispose|unregister|end|close)_|^(fput|dput|iput|mntput|fdput|putname)$/;

/** External functions that keep (take ownership of) a pointer they are given. */
const KEEPERS = /(^|_)(add|insert|push|append|prepend|enqueue|queue|register|attach|set_drvdata|set_data|set_priv|store|put_data|link|hash_add|list_add\w*|list_move\w*|submit|post|schedule|kthread_run|kthread_create|thread_create|g_thread_new|g_idle_add|g_timeout_add|rb_insert\w*|idr_alloc\w*|xa_store|xa_insert|radix_tree_insert|hlist_add\w*|rcu_assign_pointer|WRITE_ONCE|xchg|cmpxchg|swap|setspecific|set_specific|g_hash_table_\w+|g_list_\w+|g_slist_\w+|g_ptr_array_add|g_queue_push\w*|g_object_set_data\w*|call_rcu|kfree_rcu|async_schedule\w*|queue_work|schedule_work|init_work|INIT_WORK|INIT_DELAYED_WORK|atexit|on_exit|setbuf|setvbuf|putenv)($|_)/;

/**
 * The insertions of the common container macro sets: BSD <sys/queue.h> and <sys/tree.h>
 * (`TAILQ_INSERT_TAIL`, `LIST_INSERT_HEAD`, `RB_INSERT`), uthash (`HASH_ADD_STR`) and utlist
 * (`DL_APPEND`). Listed by name: capitalised words like `_ADD` also name counters
 * (`XFS_BTREE_STATS_ADD(cur, …)` keeps nothing).
 */
const CONTAINER_INSERTS = /^((SLIST|LIST|SIMPLEQ|XSIMPLEQ|STAILQ|TAILQ|CIRCLEQ)_INSERT_\w+|(RB|SPLAY)_INSERT|HASH_(ADD|REPLACE)\w*|(CDL|DL|LL)_(APPEND|PREPEND|PUSH|INSERT)\w*)$/;

/** A name that says it keeps what it is given: KEEPERS, or a container macro's insertion. */
function keeperName(name: string): boolean {
  return KEEPERS.test(name) || CONTAINER_INSERTS.test(name);
}

/** Calls that use a comparison callback on a block without handing the block to it (see argEffect). */
const WITH_COMPARATOR = /^(sort|sort_r|qsort|qsort_r|bsearch|list_sort|lfind|tfind)$/;

/** Families of allocation/free: derived entries keep their underlying family. */
export interface Ownership {
  params: Map<string, ParamSummary[]>;
  wrappers: DerivedWrapper[];
  allocs: AllocInfo[];
  frees: FreeInfo[];
  /** Site id → alloc info. */
  allocById: Map<string, AllocInfo>;
  freeById: Map<string, FreeInfo>;
  /** Derived allocation sites per wrapper function id. */
  wrapperSites: Map<string, AllocInfo[]>;
  /** A function's parameter summaries, computed on first use. */
  summaryFor(id: string): ParamSummary[] | undefined;
  /** One parameter's summary, computed on first use (undefined for an unknown function or index). */
  paramSummaryOf(id: string, index: number): ParamSummary | undefined;
  /** Puts and releases of fields and globals that are not free sites, in scan order. */
  releases: ReleaseCall[];
}

/** Project decisions about wrappers (from `.leakscope/config.json`'s `wrappers`). */
export interface WrapperConfig {
  allocators: string[];
  deallocators: string[];
  deny: string[];
}

const MAX_WRAPPER_ROUNDS = 6;

/** Computes summaries, wrappers and fates for the whole program. */
export function analyseOwnership(pf: ProgramFacts, wrapperConfig: WrapperConfig = { allocators: [], deallocators: [], deny: [] }): Ownership {
  const table: AllocatorTable = pf.program.table;
  /** Every call, numbered in scan order: the scans below read the calls of a few names each. */
  const index = new CallIndex(pf.functions.values());
  const hooks = deallocatorHooks(pf, table, index);
  /** The table's entry for a call: by its name, or for a call through a hook field, the function the field holds. */
  const entryOf = (call: CallStmt): AllocatorEntry | undefined => (call.indirect ? hooks.get(call.callee) : table.get(call.callee));
  const params = new Map<string, ParamSummary[]>();
  const deny = new Set(wrapperConfig.deny);
  const derivedAlloc = new Map<string, DerivedWrapper>();
  const derivedFree = new Map<string, DerivedWrapper>();
  const siteIds = new Map<string, number>();
  const computedIds = new Map<string, string>();

  const resolved = new Map<CallStmt, string | null>();
  const fnPointers = new Map<string, Map<string, string>>();
  /** Local function pointers set once from a function name (`void (*fp)(char *) = sink;`). */
  const pointerTargets = (ctx: FunctionContext): Map<string, string> => {
    let m = fnPointers.get(ctx.id);
    if (m) return m;
    m = new Map();
    fnPointers.set(ctx.id, m);
    const fn = pf.functions.get(ctx.id);
    const seen = new Map<string, Set<string>>();
    fn?.forEachStmt((n) => {
      if (n.k !== 'assign' || !isIdent(n.lhs) || !(n.lhs in ctx.locals)) return;
      const rhs = stripCasts(n.rhs).replace(/^&/, '');
      const id = isIdent(rhs) ? pf.program.resolve(rhs, ctx.file) : undefined;
      const set = seen.get(n.lhs) ?? new Set<string>();
      set.add(id !== undefined && pf.functions.has(id) ? id : '?');
      seen.set(n.lhs, set);
    });
    for (const [name, ids] of seen) if (ids.size === 1 && !ids.has('?')) m.set(name, [...ids][0] ?? '');
    return m;
  };
  const resolveCall = (call: CallStmt, ctx: FunctionContext): string | undefined => {
    let id = resolved.get(call);
    if (id === undefined) {
      if (call.indirect) id = isIdent(call.callee) ? (pointerTargets(ctx).get(call.callee) ?? null) : null;
      else id = isIdent(call.callee) ? (pf.program.resolve(call.callee, ctx.file) ?? null) : null;
      resolved.set(call, id);
    }
    return id ?? undefined;
  };
  const contentsCache = new Map<string, boolean>();
  /** Does the function free something it reads out of parameter `index` (`data = arr[2]; free(data);`)? */
  const freesContentsOf = (fnId: string, index: number): boolean => {
    const key = `${fnId}#${index}`;
    const hit = contentsCache.get(key);
    if (hit !== undefined) return hit;
    contentsCache.set(key, false);
    const fn = pf.functions.get(fnId);
    const p = fn?.ctx.params[index];
    if (!fn || p === undefined || p === '') return false;
    // The parameter under other names first (`T **dataPtr = (T **)dataVoidPtr;`).
    const bases = new Set([p]);
    // In the CFG's node order without building the CFG (an alias of an alias is seen after it).
    fn.forEachStmt((n) => {
      if (n.k === 'assign' && isIdent(n.lhs) && bases.has(stripCasts(n.rhs))) bases.add(n.lhs);
    });
    const insideOf = (e: string, b: string): boolean => e.startsWith(`${b}[`) || e.startsWith(`${b}.`) || e.startsWith(`${b}->`) || e === `*${b}` || e === `(*${b})`;
    const inside = (e: string): boolean => [...bases].some((b) => insideOf(e, b));
    const aliases = new Set<string>();
    fn.forEachStmt((n) => {
      if (n.k === 'assign' && isIdent(n.lhs) && inside(stripCasts(n.rhs))) aliases.add(n.lhs);
    });
    const o = oracleFor(fn.ctx);
    let frees = false;
    for (const call of fn.calls) {
      const rel = o.release(call, fn.ctx);
      const arg = rel ? stripCasts(call.args[rel.arg] ?? '') : '';
      if (rel && (aliases.has(arg) || inside(arg))) frees = true;
    }
    contentsCache.set(key, frees);
    return frees;
  };

  const poolCache = new Map<string, PoolRelease | null>();
  /**
   * A release given the caller's pointer by address that puts the block back on a free list
   * (bc's `bc_free_num(&num)`: drop a reference, and on the last one free `(*num)->n_ptr` and
   * push `*num` onto `_bc_Free_list`). Only a function named as a release counts: one that
   * files `*p` in a list under another name is keeping it, not releasing it.
   */
  const returnsToPoolOf = (fnId: string, index: number): PoolRelease | undefined => {
    const key = `${fnId}#${index}`;
    const hit = poolCache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    poolCache.set(key, null);
    const fn = pf.functions.get(fnId);
    const p = fn?.ctx.params[index];
    if (!fn || p === undefined || p === '' || !RELEASERS.test(fn.node.name)) return undefined;
    // The block is `*p`, or a local loaded from it (`bc_num n = *num;`).
    const block = new Set([`*${p}`, `(*${p})`]);
    fn.forEachStmt((n) => {
      if (n.k === 'assign' && isIdent(n.lhs) && block.has(stripCasts(n.rhs))) block.add(n.lhs);
    });
    const partOf = (e: string): boolean => [...block].some((b) => e.startsWith(`${b}->`) || e.startsWith(`(${b})->`) || e.startsWith(`${b}.`));
    let pool = '';
    fn.forEachStmt((n) => {
      if (pool !== '' || n.k !== 'assign' || !block.has(stripCasts(n.rhs))) return;
      const into = classify(fn.ctx, n.lhs);
      if (into.kind === 'global' || (into.kind === 'field' && !block.has(into.base))) pool = into.text;
    });
    if (pool === '') return undefined;
    const o = oracleFor(fn.ctx);
    const freeSites: string[] = [];
    for (const call of fn.calls) {
      const rel = o.release(call, fn.ctx);
      if (rel && partOf(stripCasts(call.args[rel.arg] ?? ''))) freeSites.push(siteIdFor(fn.ctx, call, rel.api));
    }
    const out = { freeSites, pool };
    poolCache.set(key, out);
    return out;
  };

  const siteIdFor = (ctx: FunctionContext, call: CallStmt, api: string): string => {
    const known = pf.program.siteAt(ctx.file, call.line, call.col);
    if (known && known.api === api) return known.id;
    const k = `${ctx.file}:${call.line}:${call.col}:${api}`;
    const cached = computedIds.get(k);
    if (cached !== undefined) return cached;
    const base = `${ctx.file}:${call.line}:${api}`;
    const n = (siteIds.get(base) ?? 0) + 1;
    siteIds.set(base, n);
    const id = n === 1 ? base : `${base}#${n}`;
    computedIds.set(k, id);
    return id;
  };

  let summaryFor: (id: string) => ParamSummary[] | undefined = () => undefined;
  let derivedFreeOf: (id: string) => DerivedWrapper | undefined = () => undefined;
  const fieldCache = new Map<string, Map<string, string[]>>();
  /** Fields of parameter `index` that a function frees (`kfree(sock->addr)` → addr). */
  const fieldsFreedBy = (fnId: string, index: number): Map<string, string[]> => {
    const key = `${fnId}#${index}`;
    const cached = fieldCache.get(key);
    if (cached) return cached;
    const out = new Map<string, string[]>();
    fieldCache.set(key, out);
    const fn = pf.functions.get(fnId);
    const p = fn?.ctx.params[index];
    if (!fn || p === undefined || p === '') return out;
    const names = new Set([p]);
    fn.forEachStmt((n) => {
      if (n.k === 'assign' && isIdent(stripCasts(n.lhs)) && names.has(stripCasts(n.rhs))) names.add(stripCasts(n.lhs));
    });
    for (const call of fn.calls) {
      const entry = entryOf(call);
      // A deallocator of the table, or a project function that frees its parameter
      // (`LZ4F_free(cdict->dictContent, cdict->cmem)` in LZ4F_freeCDict()).
      const callee = entry ? undefined : resolveCall(call, fn.ctx);
      const derived = callee !== undefined && callee !== fnId ? derivedFreeOf(callee) : undefined;
      const freed = entry?.kind === 'free' ? entry.arg : derived ? derived.arg : -1;
      if (freed < 0) continue;
      const arg = stripCasts(call.args[freed] ?? '');
      const m = /^([A-Za-z_]\w*)(?:->|\.)([A-Za-z_]\w*)$/.exec(arg);
      if (!m?.[1] || !m[2] || !names.has(m[1])) continue;
      const list = out.get(m[2]) ?? [];
      list.push(siteIdFor(fn.ctx, call, entry ? entry.name : call.callee));
      out.set(m[2], list);
    }
    return out;
  };

  /**
   * A project function that passes parameter `index` to a call through another of its
   * parameters (`run_later(fn, arg) { fn(arg); }`): what happens to the block is decided by
   * the function this call site passes for that parameter (`run_later(done_frees, p)`).
   */
  const throughCallbackParam = (id: string, index: number, call: CallStmt, ctx: FunctionContext): ArgEffect | undefined => {
    const fn = pf.functions.get(id);
    const p = fn?.ctx.params[index];
    if (!fn || p === undefined || p === '') return undefined;
    for (const stmt of fn.calls) {
      if (!stmt.indirect) continue;
      const j = fn.ctx.params.indexOf(stmt.callee.replace(/^\(\*?\s*(\w+)\)$/, '$1'));
      const k = stmt.args.findIndex((a) => stripCasts(a) === p);
      if (j < 0 || j === index || k < 0) continue;
      const name = stripCasts(call.args[j] ?? '').replace(/^&/, '');
      if (!isIdent(name) || ctx.params.includes(name) || name in ctx.locals) continue;
      const cb = pf.program.resolve(name, ctx.file);
      if (cb === undefined || pf.functions.get(cb)?.node.kind !== 'function') continue;
      const sum = summaryFor(cb)?.[k];
      if (sum?.effect === 'frees') return { effect: 'frees', callee: id, freeSites: sum.freeSites, keys: [], via: cb, how: 'callback-frees' };
      if (sum?.effect === 'takes') return { effect: 'takes', callee: id, freeSites: [], keys: sum.keys, via: cb, how: 'callback-takes' };
      if (sum?.effect === 'maybe-frees') return { effect: 'maybe-frees', callee: id, freeSites: sum.freeSites, keys: [], via: cb, how: 'maybe-frees' };
    }
    return undefined;
  };

  /**
   * A project function every path of which ends in a call that does not return
   * (`static void die(const char *m) { perror(m); exit(1); }`): a call to it ends the path too.
   */
  const noReturnCache = new Map<string, boolean>();
  /**
   * Names of the functions that call exit()/abort() or, transitively, such a function by name:
   * the only ones worth walking to see whether they never return (computed once, by name).
   */
  let endsByName: Set<string> | undefined;
  const mayEndProgram = (): Set<string> => {
    if (endsByName) return endsByName;
    // The callers of the enders (no CFG needed: the calls by name), transitively: the least
    // set of names closed under "a function of that name calls a name in it".
    const names = new Set(NO_RETURN);
    const work = [...names];
    for (let name = work.pop(); name !== undefined; name = work.pop()) {
      for (const f of index.functionsCalling([name])) {
        const caller = f.node.name;
        if (f.node.kind !== 'function' || names.has(caller)) continue;
        names.add(caller);
        work.push(caller);
      }
    }
    endsByName = names;
    return names;
  };
  /** noReturn() answers by calling file, then name: walks ask about every call they pass. */
  const noReturnByFile = new Map<string, Map<string, boolean>>();
  /** True for a call (made in `file`, inside `caller`) to exit()/abort() or to another project function that never returns. */
  const callEnds = (call: CallStmt, file: string, caller: string): boolean => {
    if (NO_RETURN.has(call.callee) || failsAlways(call)) return true;
    // A name outside mayEndProgram() resolves to a function neverReturns() answers false for: no need to resolve it.
    if (call.indirect || !mayEndProgram().has(call.callee)) return false;
    const callee = pf.program.resolve(call.callee, file);
    return callee !== undefined && callee !== caller && neverReturns(callee);
  };
  const neverReturns = (id: string): boolean => {
    const hit = noReturnCache.get(id);
    if (hit !== undefined) return hit;
    if (!mayEndProgram().has(pf.functions.get(id)?.node.name ?? '')) return false;
    noReturnCache.set(id, false); // recursion reads as returning
    const fn = pf.functions.get(id);
    let ends = false;
    if (fn && fn.node.kind === 'function') {
      ends = true;
      const cfg = fn.cfgForOnce();
      const seen = new Set<number>();
      const stack = [cfg.entry];
      while (stack.length > 0 && ends) {
        const at = stack.pop();
        if (at === undefined || at < 0 || seen.has(at)) continue;
        seen.add(at);
        const n = cfg.nodes[at];
        if (!n) continue;
        if (n.kind === 'return') ends = false;
        else if (n.kind !== 'call' || !callEnds(n.stmt, fn.ctx.file, id)) stack.push(...n.succ);
      }
    }
    noReturnCache.set(id, ends);
    return ends;
  };

  const oracleFor = (fnCtx: FunctionContext): CallOracle => ({
    release(call, ctx) {
      const entry = entryOf(call);
      if (entry && entry.kind !== 'alloc') return { arg: entry.arg, api: entry.name, family: entry.family, realloc: entry.kind === 'realloc', ...(entry.kind === 'realloc' && abortsOnFailure(entry.name) ? { neverNull: true } : {}) };
      const id = resolveCall(call, ctx);
      if (id === undefined) return undefined;
      const w = derivedFreeOf(id);
      if (w) return { arg: w.arg, api: call.callee, family: w.family, realloc: false, fields: fieldsFreedBy(id, w.arg) };
      return undefined;
    },
    canRelease(api, family) {
      if (table.canRelease(api, family)) return true;
      // A derived deallocator may pick the right release for each family (jbd2_free, xattr_free): not judged.
      return !table.has(api);
    },
    argEffect(call, index, ctx): ArgEffect {
      const id = resolveCall(call, ctx);
      if (id !== undefined && pf.functions.has(id)) {
        let s = paramSummary(id, index);
        // A put/release that frees when the last reference goes: a release for the caller.
        if (s?.effect === 'maybe-frees' && RELEASERS.test(call.callee)) s = { ...s, effect: 'frees' };
        if (s?.effect === 'borrows') {
          const cb = throughCallbackParam(id, index, call, ctx);
          if (cb) return cb;
        }
        // A parameter the body never mentions cannot keep what it is given (`set_error(strdup(msg))`).
        const callee = pf.functions.get(id);
        // A container macro whose body cannot be read (`RB_INSERT(name, head, elm)` pastes tokens into a
        // function name) and that is named as an insertion keeps what it is given, as the outside ones do.
        if (s?.effect === 'borrows' && callee?.ctx.isMacro === true && keeperName(call.callee)) return { effect: 'takes', callee: call.callee, freeSites: [], keys: [], via: '', how: 'external' };
        const unused = s?.effect === 'borrows' && callee !== undefined && !callee.ctx.isMacro && !callee.usedNames.has(callee.ctx.params[index] ?? '');
        if (s) return { effect: s.effect, callee: id, freeSites: s.freeSites, keys: s.keys, via: '', how: s.effect === 'frees' ? 'frees' : s.effect === 'takes' ? 'takes' : 'maybe-frees', ...(s.onSuccessOnly ? { onSuccessOnly: s.onSuccessOnly } : {}), ...(unused ? { readOnly: true } : {}) };
        return { effect: 'borrows', callee: id, freeSites: [], keys: [], via: '', how: 'external' };
      }
      // A callback registered with the pointer: kernel_thread(fn, arg), pthread_create(&t, NULL, fn, arg).
      for (const a of call.args) {
        const name = stripCasts(a).replace(/^&/, '');
        if (!isIdent(name)) continue;
        const cb = pf.program.resolve(name, ctx.file);
        if (cb === undefined || !pf.functions.has(cb) || pf.functions.get(cb)?.node.kind !== 'function') continue;
        if (ctx.params.includes(name) || name in ctx.locals) continue;
        const sums = summaryFor(cb) ?? [];
        const frees = sums.find((s) => s.effect === 'frees');
        if (frees) return { effect: 'frees', callee: call.callee, freeSites: frees.freeSites, keys: [], via: cb, how: 'callback-frees' };
        const takes = sums.find((s) => s.effect === 'takes');
        // A put runs its callback now (`kref_put(&p->ref, release)`); any other call registers it for later.
        const registration = RELEASERS.test(call.callee) ? {} : { registers: true };
        if (takes) return { effect: 'takes', callee: call.callee, freeSites: [], keys: takes.keys, via: cb, how: 'callback-takes', ...registration };
        const maybe = sums.find((s) => s.effect === 'maybe-frees');
        if (maybe) return { effect: 'maybe-frees', callee: call.callee, freeSites: maybe.freeSites, keys: [], via: cb, how: 'maybe-frees' };
        // A callback that neither frees nor keeps what it gets: a thread or a work item still owns it (it is never
        // freed; INIT_WORK() is usually followed by queue_work(), which runs it), but sorting or searching the block
        // with a comparison function hands nothing over: the caller keeps the block.
        if (WITH_COMPARATOR.test(call.callee)) return { effect: 'borrows', callee: call.callee, freeSites: [], keys: [], via: '', how: 'external' };
        return { effect: 'takes', callee: call.callee, freeSites: [], keys: [], via: cb, how: 'callback-takes', ...registration };
      }
      if (call.indirect) return { effect: 'borrows', callee: call.callee, freeSites: [], keys: [], via: '', how: 'external' };
      // rcu_assign_pointer(), WRITE_ONCE()…: the assignment lowered after the call makes the store, so the call
      // keeps nothing; but a block made in the argument itself (`WRITE_ONCE(p->f, kmalloc(…))`) has no local for the
      // assignment to move, so it stays handed to the macro as before.
      if (accessOf(call) !== undefined) return { effect: 'borrows', callee: call.callee, freeSites: [], keys: [], via: '', how: 'external', readOnly: !isCallText(stripCasts(call.args[index] ?? '')) };
      // Only the table's readers are known to keep nothing: a project function's `borrows` summary can miss a release
      // (do_symlinkat() → putname()), and a name in both tables (rcu_assign_pointer) keeps what it is given.
      if (BORROWERS.test(call.callee)) return { effect: 'borrows', callee: call.callee, freeSites: [], keys: [], via: '', how: 'external', readOnly: !KEEPERS.test(call.callee) };
      // A put or release drops the object it is given first (`kobject_put(kobj)`, `sock_release(sock)`); what it is
      // given after that is only read (`nla_put_string(skb, attr, name)` copies name into skb), or stored by a
      // keeper below (`cmpxchg_release(&p->info, NULL, info)`).
      if (index === 0 && RELEASERS.test(call.callee)) return { effect: 'frees', callee: call.callee, freeSites: [], keys: [], via: '', how: 'frees' };
      // An insert/add/register that reports failure with a negative result keeps nothing when it fails.
      if (keeperName(call.callee)) return { effect: 'takes', callee: call.callee, freeSites: [], keys: [], via: '', how: 'external', onSuccessOnly: 'negative-result' };
      return { effect: 'borrows', callee: call.callee, freeSites: [], keys: [], via: '', how: 'external' };
    },
    fieldsFreed(call, index, ctx) {
      const id = resolveCall(call, ctx);
      return id !== undefined && pf.functions.has(id) ? fieldsFreedBy(id, index) : NO_FIELDS;
    },
    freesContents(call, index, ctx) {
      const id = resolveCall(call, ctx);
      return id !== undefined && pf.functions.has(id) && freesContentsOf(id, index);
    },
    returnsToPool(call, index, ctx) {
      const id = resolveCall(call, ctx);
      return id !== undefined && pf.functions.has(id) ? returnsToPoolOf(id, index) : undefined;
    },
    noReturn(call) {
      const callee = call.callee;
      if (NO_RETURN.has(callee) || failsAlways(call)) return true;
      // As in callEnds: a name outside mayEndProgram() never names a function that does not return.
      if (!mayEndProgram().has(callee)) return false;
      let byName = noReturnByFile.get(fnCtx.file);
      if (!byName) {
        byName = new Map();
        noReturnByFile.set(fnCtx.file, byName);
      }
      let ends = byName.get(callee);
      if (ends === undefined) {
        const id = pf.program.resolve(callee, fnCtx.file);
        ends = id !== undefined && neverReturns(id);
        byName.set(callee, ends);
      }
      return ends;
    },
    siteId(call, api) {
      return siteIdFor(fnCtx, call, api);
    },
    mayAllocate(call, ctx) {
      const entry = entryOf(call);
      if (entry) return entry.kind === 'alloc' || entry.kind === 'realloc';
      return resolveCall(call, ctx) !== undefined;
    },
  });

  // ---- 1. Parameter summaries, on demand and memoised (a recursive cycle reads as borrowing).
  const mayFree = mayFreeSet(pf, table, index, hooks);
  const borrow: ParamSummary = { effect: 'borrows', freeSites: [], keys: [], family: '' };
  const partial = new Map<string, (ParamSummary | undefined)[]>();
  const inProgress = new Set<string>();
  /** One parameter's summary, computed on first use (a recursive cycle reads as borrowing). */
  const paramSummary = (id: string, i: number): ParamSummary | undefined => {
    const done = params.get(id)?.[i];
    if (done) return done;
    const fn = pf.functions.get(id);
    const p = fn?.ctx.params[i];
    if (!fn || p === undefined) return undefined;
    let row = partial.get(id);
    if (!row) {
      row = [];
      partial.set(id, row);
    }
    const hit = row[i];
    if (hit) return hit;
    const key = `${id}#${i}`;
    if (inProgress.has(key)) return undefined;
    let result = borrow;
    if (p !== '' && fn.usedNames.has(p) && mayHoldPointer(fn.ctx.paramTypes[p], fn.ctx.isMacro)) {
      inProgress.add(key);
      const fate = trackPointer(fn.cfg, fn.ctx, { start: fn.cfg.entry, holders: [p], mode: 'param', family: '' }, oracleFor(fn.ctx));
      inProgress.delete(key);
      result = summaryOf(fate.outcomes, fn, table);
    }
    row[i] = result;
    return result;
  };
  /** All parameter summaries; for a function that may free, only the parameters it may free are walked. */
  const summarizeAll = (id: string, only: Set<number> | undefined): ParamSummary[] | undefined => {
    const fn = pf.functions.get(id);
    if (!fn) return undefined;
    return fn.ctx.params.map((_, i) => (only && !only.has(i) ? (partial.get(id)?.[i] ?? borrow) : (paramSummary(id, i) ?? borrow)));
  };
  summaryFor = (id: string): ParamSummary[] | undefined => {
    const hit = params.get(id);
    if (hit) return hit;
    const fn = pf.functions.get(id);
    if (!fn) return undefined;
    const next = summarizeAll(id, undefined) ?? [];
    params.set(id, next);
    const frees = next.findIndex((x) => x.effect === 'frees');
    const f = next[frees];
    if (f && !deny.has(fn.node.name)) {
      derivedFree.set(id, { fn: id, name: fn.node.name, kind: 'free', family: f.family, arg: frees, evidence: `${fn.node.name}() frees its parameter ${fn.ctx.params[frees] ?? ''} on every path (${f.freeSites.join(', ')})`, sites: f.freeSites, origin: 'derived' });
    }
    return next;
  };
  /** The derived deallocator a resolved callee is, computing its summary when it may free. */
  const checkedFree = new Set<string>();
  derivedFreeOf = (id: string): DerivedWrapper | undefined => {
    const known = derivedFree.get(id);
    const candidates = mayFree.get(id);
    if (known || !candidates || checkedFree.has(id)) return known;
    checkedFree.add(id);
    const fn = pf.functions.get(id);
    const sums = summarizeAll(id, candidates);
    const frees = sums?.findIndex((x) => x.effect === 'frees') ?? -1;
    const f = frees >= 0 ? sums?.[frees] : undefined;
    if (fn && f && !deny.has(fn.node.name)) {
      derivedFree.set(id, { fn: id, name: fn.node.name, kind: 'free', family: f.family, arg: frees, evidence: `${fn.node.name}() frees its parameter ${fn.ctx.params[frees] ?? ''} on every path (${f.freeSites.join(', ')})`, sites: f.freeSites, origin: 'derived' });
    }
    return derivedFree.get(id);
  };
  // Config-confirmed deallocators (`name` or `name:argIndex`).
  for (const spec of wrapperConfig.deallocators) {
    const [name, argText] = spec.split(':');
    for (const [id, fn] of pf.functions) {
      if (fn.node.name !== name) continue;
      derivedFree.set(id, { fn: id, name: fn.node.name, kind: 'free', family: derivedFree.get(id)?.family ?? 'config', arg: argText === undefined ? 0 : Number(argText), evidence: `confirmed in .leakscope/config.json (wrappers.deallocators)`, sites: [], origin: 'config' });
    }
  }

  // ---- 2. Allocation and free sites, with derived wrappers to a fixed point.
  const allocs: AllocInfo[] = [];
  const allocById = new Map<string, AllocInfo>();
  const wrapperSites = new Map<string, AllocInfo[]>();
  /** Derived allocator macros that assign the block to a parameter (`#define DUP_INTO(d, s) d = strdup(s)`). */
  const assignsArgument = new Set<string>();
  const madeWhen = new Map<string, 'true' | 'error' | undefined>();
  /**
   * What an out-parameter allocator returns on every path from where it stores the block: 1 (or
   * true) makes its result a success flag (libyaml's `if (!yaml_parser_process_directives(…,
   * &version_directive, …)) return 0;`); a negative code makes the block an error message (tmux's
   * `*cause = xstrdup("invalid layout"); return (-1);`), made only when the call fails. Otherwise
   * the kernel's reading holds: an error code, with nothing made on its error side.
   */
  const blockMadeWhen = (wrapperId: string): 'true' | 'error' | undefined => {
    if (madeWhen.has(wrapperId)) return madeWhen.get(wrapperId);
    let answer: 'true' | 'error' | undefined;
    const fn = pf.functions.get(wrapperId);
    const made = (derivedAlloc.get(wrapperId)?.sites ?? []).map((id) => allocById.get(id)).find((a) => a !== undefined);
    const stored = made?.fate.outcomes.find((o) => o.kind === 'stored' && o.where === 'outparam');
    if (fn && fn.node.kind === 'function' && stored?.kind === 'stored') {
      const cfg = fn.cfg;
      const stores = cfg.nodes.flatMap((n, i) => (n.line === stored.line && ((n.kind === 'assign' && stripCasts(n.stmt.lhs) === stored.text) || (n.kind === 'call' && stripCasts(n.stmt.target) === stored.text)) ? [i] : []));
      const values = returnValuesFrom(cfg, stores);
      if (values.length > 0 && values.every((v) => TRUE_VALUE.test(v))) answer = 'true';
      else if (values.length > 0 && values.every((v) => NEGATIVE_CODE.test(v))) answer = 'error';
    }
    madeWhen.set(wrapperId, answer);
    return answer;
  };
  const analysedNodes = new Set<string>();

  const analyseCall = (fn: AnalysedFunction, call: CallStmt, api: string, family: string, kind: Site['kind'], outArg: number, managed: boolean, wrapper: string | undefined): void => {
    // A site is walked, so its function's CFG is built here (most functions never need one).
    const nodeIndex = fn.nodeOf(call);
    const key = `${fn.ctx.id}#${nodeIndex}`;
    if (analysedNodes.has(key)) return;
    analysedNodes.add(key);
    const id = siteIdFor(fn.ctx, call, api);
    const outText = outArg >= 0 ? stripCasts(call.args[outArg] ?? '') : '';
    // A macro that assigns its parameter stores into the argument itself; a function, through the pointer it is given.
    const target = outArg < 0 ? stripCasts(call.target) : wrapper !== undefined && assignsArgument.has(wrapper) ? outText : outParamTarget(outText);
    const site: Site = { id, kind, api, family, function: fn.ctx.id, file: fn.ctx.file, line: call.line, code: call.code, target };
    const reallocArg = kind === 'realloc' ? (entryOf(call)?.arg ?? 0) : -1;
    const start = startFor(fn, nodeIndex, call, throughPointerToVariable(fn.cfg, target), outArg, family, reallocArg);
    if (outArg >= 0 && wrapper === undefined) start.overwritesOutParam = true;
    const made = start.status !== undefined && wrapper !== undefined ? blockMadeWhen(wrapper) : undefined;
    if (made !== undefined) start.statusMadeWhen = made;
    if (kind === 'alloc' && wrapper === undefined) start.fresh = true;
    const fate = trackPointer(fn.cfg, fn.ctx, start, oracleFor(fn.ctx));
    const info: AllocInfo = { site, fn: fn.ctx.id, node: nodeIndex, fate, managed, wrapper };
    allocs.push(info);
    allocById.set(id, info);
    if (wrapper !== undefined) {
      const list = wrapperSites.get(wrapper) ?? [];
      list.push(info);
      wrapperSites.set(wrapper, list);
    }
  };

  /** Names of derived allocators: a call by another name cannot be one (saves resolving every call). */
  const allocNames = new Set<string>();
  /** A call to a derived allocator (one of `onlyWrappers`, when given) is an allocation site. */
  const visitWrapperCall = (fn: AnalysedFunction, call: CallStmt, onlyWrappers: Set<string> | undefined): void => {
    if (!allocNames.has(call.callee)) return;
    const id = resolveCall(call, fn.ctx);
    if (id === undefined) return;
    const w = derivedAlloc.get(id);
    if (!w || (onlyWrappers && !onlyWrappers.has(id))) return;
    if (table.has(call.callee)) return;
    // `SMB2_ioctl(…, NULL, NULL)`: asked for no block through that out-parameter, the call makes none for this caller.
    if (w.arg >= 0 && isNullConstant(call.args[w.arg] ?? '')) return;
    analyseCall(fn, call, call.callee, w.family, 'alloc', w.arg, false, id);
  };
  /** Allocator names of the table: only calls by these (or by allocNames) can be sites in the first scan. */
  const tableAllocNames = table
    .entries()
    .filter((e) => e.kind === 'alloc' || e.kind === 'realloc')
    .map((e) => e.name);
  const scan = (onlyWrappers: Set<string> | undefined): void => {
    for (const w of derivedAlloc.values()) allocNames.add(w.name);
    if (onlyWrappers) {
      // Later rounds look only at calls by an allocator's name, in the full scan's order
      // (the order allocations are found decides which one names a wrapper).
      for (const k of index.callsTo(allocNames)) {
        const fn = index.functionOf(k);
        const call = index.call(k);
        if (fn && call) visitWrapperCall(fn, call, onlyWrappers);
      }
      return;
    }
    // The full scan, over the calls by a name that can make a site, in scan order.
    for (const k of index.callsTo([...tableAllocNames, ...allocNames])) {
      const fn = index.functionOf(k);
      const call = index.call(k);
      if (!fn || !call) continue;
      const entry = entryOf(call);
      if (entry && (entry.kind === 'alloc' || entry.kind === 'realloc')) {
        analyseCall(fn, call, entry.name, entry.family, entry.kind, entry.kind === 'alloc' ? entry.arg : -1, entry.managed, undefined);
        continue;
      }
      visitWrapperCall(fn, call, undefined);
    }
  };

  const discover = (): Set<string> => {
    const found = new Set<string>();
    for (const a of allocs) {
      if (derivedAlloc.has(a.fn) || a.managed) continue;
      const fn = pf.functions.get(a.fn);
      if (!fn || fn.ctx.name === 'main' || deny.has(fn.ctx.name)) continue;
      const ret = a.fate.outcomes.find((o) => o.kind === 'returned');
      const out = a.fate.outcomes.find((o) => o.kind === 'stored' && o.where === 'outparam');
      if (!ret && !out) continue;
      let arg = -1;
      if (!ret && out && out.kind === 'stored') {
        const m = /#(\d+)$/.exec(out.key);
        if (!m?.[1]) continue;
        arg = Number(m[1]);
        if (out.key === macroArgumentKey(fn.ctx, out.text)) assignsArgument.add(a.fn);
      }
      derivedAlloc.set(a.fn, {
        fn: a.fn,
        name: fn.ctx.name,
        kind: 'alloc',
        family: a.site.family,
        arg,
        evidence: ret ? `${fn.ctx.name}() returns the block allocated at ${a.site.id}` : `${fn.ctx.name}() stores the block allocated at ${a.site.id} through its parameter ${fn.ctx.params[arg] ?? ''}`,
        sites: [a.site.id],
        origin: 'derived',
      });
      found.add(a.fn);
    }
    return found;
  };

  scan(undefined);
  for (const name of wrapperConfig.allocators) {
    for (const [id, fn] of pf.functions) {
      if (fn.node.name === name && !derivedAlloc.has(id)) derivedAlloc.set(id, { fn: id, name, kind: 'alloc', family: 'config', arg: -1, evidence: 'confirmed in .leakscope/config.json (wrappers.allocators)', sites: [], origin: 'config' });
    }
  }
  let fresh = discover();
  for (const id of derivedAlloc.keys()) fresh.add(id);
  for (let round = 0; round < MAX_WRAPPER_ROUNDS && fresh.size > 0; round++) {
    scan(fresh);
    fresh = discover();
  }


  // ---- 2b. A global reassigned while it may still hold the previous block.
  // Calls into the functions that allocate into a global (few): one pass over the edges, built on first use.
  let callsTo: Map<string, { from: string; line: number }[]> | undefined;
  const callsOfFunction = (id: string): { from: string; line: number }[] => {
    if (!callsTo) {
      const wanted = new Map<string, { from: string; line: number }[]>();
      for (const a of allocs) if (a.fate.outcomes.some((o) => o.kind === 'stored' && o.where === 'global')) wanted.set(a.fn, []);
      for (const e of pf.program.graph.calls) wanted.get(e.to)?.push(e);
      callsTo = wanted;
    }
    return callsTo.get(id) ?? [];
  };
  for (const a of allocs) {
    const fn = pf.functions.get(a.fn);
    if (!fn || a.managed) continue;
    const g = a.fate.outcomes.find((o) => o.kind === 'stored' && o.where === 'global' && o.text === stripCasts(a.site.target));
    if (!g || g.kind !== 'stored') continue;
    const before = ancestors(fn.cfg, a.node);
    const o = oracleFor(fn.ctx);
    const guarded = [...before].some((i) => {
      const n = fn.cfg.nodes[i];
      if (!n) return false;
      if (n.kind === 'branch') return identifiersIn(n.cond).includes(g.text);
      if (n.kind !== 'call') return false;
      const rel = o.release(n.stmt, fn.ctx);
      return rel !== undefined && stripCasts(n.stmt.args[rel.arg] ?? '') === g.text;
    });
    if (guarded) continue;
    const callSites = new Set(callsOfFunction(a.fn).map((e) => `${e.from}:${e.line}`));
    const inLoop = onCycle(fn.cfg, a.node);
    const calledInLoop = [...callSites].some((k) => {
      const [from, line] = [k.slice(0, k.lastIndexOf(':')), Number(k.slice(k.lastIndexOf(':') + 1))];
      const caller = pf.functions.get(from);
      if (!caller) return false;
      return caller.cfg.calls.some((i) => {
        const n = caller.cfg.nodes[i];
        return n?.kind === 'call' && n.stmt.line === line && n.stmt.callee === fn.ctx.name && onCycle(caller.cfg, i);
      });
    });
    if (!inLoop && callSites.size < 2 && !calledInLoop) continue;
    const why = inLoop ? 'in a loop' : calledInLoop ? `and ${fn.ctx.name}() is called in a loop` : `and ${fn.ctx.name}() is called from ${callSites.size} places`;
    a.fate.outcomes.push({ kind: 'leak', line: a.site.line, reason: 'overwritten', detail: `overwrites the global ${g.text} at line ${a.site.line} without freeing the block it may still hold (no free or test of ${g.text} before it, ${why})`, trail: [] });
  }

  // ---- 3. Free sites (built-in deallocators and derived ones).
  const freeNames = new Set<string>([...mayFree.keys()].map((id) => pf.functions.get(id)?.node.name ?? id));
  for (const w of derivedFree.values()) freeNames.add(w.name);
  const frees: FreeInfo[] = [];
  const freeById = new Map<string, FreeInfo>();
  // Only calls by a name of the table or of a deallocator can be free sites: those, in scan order.
  for (const k of index.callsTo([...table.entries().map((e) => e.name), ...hooks.keys(), ...freeNames])) {
    const fn = index.functionOf(k);
    const call = index.call(k);
    if (!fn || !call) continue;
    const entry = entryOf(call);
    let arg: number;
    let family: string;
    let kind: Site['kind'];
    let wrapper: string | undefined;
    let api = call.callee;
    if (entry && entry.kind !== 'alloc') {
      api = entry.name;
      arg = entry.arg;
      family = entry.family;
      kind = entry.kind;
    } else {
      if (!freeNames.has(call.callee)) continue;
      const id = resolveCall(call, fn.ctx);
      const w = id === undefined ? undefined : derivedFreeOf(id);
      if (!w || table.has(call.callee)) continue;
      arg = w.arg;
      family = w.family;
      kind = 'free';
      wrapper = w.fn;
    }
    const text = stripCasts(call.args[arg] ?? '');
    const id = siteIdFor(fn.ctx, call, api);
    if (kind === 'realloc' && allocById.has(id)) {
      // The realloc site is also an allocation; as a free it releases its argument.
    }
    const site: Site = { id: kind === 'realloc' ? id : id, kind, api, family, function: fn.ctx.id, file: fn.ctx.file, line: call.line, code: call.code, target: text };
    const info: FreeInfo = {
      site,
      fn: fn.ctx.id,
      // Its CFG node, found only if asked for: nothing walks from a free, so its function may have no CFG.
      get node() {
        return fn.nodeOf(call);
      },
      arg: text,
      keys: freeKeys(pf, fn, text),
      wrapper,
    };
    if (kind !== 'realloc') {
      frees.push(info);
      freeById.set(id, info);
    }
  }

  // ---- 4. Puts and releases that are not free sites: `fput(bprm->file)` releases struct linux_binprm.file
  // the way a free of it would. Only the names a put may have are read, and only what their first
  // argument drops (as argEffect() has it for a call handed a local).
  const releases: ReleaseCall[] = [];
  const freeCalls = new Set(frees.map((f) => `${f.fn}\u0000${f.site.line}\u0000${f.site.api}`));
  for (const k of index.callsTo([...index.names()].filter((name) => RELEASERS.test(name)))) {
    const fn = index.functionOf(k);
    const call = index.call(k);
    if (!fn || !call || call.indirect || call.args.length === 0 || freeCalls.has(`${fn.ctx.id}\u0000${call.line}\u0000${call.callee}`)) continue;
    // Keys first (cheap): most puts are given a local from nowhere, and need no summary.
    const arg = stripCasts(call.args[0] ?? '');
    // `bc_free_num(&temp->s_num)`: a release given the field by address releases what the field holds.
    const byAddress = arg.startsWith('&') ? stripCasts(arg.slice(1)) : '';
    const keys = freeKeys(pf, fn, byAddress !== '' ? byAddress : arg).filter((key) => key.startsWith('struct ') || key.startsWith('global ') || key.startsWith('static '));
    if (keys.length === 0) continue;
    // A project function must free on some path (its summary); an outside one is known by a strict name only.
    const callee = resolveCall(call, fn.ctx);
    if (byAddress !== '') {
      if (callee !== undefined && pf.functions.has(callee) && (freesContentsOf(callee, 0) || returnsToPoolOf(callee, 0) !== undefined)) releases.push({ fn: fn.ctx.id, line: call.line, callee: call.callee, arg: byAddress, keys });
      continue;
    }
    if ((callee === undefined || !pf.functions.has(callee)) && !OUTSIDE_RELEASERS.test(call.callee)) continue;
    // A put that passes the object on where the walk cannot follow (fput() onto the delayed-fput list,
    // filp_close() through fput()) drops the reference like one that frees it; named as a put of its
    // first argument (`*_put`, `*_close`, not `xlog_state_release_iclog(log, iclog)`).
    const eff = oracleFor(fn.ctx).argEffect(call, 0, fn.ctx);
    const passesOn = eff.effect === 'takes' && eff.how === 'takes' && eff.keys.length === 0 && PUT_OF_FIRST.test(call.callee);
    if (eff.effect === 'frees' || passesOn) releases.push({ fn: fn.ctx.id, line: call.line, callee: call.callee, arg, keys });
  }

  // The returned closures share this scope: do not keep the call index alive with them. The
  // walks of later questions (runPasses) may still ask which names end the program: settled now.
  mayEndProgram();
  index.release();

  return { params, wrappers: [...derivedAlloc.values(), ...derivedFree.values()].sort((a, b) => (a.fn < b.fn ? -1 : a.fn > b.fn ? 1 : a.kind < b.kind ? -1 : 1)), allocs, frees, allocById, freeById, wrapperSites, summaryFor, paramSummaryOf: (id, index) => paramSummary(id, index), releases };
}

/** Keys a free releases: its argument's key, and where a local argument's value came from. */
function freeKeys(pf: ProgramFacts, fn: AnalysedFunction, text: string): string[] {
  const st = classify(fn.ctx, text);
  const keys = new Set<string>();
  if (st.kind !== 'local') keys.add(st.key);
  else {
    for (const k of pf.originsOf(fn.ctx.id, st.text)) keys.add(k);
    keys.add(st.key);
  }
  return [...keys];
}

/**
 * `p->buf = realloc(p->buf, n); if (!p->buf) return -ENOMEM;`: when the realloc fails the block
 * p->buf held is lost. The leak, when the first test after the call checks the pointer for NULL
 * and that side does not run into exit()/abort().
 */
function lostOnFailedRealloc(fn: AnalysedFunction, node: number, call: CallStmt, target: string): Outcome | undefined {
  let at = fn.cfg.nodes[node]?.succ[0] ?? -1;
  for (let i = 0; i < 16 && at >= 0; i++) {
    const n = fn.cfg.nodes[at];
    if (!n || n.kind === 'return' || n.kind === 'switch') return undefined;
    if (n.kind === 'branch') {
      const [t, f] = nullFacts(n.cond, target);
      const side = t === 'null' ? n.succ[0] : f === 'null' ? n.succ[1] : undefined;
      if (side === undefined || side < 0 || runsIntoExit(fn, side)) return undefined;
      return { kind: 'leak', line: n.line, reason: 'realloc-lost', detail: `loses the block ${target} held when the realloc at line ${call.line} fails (${target} = ${call.callee}(${target}, …) overwrites it with NULL, tested at line ${n.line})`, trail: [] };
    }
    if (n.kind === 'assign' && stripCasts(n.stmt.lhs) === target) return undefined;
    at = n.succ[0] ?? -1;
  }
  return undefined;
}

/** True when the straight-line path from `node` calls something that does not return. */
function runsIntoExit(fn: AnalysedFunction, node: number): boolean {
  let at = node;
  for (let i = 0; i < 16 && at >= 0; i++) {
    const n = fn.cfg.nodes[at];
    if (!n || n.kind === 'return' || n.kind === 'branch' || n.kind === 'switch') return false;
    if (n.kind === 'call' && NO_RETURN.has(n.stmt.callee)) return true;
    at = n.succ[0] ?? -1;
  }
  return false;
}

/** A return value that means success for a function returning a flag. */
const TRUE_VALUE = /^(1|true|TRUE|True)$/;
/** A negative error code returned: `-1`, `(-1)`, `-EINVAL`. */
const NEGATIVE_CODE = /^\(?\s*-\s*(\d+|[A-Z][A-Z0-9_]*)\s*\)?$/;

/** The values returned on every path from the given nodes (stripped of casts; '' for a return without one). */
function returnValuesFrom(cfg: Cfg, starts: readonly number[]): string[] {
  const values: string[] = [];
  const seen = new Set<number>();
  const stack = [...starts];
  while (stack.length > 0) {
    const at = stack.pop();
    if (at === undefined || at < 0 || seen.has(at)) continue;
    seen.add(at);
    const n = cfg.nodes[at];
    if (!n) continue;
    if (n.kind === 'return') values.push(stripCasts(n.value));
    else stack.push(...n.succ);
  }
  return values;
}

/** Where tracking of an allocation starts, given where its result goes. */
function startFor(fn: AnalysedFunction, node: number, call: CallStmt, target: string, outArg: number, family: string, reallocArg: number): Parameters<typeof trackPointer>[2] {
  const base = { start: node, mode: 'site' as const, family };
  const trail: never[] = [];
  if (outArg < 0) {
    if (target === '' || target === 'cond') {
      return { ...base, holders: [], immediate: { kind: 'leak', line: call.line, reason: 'discarded', detail: `is dropped at once: the result of ${call.callee}() at line ${call.line} is ${target === 'cond' ? 'only tested' : 'discarded'}, so nothing can free it`, trail } };
    }
    if (target === 'return') return { ...base, holders: [], immediate: { kind: 'returned', line: call.line, trail } };
    const arg = /^(.+)\(#(\d+)\)$/.exec(target);
    if (arg) return { ...base, holders: [`${call.callee}(${call.args.join(', ')})`] };
  }
  const st = classify(fn.ctx, target);
  // The status of an out-parameter allocation: its error side allocated nothing.
  const t = stripCasts(call.target);
  const status = outArg >= 0 && !ALLOCATES_ON_FAILURE.has(call.callee) ? (t === 'cond' ? `${call.callee}(${call.args.join(', ')})` : isIdent(t) ? t : undefined) : undefined;
  if (status !== undefined) {
    if (st.kind === 'local') return { ...base, holders: [st.text], status };
    // `err = alloc_ctx(&args.ctx); if (err) return err;`: a field of a local struct, as a local.
    if (status !== undefined && (st.kind === 'field' || st.kind === 'index') && st.baseIsLocal && !st.baseIsParam) return { ...base, holders: [st.kind === 'index' ? slotHolder(st.text) : st.text], status };
  }
  if (reallocArg >= 0 && outArg < 0 && !abortsOnFailure(call.callee) && (st.kind === 'deref' || ((st.kind === 'field' || st.kind === 'index') && !(st.baseIsLocal && !st.baseIsParam))) && stripCasts(call.args[reallocArg] ?? '') === target) {
    const lost = lostOnFailedRealloc(fn, node, call, target);
    if (lost) return { ...base, holders: [], immediate: lost };
  }
  if (st.kind === 'index' && st.baseIsLocal && !st.baseIsParam && outArg < 0) {
    const holder = slotHolder(st.text);
    return { ...base, holders: [holder], element: { text: st.text, holder } };
  }
  switch (st.kind) {
    case 'local': {
      const argument = macroArgumentKey(fn.ctx, st.text);
      if (argument !== undefined) return { ...base, holders: [], immediate: { kind: 'stored', line: call.line, where: 'outparam', key: argument, text: st.text, trail } };
      return { ...base, holders: [st.text] };
    }
    case 'global':
      // Followed like a local so that overwriting it while live is seen; at a return it stays stored.
      return { ...base, holders: [st.text] };
    case 'deref':
      return { ...base, holders: [], immediate: { kind: 'stored', line: call.line, where: st.baseIsParam ? 'outparam' : 'linked', key: st.key, text: st.text, trail } };
    case 'field':
    case 'index':
      if (st.baseIsLocal && !st.baseIsParam) return { ...base, holders: [st.kind === 'index' ? slotHolder(st.text) : st.text] };
      return { ...base, holders: [], immediate: { kind: 'stored', line: call.line, where: 'field', key: st.key, text: st.text, trail } };
    case 'other':
      // `LZ4F_createCompressionContext(&(*w)->cctxPtr, …)`: an out-parameter written through a pointer the walk reads as text keeps its status.
      return { ...base, holders: [st.text], ...(status !== undefined ? { status } : {}) };
  }
}

/**
 * Where an out-parameter allocator puts the block, from the argument it is given: `&p` → p;
 * a pointer to a pointer passed on as it is (`return alloc_buf(out)` with `char **out`) → `*out`.
 */
function outParamTarget(arg: string): string {
  if (arg.startsWith('&')) return arg.slice(1).trim();
  return isIdent(arg) ? `*${arg}` : arg;
}

/** True unless the declared type is clearly not a pointer (scalars, enums). */
function mayHoldPointer(type: string | undefined, isMacro: boolean): boolean {
  if (isMacro || type === undefined) return true;
  if (type.includes('*') || type.includes('[')) return true;
  return !/^(const\s+)?(unsigned\s+|signed\s+)?(int|long|short|char|bool|_Bool|float|double|size_t|ssize_t|u8|u16|u32|u64|s8|s16|s32|s64|__u\d+|__s\d+|uint\d+_t|int\d+_t|gfp_t|loff_t|off_t|pid_t|uid_t|gid_t|mode_t|dev_t|umode_t|enum\s+\w+|long\s+long|unsigned)(\s+(int|long))?$/.test(type.trim());
}

/** Turns the outcomes of a parameter walk into a summary. */
/** What the return statements on `line` return: all a negative constant or code (`negative`), all NULL or false (`zero`), else undefined. */
function errorReturnAt(fn: AnalysedFunction, line: number): 'negative' | 'zero' | undefined {
  const values = fn.cfg.nodes.filter((n) => n.kind === 'return' && !n.implicit && n.line === line).map((n) => (n.kind === 'return' ? stripCasts(n.value) : ''));
  if (values.length === 0) return undefined;
  if (values.every((v) => /^-\s*\(?\s*[A-Z0-9_]+\s*\)?$/.test(v))) return 'negative';
  if (values.every((v) => v === 'NULL' || v === 'false' || (v === '0' && returnsPointer(fn)))) return 'zero';
  return undefined;
}

/** True when some return statement returns a pointer-typed local or parameter (so `return 0;` is NULL). */
function returnsPointer(fn: AnalysedFunction): boolean {
  return fn.cfg.nodes.some((n) => n.kind === 'return' && isIdent(stripCasts(n.value)) && (fn.ctx.locals[stripCasts(n.value)] ?? fn.ctx.paramTypes[stripCasts(n.value)] ?? '').includes('*'));
}

function summaryOf(outcomes: Outcome[], fn: AnalysedFunction, table: AllocatorTable): ParamSummary {
  const relevant = outcomes.filter((o) => o.kind !== 'null' && o.kind !== 'exit');
  const freed = relevant.filter((o) => o.kind === 'freed' || (o.kind === 'handed' && (o.how === 'frees' || o.how === 'callback-frees')));
  const stored = relevant.filter((o) => o.kind === 'stored' || (o.kind === 'handed' && (o.how === 'takes' || o.how === 'callback-takes' || o.how === 'external')));
  const freeSites = [...new Set(freed.flatMap((o) => (o.kind === 'freed' ? [o.freeSite] : o.kind === 'handed' ? o.freeSites : [])))];
  const families = freed.map((o) => (o.kind === 'freed' ? (table.get(o.api)?.family ?? '') : '')).filter((f) => f !== '');
  const family = families[0] ?? '';
  if (relevant.length > 0 && freed.length === relevant.length) return { effect: 'frees', freeSites, keys: [], family: family || 'derived' };
  if (stored.length > 0 && freed.length + stored.length === relevant.length) {
    const keys = [...new Set(stored.flatMap((o) => (o.kind === 'stored' ? [o.key] : o.kind === 'handed' ? o.keys : [])))];
    return { effect: 'takes', freeSites, keys, family };
  }
  if (stored.length > 0) {
    const keys = [...new Set(stored.flatMap((o) => (o.kind === 'stored' ? [o.key] : o.kind === 'handed' ? o.keys : [])))];
    // Kept only on success: every other path returns an error value (list_add() failing when full).
    const rest = relevant.filter((o) => !stored.includes(o) && !freed.includes(o));
    const errors = freed.length === 0 && rest.length > 0 && rest.every((o) => o.kind === 'kept') ? [...new Set(rest.map((o) => errorReturnAt(fn, o.line)))] : [];
    const onSuccessOnly = errors.length === 1 && errors[0] === 'negative' ? 'error-result' : errors.length === 1 && errors[0] === 'zero' ? 'null-result' : undefined;
    return onSuccessOnly ? { effect: 'takes', freeSites, keys, family, onSuccessOnly } : { effect: 'takes', freeSites, keys, family };
  }
  if (freed.length > 0) return { effect: 'maybe-frees', freeSites, keys: [], family };
  return { effect: 'borrows', freeSites: [], keys: [], family: '' };
}

/** The field an indirect call goes through: `parser->m_mem.free_fcn`, `(*strm->zfree)` → the last field. */
const HOOK_CALLEE = /(?:->|\.)\s*([A-Za-z_]\w*)\s*\)?$/;

/**
 * Deallocator hooks: function-pointer fields that every assignment in the program sets to the same
 * deallocator of the table (expat's `mtemp->free_fcn = free;`, then
 * `#define FREE(parser, p) (parser->m_mem.free_fcn((p)))`). A call through one is a call of that
 * function. A field also set to anything else (a project function, another deallocator) is not one;
 * a field never set in the project but named as a free is the user's free (FREE_HOOK_FIELD).
 * Only frees: a free that was invisible can only pair with what is already tracked, where
 * allocations through hooks would bring in every structure built with them (cJSON's
 * `hooks->allocate`), whose lists the passes cannot yet follow. Keyed by the calls' callee text.
 */
function deallocatorHooks(pf: ProgramFacts, table: AllocatorTable, index: CallIndex): Map<string, AllocatorEntry> {
  const out = new Map<string, AllocatorEntry>();
  const byField = new Map<string, Set<string>>();
  for (const f of pf.program.files) {
    for (const at of f.addressTaken) {
      if (at.field === '' || at.how === 'argument') continue;
      const names = byField.get(at.field);
      if (names) names.add(at.name);
      else byField.set(at.field, new Set([at.name]));
    }
  }
  const entryOfField = new Map<string, AllocatorEntry | undefined>();
  for (const callee of index.names()) {
    const field = HOOK_CALLEE.exec(callee)?.[1];
    if (field === undefined) continue;
    if (!entryOfField.has(field)) {
      const assigned = byField.get(field);
      const entries = [...(assigned ?? [])].map((name) => table.get(name));
      const first = entries[0];
      if (first !== undefined && first.kind === 'free' && entries.every((e) => e === first)) entryOfField.set(field, first);
      else if (assigned === undefined && FREE_HOOK_FIELD.test(field)) entryOfField.set(field, userFreeHook(field, index.callsTo([callee]).map((k) => index.call(k)?.args.length ?? 0)));
      else entryOfField.set(field, undefined);
    }
    const entry = entryOfField.get(field);
    if (entry) out.set(callee, entry);
  }
  return out;
}

/**
 * A function-pointer field named as a free that the project never sets to a function: the user's
 * allocator installs it (lz4's `cmem.customFree(cmem.opaqueState, p)`, libpng's `free_fn`,
 * SQLite's `xFree`, zlib's `zfree`).
 */
const FREE_HOOK_FIELD = /(^|_|[a-z])(free|Free)(_?(fn|fcn|func|cb|hook|callback))?$/;

/** The entry for a user's free hook: it frees its last argument (after an opaque state, when it has one). */
function userFreeHook(field: string, arities: readonly number[]): AllocatorEntry | undefined {
  const arity = arities[0];
  if (arity === undefined || arity < 1 || arity > 2 || arities.some((n) => n !== arity)) return undefined;
  return { name: field, kind: 'free', family: 'hook', arg: arity - 1, managed: false, accepts: ['hook'], origin: 'derived' };
}

/**
 * Functions that may free one of their parameters: they pass a parameter (or a local
 * copied from one) to a deallocator, or to another such function. Only these need a
 * summary to know whether a call to them is a free.
 */
function mayFreeSet(pf: ProgramFacts, table: AllocatorTable, index: CallIndex, hooks: ReadonlyMap<string, AllocatorEntry>): Map<string, Set<number>> {
  const aliases = new Map<string, Map<string, number>>();
  const aliasOf = (id: string): Map<string, number> => {
    let a = aliases.get(id);
    if (a) return a;
    const fn = pf.functions.get(id);
    a = new Map();
    fn?.ctx.params.forEach((p, i) => {
      if (p !== '') a?.set(p, i);
    });
    const found = a;
    fn?.forEachStmt((n) => {
      if (n.k !== 'assign' || !isIdent(n.lhs)) return;
      const from = found.get(stripCasts(n.rhs));
      if (from !== undefined) found.set(n.lhs, from);
    });
    aliases.set(id, a);
    return a;
  };
  /**
   * Parameters of `id` passed (directly or through a local copy) to calls `pick` accepts:
   * `pick` names the one argument index that counts for a callee, `all`, or -1 for none.
   */
  const passedParams = (id: string, pick: (callee: string) => number | 'all'): Set<number> => {
    const out = new Set<number>();
    const fn = pf.functions.get(id);
    if (!fn || fn.ctx.params.length === 0) return out;
    let a: Map<string, number> | undefined;
    for (const call of fn.calls) {
      if (call.indirect && !hooks.has(call.callee)) continue;
      const which = pick(call.callee);
      if (which === -1) continue;
      // The aliases are worked out only for functions with a call that counts (few).
      a ??= aliasOf(id);
      for (let i = 0; i < call.args.length; i++) {
        if (which !== 'all' && which !== i) continue;
        const p = a.get(stripCasts(call.args[i] ?? ''));
        if (p !== undefined) out.add(p);
      }
    }
    return out;
  };
  const out = new Map<string, Set<number>>();
  const stack: string[] = [];
  // Only a function calling a deallocator of the table can pass it a parameter.
  const releasers = [
    ...table
      .entries()
      .filter((e) => e.kind !== 'alloc')
      .map((e) => e.name),
    ...hooks.keys(),
  ];
  for (const { ctx } of index.functionsCalling(releasers)) {
    const id = ctx.id;
    const ps = passedParams(id, (callee) => {
      const e = table.get(callee) ?? hooks.get(callee);
      return e !== undefined && e.kind !== 'alloc' ? e.arg : -1;
    });
    if (ps.size > 0) {
      out.set(id, ps);
      stack.push(id);
    }
  }
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined) break;
    const name = pf.functions.get(id)?.node.name ?? id;
    for (const c of pf.callers.get(id) ?? []) {
      const ps = passedParams(c, (callee) => (callee === name ? 'all' : -1));
      if (ps.size === 0) continue;
      const known = out.get(c);
      if (known && [...ps].every((p) => known.has(p))) continue;
      out.set(c, new Set([...(known ?? []), ...ps]));
      stack.push(c);
    }
  }
  return out;
}

/**
 * Accounting: decides, for one way a pointer's path ends (an `Outcome`), whether a
 * rule accounts for it, and says so in words with the matching free sites. A site is
 * cleared when every way its paths end is accounted for by the rules a pass allows.
 * The passes differ only in which rules they allow (cumulatively, in pass order).
 */
import type { Outcome } from '../fate';
import type { AllocInfo, FreeInfo, Ownership, ReleaseCall } from '../ownership';
import type { AnalysedFunction, ProgramFacts } from '../program-facts';
import { classify, isLocalName, pointeeTag, pointeeTagOfPath, isMacroArgumentKey } from '../storage';

const IDENT = /^[A-Za-z_]\w*$/;
/** A field access followed by an index (`->bitmaps[`, `.slots[`): the field is group 1. */
const ELEMENT_OF_FIELD = /(?:->|\.)([A-Za-z_]\w*)\[/g;

/** The rules an outcome can be accounted by. */
export type RuleName = 'trivial' | 'freed-locally' | 'structure' | 'structure-header' | 'global' | 'handed' | 'wrappers';

/** Why one outcome is fine. */
export interface Account {
  rule: RuleName;
  text: string;
  pairedWith: string[];
  chain: string[];
  /** Struct tags whose ownership this relies on (for library-as-a-unit gating). */
  tags: string[];
}

/** What the passes know while running. */
export interface PassState {
  pf: ProgramFacts;
  own: Ownership;
  index: ReleaseIndex;
  /** Site id → name of the pass that cleared it. */
  cleared: Map<string, string>;
}

/** How a struct key is released: free sites and puts reached through moves, and the functions moving it. */
export interface StructRelease {
  frees: FreeInfo[];
  via: string[];
  releases: ReleaseCall[];
}

function structTagOfKey(key: string): string | undefined {
  return /^struct ([A-Za-z_]\w*)\./.exec(key)?.[1];
}

function fnName(pf: ProgramFacts, id: string): string {
  return pf.functions.get(id)?.node.name ?? id;
}

/** `freed by f() (site ids)` and/or `released by put() in g(), which frees it when the last reference goes`. */
function releaseWords(pf: ProgramFacts, frees: readonly FreeInfo[], releases: readonly ReleaseCall[]): string {
  const words: string[] = [];
  if (frees.length > 0) words.push(`freed by ${[...new Set(frees.map((f) => `${fnName(pf, f.fn)}()`))].join(', ')} (${frees.map((f) => f.site.id).join(', ')})`);
  if (releases.length > 0) words.push(`released by ${[...new Set(releases.map((r) => `${r.callee}() in ${fnName(pf, r.fn)}()`))].join(', ')}, which frees it when the last reference goes`);
  return words.join('; ');
}

/** Frees by the keys they release, value moves between keys, destructors by struct tag. */
export class ReleaseIndex {
  readonly freesByKey = new Map<string, FreeInfo[]>();
  /** key → puts and releases of it that are not free sites (`fput(bprm->file)`). */
  readonly releasesByKey = new Map<string, ReleaseCall[]>();
  /**
   * key → where its values are moved, with the function doing it, in program order: an
   * assignment's target, or a local passed to parameter `param` of `callee`, which moves
   * the value into the keys that parameter is kept in. Those keys need the callee's
   * parameter summary (a pointer walk), worked out only when a key's moves are asked for.
   */
  private readonly moves = new Map<string, ({ to: string; fn: string } | { callee: string; param: number; fn: string })[]>();
  /** The moves of a key with every call resolved to the keys it moves the value into. */
  private readonly resolvedMoves = new Map<string, { to: string; fn: string }[]>();
  private readonly own: Ownership;
  /** struct tag → derived deallocators taking that struct. */
  readonly destructors = new Map<string, string[]>();
  /** struct tag → frees of an object of that struct (`kfree(ht)` with `ht: struct htable *`). */
  readonly freedTags = new Map<string, FreeInfo[]>();
  /** Derived deallocator id → the first struct tag it destroys (in `destructors` order). */
  readonly destructorTagOf = new Map<string, string>();
  /** Derived deallocator id → the free sites inside it (the first free wrapper of that id in `own.wrappers`). */
  readonly innerFrees = new Map<string, string[]>();
  /**
   * Answers that depend only on the program, memoised across sites, rounds and passes:
   * structRelease by key, and Accountant.globalRelease by key and allocating function.
   */
  private readonly structReleases = new Map<string, StructRelease | undefined>();
  readonly globalReleases = new Map<string, Account | undefined>();
  /** Accountant.tagsOf per allocation site. */
  readonly siteTags = new WeakMap<AllocInfo, string[]>();
  /** Frees of a key reached from a teardown, by key and teardown id. */
  readonly freesAtExit = new Map<string, FreeInfo[]>();
  /** Accountant.elementsPassedOn by array key (a scan of every call): shared by every pass and suspect. */
  readonly elementUse = new Map<string, boolean>();
  /** Accountant.isConstructorOf's `function\0tag` pairs, made on first use. */
  constructorPairs: Set<string> | undefined;
  /** Call arguments that index an array field (`jb->bitmaps[i]`), by that field: built on first use. */
  private elementArgsByField: Map<string, { fn: AnalysedFunction; arg: string }[]> | undefined;

  constructor(
    private readonly pf: ProgramFacts,
    own: Ownership,
  ) {
    this.own = own;
    for (const f of own.frees) {
      for (const k of f.keys) this.push(this.freesByKey, k, f);
      const fn = pf.functions.get(f.fn);
      // `kfree(ht)` and `kfree(d->pool)` both free an object of the struct they point to.
      const tag = fn ? pointeeTagOfPath(fn.ctx, f.arg) : undefined;
      if (tag !== undefined) this.push(this.freedTags, tag, f);
    }
    for (const w of own.wrappers) {
      if (w.kind !== 'free') continue;
      const fn = pf.functions.get(w.fn);
      const p = fn?.ctx.params[w.arg];
      if (!fn || p === undefined) continue;
      const tag = pointeeTag(fn.ctx, p);
      if (tag !== undefined) this.push(this.destructors, tag, w.fn);
    }
    for (const [tag, fns] of this.destructors) for (const fn of fns) if (!this.destructorTagOf.has(fn)) this.destructorTagOf.set(fn, tag);
    for (const w of own.wrappers) if (w.kind === 'free' && !this.innerFrees.has(w.fn)) this.innerFrees.set(w.fn, w.sites);
    for (const r of own.releases) for (const k of r.keys) this.push(this.releasesByKey, k, r);
    // Moves: `ht->reserves = l` with l loaded from `ht->table[b]`, or l passed to a callee that keeps it.
    // Cheap tests first: a plain name is a local exactly when isLocalName says so, and only a
    // local with origins can move anything, so most statements are passed over without classify().
    for (const [id, fn] of pf.functions) {
      const globals = fn.ctx.types.globals;
      fn.forEachStmt((n) => {
        if (n.k === 'assign') {
          // Only `field = local` / `global = local` can move a value between keys.
          const { lhs: lhsText, rhs: rhsText } = n;
          if (!IDENT.test(rhsText) || (IDENT.test(lhsText) && !globals.has(lhsText))) return;
          if (!isLocalName(fn.ctx, rhsText)) return;
          const origins = pf.originsOf(id, rhsText);
          if (origins.size === 0) return;
          const lhs = classify(fn.ctx, lhsText);
          if (lhs.kind === 'local' || lhs.kind === 'other') return;
          for (const o of origins) if (o !== lhs.key) this.push(this.moves, o, { to: lhs.key, fn: id });
        } else if (n.k === 'call') {
          // Only locals loaded from a field or global, passed to a project function, can move anything.
          const args = n.args;
          if (n.indirect || !args.some((a) => IDENT.test(a))) return;
          const callee = pf.resolveFrom(n.callee, fn.ctx.file);
          if (callee === undefined || !pf.functions.has(callee)) return;
          for (let i = 0; i < args.length; i++) {
            const a = args[i] ?? '';
            if (!IDENT.test(a) || !isLocalName(fn.ctx, a)) continue;
            const origins = pf.originsOf(id, a);
            if (origins.size === 0) continue;
            for (const o of origins) this.push(this.moves, o, { callee, param: i, fn: id });
          }
        }
      });
    }
  }

  /**
   * Every call argument with an element of an array field in it (`(->|.)field[`), by field,
   * in program order: one scan of the calls for every array key Accountant.elementsPassedOn
   * asks about (each used to scan every call of the program with its own pattern).
   */
  elementArgs(): Map<string, { fn: AnalysedFunction; arg: string }[]> {
    if (this.elementArgsByField) return this.elementArgsByField;
    const byField = new Map<string, { fn: AnalysedFunction; arg: string }[]>();
    for (const fn of this.pf.functions.values()) {
      // fn.calls: the CFG's calls without building a CFG for every function of the project.
      for (const call of fn.calls) {
        for (const arg of call.args) {
          if (!arg.includes('[')) continue;
          ELEMENT_OF_FIELD.lastIndex = 0;
          const fields = new Set<string>();
          for (let m = ELEMENT_OF_FIELD.exec(arg); m !== null; m = ELEMENT_OF_FIELD.exec(arg)) if (m[1] !== undefined) fields.add(m[1]);
          for (const f of fields) this.push(byField, f, { fn, arg });
        }
      }
    }
    this.elementArgsByField = byField;
    return byField;
  }

  private push<T>(m: Map<string, T[]>, k: string, v: T): void {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  }

  /**
   * How a struct key is released: free sites reached through moves, each in a function
   * that takes the struct (a destroy or reset of it). Undefined when nothing frees it.
   */
  structRelease(key: string): StructRelease | undefined {
    if (this.structReleases.has(key)) return this.structReleases.get(key);
    const out = this.findStructRelease(key);
    this.structReleases.set(key, out);
    return out;
  }

  private findStructRelease(key: string): StructRelease | undefined {
    const tag = structTagOfKey(key);
    if (tag === undefined) return undefined;
    const frees: FreeInfo[] = [];
    const releases: ReleaseCall[] = [];
    const via: string[] = [];
    const seen = new Set<string>();
    const queue = [key];
    while (queue.length > 0) {
      const k = queue.shift();
      if (k === undefined || seen.has(k)) continue;
      seen.add(k);
      const kTag = structTagOfKey(k);
      // Any free of the key counts (a driver's remove() reaches its struct through drvdata, not a parameter).
      for (const f of this.freesByKey.get(k) ?? []) frees.push(f);
      for (const r of this.releasesByKey.get(k) ?? []) releases.push(r);
      for (const m of this.movesOf(k)) {
        // A value moved between fields counts only inside a function of that struct (a reset moving elements to the pool).
        if (kTag !== undefined && !this.takesStruct(m.fn, kTag) && !this.takesStruct(m.fn, tag)) continue;
        if (!via.includes(m.fn)) via.push(m.fn);
        queue.push(m.to);
      }
      if (seen.size > 50) break;
    }
    return frees.length > 0 || releases.length > 0 ? { frees, via, releases } : undefined;
  }

  /** Where values of `key` are moved, resolving calls through their callees' parameter summaries (once per key). */
  private movesOf(key: string): { to: string; fn: string }[] {
    let out = this.resolvedMoves.get(key);
    if (out) return out;
    out = [];
    for (const m of this.moves.get(key) ?? []) {
      if ('to' in m) {
        out.push(m);
        continue;
      }
      const s = this.own.paramSummaryOf(m.callee, m.param);
      if (!s || s.effect !== 'takes') continue;
      for (const k of s.keys) if (key !== k) out.push({ to: k, fn: m.fn });
    }
    this.resolvedMoves.set(key, out);
    return out;
  }

  private takesStruct(fnId: string, tag: string): boolean {
    const fn = this.pf.functions.get(fnId);
    return !!fn && fn.ctx.params.some((p) => pointeeTag(fn.ctx, p) === tag);
  }
}

/** Accounts for the outcomes of allocation sites under a set of rules. */
export class Accountant {
  /**
   * When set, the ids of the allocation sites whose cleared state an accounting read
   * (a wrapper's callers, accountReturned), for clearByRules to know when a result may change.
   */
  clearedAsked: string[] | undefined;

  constructor(private readonly st: PassState) {}

  /**
   * Accounts for every outcome of a site, or returns the first one that no allowed
   * rule explains. `unitOk(tag)` says whether the structure `tag` is clean as a unit.
   */
  accountSite(a: AllocInfo, rules: ReadonlySet<RuleName>, unitOk: (unit: string) => boolean, depth = 0): { accounts: Account[] } | { failed: Outcome | undefined } {
    if (a.fate.truncated) return { failed: undefined };
    const accounts: Account[] = [];
    // Structures are judged per file (a library), not across the whole tree.
    if (depth === 0) this.rawUnitOk = unitOk;
    const unitHere = (tag: string): boolean => unitOk(`${tag}@${a.site.file}`);
    for (const o of a.fate.outcomes) {
      const acc = this.accountOutcome(a, o, rules, unitHere, depth);
      if (!acc) return { failed: o };
      accounts.push(acc);
    }
    return { accounts };
  }

  /** Struct tags a site's outcomes rely on (membership of a structure unit); fixed once the analysis is prepared. */
  tagsOf(a: AllocInfo): string[] {
    let tags = this.st.index.siteTags.get(a);
    if (!tags) {
      tags = this.findTags(a);
      this.st.index.siteTags.set(a, tags);
    }
    return tags;
  }

  private findTags(a: AllocInfo): string[] {
    const tags = new Set<string>();
    const fn = this.st.pf.functions.get(a.fn);
    for (const o of a.fate.outcomes) {
      if (o.kind === 'stored') {
        const t = structTagOfKey(o.key);
        if (t !== undefined) tags.add(t);
      } else if (o.kind === 'handed') {
        for (const k of o.keys) {
          const t = structTagOfKey(k);
          if (t !== undefined) tags.add(t);
        }
      } else if (o.kind === 'returned' && fn) {
        const t = this.returnedTag(a);
        if (t !== undefined && this.st.index.destructors.has(t)) tags.add(t);
      }
    }
    return [...tags].map((t) => `${t}@${a.site.file}`);
  }

  private returnedTag(a: AllocInfo): string | undefined {
    const fn = this.st.pf.functions.get(a.fn);
    if (!fn) return undefined;
    const holder = a.site.target;
    return classify(fn.ctx, holder).kind === 'local' ? pointeeTag(fn.ctx, holder) : undefined;
  }

  private accountOutcome(a: AllocInfo, o: Outcome, rules: ReadonlySet<RuleName>, unitOk: (tag: string) => boolean, depth: number): Account | undefined {
    const pf = this.st.pf;
    switch (o.kind) {
      case 'null':
        return { rule: 'trivial', text: `when the allocation fails (checked at line ${o.line}) there is nothing to free`, pairedWith: [], chain: [], tags: [] };
      case 'exit':
        return { rule: 'trivial', text: `the program ends at line ${o.line} (${o.callee}())`, pairedWith: [], chain: [], tags: [] };
      case 'kept':
      case 'leak':
        return undefined;
      case 'freed': {
        if (o.wrongFamily) return undefined;
        const free = this.st.own.freeById.get(o.freeSite);
        const destructorTag = free?.wrapper !== undefined ? this.destructorTag(free.wrapper) : undefined;
        // Through a derived deallocator: its own frees pair with this allocation too.
        const inner = free?.wrapper !== undefined ? (this.st.index.innerFrees.get(free.wrapper) ?? []) : [];
        const paired = [o.freeSite, ...inner];
        if (free?.wrapper !== undefined || !this.st.pf.program.table.has(o.api)) {
          // A derived deallocator (also called through a function pointer): the block is handed to a function that frees it.
          if (rules.has('handed')) return { rule: 'handed', text: `handed at line ${o.line} to ${o.api}(), which frees it on every path (${inner.join(', ') || o.freeSite})`, pairedWith: paired, chain: [a.fn, free?.wrapper ?? o.api], tags: [] };
          if (destructorTag !== undefined && rules.has('structure') && unitOk(destructorTag) && this.isConstructorOf(a.fn, destructorTag)) {
            return { rule: 'structure', text: `released with ${o.api}(), the destroy function of struct ${destructorTag}, at line ${o.line}`, pairedWith: paired, chain: [a.fn, free?.wrapper ?? o.api], tags: [destructorTag] };
          }
          return undefined;
        }
        if (rules.has('freed-locally')) return { rule: 'freed-locally', text: `freed by ${o.api}() at line ${o.line}`, pairedWith: paired, chain: [a.fn], tags: [] };
        if (destructorTag !== undefined && rules.has('structure') && unitOk(destructorTag)) {
          return { rule: 'structure', text: `released with ${o.api}(), the destroy function of struct ${destructorTag}, at line ${o.line}`, pairedWith: paired, chain: [a.fn, free?.wrapper ?? ''], tags: [destructorTag] };
        }
        return undefined;
      }
      case 'handed': {
        if (o.how === 'frees' || o.how === 'callback-frees') {
          const calleeTag = this.destructorTag(o.callee);
          if (rules.has('handed') && o.pool !== undefined) {
            const parts = o.freeSites.length > 0 ? `frees its parts (${o.freeSites.join(', ')}) and ` : '';
            return { rule: 'handed', text: `handed by address at line ${o.line} to ${fnName(pf, o.callee)}(), which releases it: it ${parts}puts the block back on the free list ${o.pool} for reuse`, pairedWith: o.freeSites, chain: [a.fn, o.callee], tags: [] };
          }
          if (rules.has('handed')) {
            const through = o.how === 'callback-frees' ? ` through ${o.callee}(), which runs ${fnName(pf, o.via)}(),` : ` to ${fnName(pf, o.callee)}(), which`;
            // A put or release whose summary frees only on some paths frees on the last reference: say so, not "every path".
            const lastReference = o.how === 'frees' && this.st.own.paramSummaryOf(o.callee, o.param)?.effect === 'maybe-frees';
            const how = lastReference ? 'releases it, freeing it when the last reference goes' : 'frees it on every path';
            return { rule: 'handed', text: `handed at line ${o.line}${through}${o.how === 'callback-frees' ? ' which' : ''} ${how} (${o.freeSites.join(', ') || 'its parameter'})`, pairedWith: o.freeSites, chain: [a.fn, o.via !== '' ? o.via : o.callee], tags: [] };
          }
          if (calleeTag !== undefined && rules.has('structure') && unitOk(calleeTag) && this.isConstructorOf(a.fn, calleeTag)) {
            return { rule: 'structure', text: `released at line ${o.line} by ${fnName(pf, o.callee)}(), the destroy function of struct ${calleeTag} (${o.freeSites.join(', ')})`, pairedWith: o.freeSites, chain: [a.fn, o.callee], tags: [calleeTag] };
          }
          return undefined;
        }
        if (o.how === 'maybe-frees') return undefined;
        if (o.how === 'external') {
          if (!rules.has('handed')) return undefined;
          if (o.assumed === true) {
            // An inner call's result passed straight on to a callee nothing is known about (not a known reader).
            const where = pf.functions.has(o.callee) ? `${fnName(pf, o.callee)}(), whose use of it cannot be followed` : `${o.callee}(), outside this project and not known to only read its arguments`;
            return { rule: 'handed', text: `handed at line ${o.line} to ${where}, so it is assumed to keep it`, pairedWith: [], chain: [a.fn], tags: [] };
          }
          // A capitalised container macro (`TAILQ_INSERT_TAIL`, `RB_INSERT`) may be defined in the project with a body the
          // walk cannot read (a compat header, token pasting): it is known by its name, not by where it lives.
          const where = /^[A-Z][A-Z0-9_]*$/.test(o.callee) ? 'a container macro whose name says it' : 'outside this project, which';
          return { rule: 'handed', text: `handed at line ${o.line} to ${o.callee}(), ${where} keeps it`, pairedWith: [], chain: [a.fn], tags: [] };
        }
        // takes / callback-takes: wherever it is kept must be released.
        if (o.keys.length === 0) {
          // A callee that passes it on to a keeper outside the project; a thread that keeps it and never frees it stays a suspect.
          if (o.how !== 'takes' || !rules.has('handed')) return undefined;
          return { rule: 'handed', text: `handed at line ${o.line} to ${fnName(pf, o.callee)}(), which passes it on outside this project`, pairedWith: [], chain: [a.fn, o.callee], tags: [] };
        }
        const parts: Account[] = [];
        for (const k of o.keys) {
          const acc = this.accountKey(k, rules, unitOk, a.fn);
          if (!acc) return undefined;
          parts.push(acc);
        }
        const rule: RuleName = parts.every((p) => p.rule === 'structure') && !rules.has('handed') ? 'structure' : rules.has('handed') ? 'handed' : (parts[0]?.rule ?? 'handed');
        if (rule === 'handed' && !rules.has('handed') && !parts.every((p) => rules.has(p.rule))) return undefined;
        return {
          rule,
          text: `handed at line ${o.line} to ${fnName(pf, o.via !== '' ? o.via : o.callee)}(), which keeps it in ${o.keys.join(', ')}: ${parts.map((p) => p.text).join('; ')}`,
          pairedWith: parts.flatMap((p) => p.pairedWith),
          chain: [a.fn, o.via !== '' ? o.via : o.callee, ...parts.flatMap((p) => p.chain)],
          tags: parts.flatMap((p) => p.tags),
        };
      }
      case 'stored': {
        if (o.where === 'outparam') return this.accountReturned(a, rules, unitOk, depth, isMacroArgumentKey(o.key) ? `handed back in its argument ${o.text}` : `stored through ${o.text} for the caller`);
        const acc = this.accountKey(o.key, rules, unitOk, a.fn);
        if (!acc) return undefined;
        return { ...acc, text: `kept in ${o.text} (${o.key}): ${acc.text}` };
      }
      case 'returned':
        return this.accountReturned(a, rules, unitOk, depth, 'returned');
    }
  }

  /** Free site ids, plus the frees inside derived deallocators among them. */
  private withInner(frees: FreeInfo[]): string[] {
    const out = new Set<string>();
    for (const f of frees) {
      out.add(f.site.id);
      if (f.wrapper !== undefined) for (const s of this.st.index.innerFrees.get(f.wrapper) ?? []) out.add(s);
    }
    return [...out];
  }

  /** True when the function builds and returns a struct of this tag (its error paths may destroy it). */
  private isConstructorOf(fnId: string, tag: string): boolean {
    let pairs = this.st.index.constructorPairs;
    if (!pairs) {
      pairs = new Set();
      for (const x of this.st.own.allocs) {
        if (x.wrapper !== undefined || !x.fate.outcomes.some((o) => o.kind === 'returned')) continue;
        const t = this.returnedTag(x);
        if (t !== undefined) pairs.add(`${x.fn}\u0000${t}`);
      }
      this.st.index.constructorPairs = pairs;
    }
    return pairs.has(`${fnId}\u0000${tag}`);
  }
  /** The unit test of the outermost site being accounted (nested callers use it with their own file). */
  private rawUnitOk: (unit: string) => boolean = () => true;

  private destructorTag(fnId: string): string | undefined {
    return this.st.index.destructorTagOf.get(fnId);
  }

  /** A storage key: a struct field released by the struct's destroy/reset, or a global released at teardown. */
  private accountKey(key: string, rules: ReadonlySet<RuleName>, unitOk: (tag: string) => boolean, allocFn: string): Account | undefined {
    const tag = structTagOfKey(key);
    if (tag !== undefined) {
      if (!rules.has('structure') || !unitOk(tag)) return undefined;
      const rel = this.st.index.structRelease(key);
      if (!rel) return this.ownedOutside(key, tag, rules, allocFn);
      const moved = rel.via.length > 0 ? `moved by ${rel.via.map((v) => `${fnName(this.st.pf, v)}()`).join(', ')} and ` : '';
      return { rule: 'structure', text: `${moved}${releaseWords(this.st.pf, rel.frees, rel.releases)}`, pairedWith: this.withInner(rel.frees), chain: [...rel.via, ...rel.frees.map((f) => f.fn), ...rel.releases.map((r) => r.fn)], tags: [tag] };
    }
    if (key.startsWith('global ') || key.startsWith('static ')) {
      if (!rules.has('global')) return undefined;
      return this.globalRelease(key, allocFn);
    }
    return this.ownedOutside(key, undefined, rules, allocFn);
  }

  /**
   * Kept in a structure this project never frees (or whose type is unknown): its owner
   * lives outside the project. When the project does free that struct somewhere but never
   * this field, the field leaks with it, so nothing is accounted for.
   */
  private ownedOutside(key: string, tag: string | undefined, rules: ReadonlySet<RuleName>, allocFn: string): Account | undefined {
    if (!rules.has('handed')) return undefined;
    if (tag !== undefined) {
      // A free in the allocating function itself is its own error path (`if (!abc->a) { free(abc); return NULL; }`),
      // not the project managing struct X: only frees elsewhere say the project releases it.
      const freed = this.st.index.freedTags.get(tag) ?? [];
      if (freed.some((f) => f.fn !== allocFn)) return undefined;
      // The project frees the array (`free(b->items)`) but never hands its elements to anything: they leak with it.
      if (key.endsWith('[]') && (this.st.index.freesByKey.get(key.slice(0, -2)) ?? []).length > 0 && !this.elementsPassedOn(key)) return undefined;
      const where = freed.length > 0 ? `the only free of a struct ${tag} found in this project is ${fnName(this.st.pf, allocFn)}()'s own error path` : `no struct ${tag} is freed in this project`;
      return { rule: 'handed', text: `kept in ${key}; ${where}, so its owner outside the project releases it`, pairedWith: [], chain: [], tags: [] };
    }
    return { rule: 'handed', text: `kept in ${key.replace(/^expr /, '')}, whose owner cannot be followed from here`, pairedWith: [], chain: [], tags: [] };
  }

  /** True when some call in the project is given an element of the array field `key` names (`free_node(sb, jb->bitmaps[i])`). */
  private elementsPassedOn(key: string): boolean {
    const hit = this.st.index.elementUse.get(key);
    if (hit !== undefined) return hit;
    const field = /\.([A-Za-z_]\w*)\[\]$/.exec(key)?.[1];
    let used = false;
    if (field !== undefined) {
      for (const { fn, arg } of this.st.index.elementArgs().get(field) ?? []) {
        if (classify(fn.ctx, arg).key === key) {
          used = true;
          break;
        }
      }
    }
    this.st.index.elementUse.set(key, used);
    return used;
  }

  /** A global is released at teardown when a free of it runs on the exit side of an init/exit pair whose init reaches the allocation. */
  globalRelease(key: string, allocFn: string): Account | undefined {
    const memo = this.st.index.globalReleases;
    const memoKey = `${key}\u0000${allocFn}`;
    if (memo.has(memoKey)) return memo.get(memoKey);
    const out = this.findGlobalRelease(key, allocFn);
    memo.set(memoKey, out);
    return out;
  }

  /** The frees of `key` in functions `exit` reaches (memoised per key and exit: many sites share a global). */
  private freesReachedFrom(key: string, frees: FreeInfo[], exit: string): FreeInfo[] {
    const memoKey = `${key}\u0000${exit}`;
    let out = this.st.index.freesAtExit.get(memoKey);
    if (!out) {
      out = frees.filter((f) => this.st.pf.reachers(f.fn).has(exit));
      this.st.index.freesAtExit.set(memoKey, out);
    }
    return out;
  }

  private findGlobalRelease(key: string, allocFn: string): Account | undefined {
    const pf = this.st.pf;
    const frees = this.st.index.freesByKey.get(key) ?? [];
    const releases = this.st.index.releasesByKey.get(key) ?? [];
    if (frees.length === 0 && releases.length === 0) return undefined;
    const name = key.replace(/^(global |static .*::)/, '');
    const reachesAlloc = pf.reachers(allocFn);
    for (const pair of pf.pairs) {
      if (!reachesAlloc.has(pair.init)) continue;
      const atExit = this.freesReachedFrom(key, frees, pair.exit);
      const putAtExit = releases.filter((r) => pf.reachers(r.fn).has(pair.exit));
      if (atExit.length === 0 && putAtExit.length === 0) continue;
      return {
        rule: 'global',
        text: `${name} is ${releaseWords(pf, atExit, putAtExit)}, reached from ${fnName(pf, pair.exit)}(), the teardown paired with ${fnName(pf, pair.init)}() (${pair.how})`,
        pairedWith: this.withInner(frees),
        chain: [pair.init, allocFn, pair.exit, ...atExit.map((f) => f.fn), ...putAtExit.map((r) => r.fn)],
        tags: [],
      };
    }
    // No registered entry point reaches the allocation: accept a release elsewhere, and say so.
    const reachedByPair = pf.pairs.some((p) => reachesAlloc.has(p.init));
    const elsewhere = frees.filter((f) => f.fn !== allocFn);
    const putElsewhere = releases.filter((r) => r.fn !== allocFn);
    if (!reachedByPair && (elsewhere.length > 0 || putElsewhere.length > 0)) {
      return {
        rule: 'global',
        text: `${name} is ${releaseWords(pf, elsewhere, putElsewhere)}; no registered init/exit pair reaches ${fnName(pf, allocFn)}(), so the teardown is taken from the release alone`,
        pairedWith: this.withInner(frees),
        chain: [allocFn, ...elsewhere.map((f) => f.fn), ...putElsewhere.map((r) => r.fn)],
        tags: [],
      };
    }
    return undefined;
  }

  /** Returned (or stored through an out-parameter): accounted for by the callers' results. */
  private accountReturned(a: AllocInfo, rules: ReadonlySet<RuleName>, unitOk: (tag: string) => boolean, depth: number, how: string): Account | undefined {
    const pf = this.st.pf;
    const name = fnName(pf, a.fn);
    if (rules.has('structure-header')) {
      const tag = this.returnedTag(a);
      const d = tag === undefined ? undefined : this.st.index.destructors.get(tag);
      if (tag !== undefined && d && d.length > 0 && unitOk(tag)) {
        return { rule: 'structure', text: `${how} by ${name}(), the constructor of struct ${tag}, which ${d.map((x) => `${fnName(pf, x)}()`).join(', ')} destroys`, pairedWith: [], chain: [a.fn, ...d], tags: [tag] };
      }
    }
    const callers = this.st.own.wrapperSites.get(a.fn) ?? [];
    if (callers.length === 0) {
      if (!rules.has('wrappers')) return undefined;
      return { rule: 'wrappers', text: `${how} by ${name}(), which nothing in this project calls: its callers own the block`, pairedWith: [], chain: [a.fn], tags: [] };
    }
    if (depth > 4) return undefined;
    const parts: string[] = [];
    const paired: string[] = [];
    const tags: string[] = [];
    let allStructure = true;
    for (const w of callers) {
      this.clearedAsked?.push(w.site.id);
      const by = this.st.cleared.get(w.site.id);
      if (by !== undefined) {
        parts.push(`${fnName(pf, w.fn)}() at ${w.site.id}, cleared by the ${by} pass`);
        if (by !== 'owned-by-structure') allStructure = false;
        continue;
      }
      // Only structure ownership may be followed into callers outside the wrappers pass.
      const callerRules = rules.has('wrappers') ? rules : new Set<RuleName>([...rules].filter((r) => r === 'structure' || r === 'trivial'));
      const r = this.accountSite(w, callerRules, this.rawUnitOk, depth + 1);
      if ('failed' in r) return undefined;
      if (!r.accounts.every((x) => x.rule === 'structure' || x.rule === 'trivial')) allStructure = false;
      parts.push(`${fnName(pf, w.fn)}() ${r.accounts.map((x) => x.text).join('; ')}`);
      for (const x of r.accounts) {
        paired.push(...x.pairedWith);
        tags.push(...x.tags);
      }
    }
    const rule: RuleName = rules.has('wrappers') ? 'wrappers' : allStructure ? 'structure' : 'wrappers';
    if (!rules.has(rule)) return undefined;
    return { rule, text: `${how} by ${name}() to ${callers.length === 1 ? 'its one caller' : `its ${callers.length} callers`}: ${parts.join('; ')}`, pairedWith: paired, chain: [a.fn, ...callers.map((w) => w.fn)], tags };
  }
}

/**
 * Runs the elimination passes over a resolved program in the investigation's order,
 * clears the frees that pair with cleared allocations, applies manual clears (the
 * `manual` pass), and ranks what is left as suspects with a reason in words.
 */
import type { AnalysisView, Investigation } from '../../preload/contract';
import type { Clearing, PassResult, Site, SuspectDetail, SuspectReason } from '../../preload/model';
import type { Outcome, TrailStep } from './fate';
import type { Program } from './graph';
import { analyseOwnership, type AllocInfo, type FreeInfo, type Ownership, type WrapperConfig } from './ownership';
import { Accountant, ReleaseIndex, type PassState, type RuleName } from './passes/accounting';
import { freedLocallyPass } from './passes/freed-locally';
import { globalTeardownPass } from './passes/global-teardown';
import { handedOffPass } from './passes/handed-off';
import { managedPass } from './passes/managed';
import { ownedByStructurePass } from './passes/owned-by-structure';
import type { Pass } from './passes/pass';
import { singleUseHelpersPass } from './passes/single-use-helpers';
import { throughWrappersPass } from './passes/through-wrappers';
import { ProgramFacts } from './program-facts';
import { isMacroArgumentKey } from './storage';

/** Every pass, in the default order (the seed's way of working), `manual` last. */
export const PASSES: readonly Pass[] = [singleUseHelpersPass, ownedByStructurePass, freedLocallyPass, globalTeardownPass, handedOffPass, throughWrappersPass, managedPass];

/** Name of the pass made of the user's manual clears. */
export const MANUAL_PASS = 'manual';

/** Default pass order, including `manual`. */
export const DEFAULT_PASS_ORDER: readonly string[] = [...PASSES.map((p) => p.name), MANUAL_PASS];

/** Titles for every pass name, including `manual`. */
export const PASS_TITLES: Readonly<Record<string, string>> = Object.fromEntries([...PASSES.map((p) => [p.name, p.title]), [MANUAL_PASS, 'Cleared by hand, with a note']]);

/** The passes result without the host's undo/redo flags. */
export type PassesView = Omit<AnalysisView, 'canUndo' | 'canRedo'>;

/** Options: the project's wrapper decisions. */
export interface RunOptions {
  wrappers?: WrapperConfig;
}

/** The analysis computed once per program, reusable across investigation changes. */
export interface PreparedAnalysis {
  pf: ProgramFacts;
  own: Ownership;
  index: ReleaseIndex;
  sites: Site[];
}

/** Computes summaries, wrappers and fates (the expensive part) once. */
export function prepareAnalysis(program: Program, options: RunOptions = {}): PreparedAnalysis {
  const pf = new ProgramFacts(program);
  const own = analyseOwnership(pf, options.wrappers);
  const index = new ReleaseIndex(pf, own);
  // Origins served the free keys and the release index; the passes do not read them.
  pf.releaseScanMemos();
  const byId = new Map<string, Site>();
  for (const s of program.graph.sites) byId.set(s.id, s);
  for (const a of own.allocs) if (!byId.has(a.site.id)) byId.set(a.site.id, a.site);
  for (const f of own.frees) if (!byId.has(f.site.id)) byId.set(f.site.id, f.site);
  const sites = [...byId.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  return { pf, own, index, sites };
}

/** Runs the passes for an investigation over a program (or a prepared analysis of it). */
export function runPasses(program: Program | PreparedAnalysis, investigation: Investigation, options: RunOptions = {}): PassesView {
  const prep = 'own' in program ? program : prepareAnalysis(program, options);
  const { pf, own, index, sites } = prep;
  const state: PassState = { pf, own, index, cleared: new Map() };
  const order = [...investigation.passOrder.filter((n) => DEFAULT_PASS_ORDER.includes(n))];
  for (const n of DEFAULT_PASS_ORDER) if (!order.includes(n)) order.push(n);
  const disabled = new Set(investigation.disabled);
  const allowed = new Set<RuleName>(['trivial']);
  const passes: PassResult[] = [];
  for (const name of order) {
    if (disabled.has(name)) continue;
    if (name === MANUAL_PASS) {
      passes.push({ name, title: PASS_TITLES[name] ?? name, cleared: manualClears(state, sites, investigation) });
      continue;
    }
    const pass = PASSES.find((p) => p.name === name);
    if (!pass) continue;
    for (const r of pass.adds) allowed.add(r);
    const cleared = pass.run(state, allowed);
    passes.push({ name, title: pass.title, cleared: [...cleared, ...pairedFrees(state, cleared, name)] });
  }
  const { suspects, details } = rankSuspects(state, sites);
  return { passes, suspects, sites, details, investigation };
}

/** Frees that release what a pass just cleared. */
function pairedFrees(state: PassState, cleared: Clearing[], passName: string): Clearing[] {
  const out: Clearing[] = [];
  const freesIn = freesByFunction(state.own);
  for (const c of cleared) {
    const alloc = state.own.allocById.get(c.site);
    const ids = new Set(c.evidence.pairedWith);
    // A free of the same local in the same function (`nswap_thread_wrapper(args)` after kernel_thread fails).
    if (alloc && alloc.site.target !== '') for (const f of freesIn.get(alloc.fn) ?? []) if (f.arg === alloc.site.target) ids.add(f.site.id);
    for (const id of [...ids].sort()) {
      if (state.cleared.has(id) || !state.own.freeById.has(id)) continue;
      state.cleared.set(id, passName);
      out.push({ site: id, rule: passName, evidence: { text: `releases what ${c.site} allocated (cleared above)`, pairedWith: [c.site], chain: c.evidence.chain } });
    }
  }
  return out;
}

const freesByFunctionMemo = new WeakMap<Ownership, Map<string, FreeInfo[]>>();

/** The free sites of each function, in the order of `own.frees` (built once per analysis). */
function freesByFunction(own: Ownership): Map<string, FreeInfo[]> {
  let map = freesByFunctionMemo.get(own);
  if (!map) {
    map = new Map();
    for (const f of own.frees) {
      const list = map.get(f.fn);
      if (list) list.push(f);
      else map.set(f.fn, [f]);
    }
    freesByFunctionMemo.set(own, map);
  }
  return map;
}

/** The manual pass: every site matched by a manual clear, with the user's note. */
function manualClears(state: PassState, sites: Site[], investigation: Investigation): Clearing[] {
  const out: Clearing[] = [];
  for (const m of investigation.manual) {
    const dir = m.target.replace(/\/+$/, '');
    for (const s of sites) {
      const hit = m.scope === 'site' ? s.id === m.target : m.scope === 'function' ? s.function === m.target : m.scope === 'file' ? s.file === m.target : s.file.startsWith(dir + '/') || dir === '' || dir === '.';
      if (!hit || state.cleared.has(s.id)) continue;
      state.cleared.set(s.id, MANUAL_PASS);
      out.push({ site: s.id, rule: MANUAL_PASS, evidence: { text: `cleared by hand (${m.scope} ${m.target}): ${m.note}`, pairedWith: [], chain: [s.function] } });
    }
  }
  return out;
}

const REASON_RANK: Record<SuspectReason, number> = { 'never-freed': 0, 'freed-on-some-paths': 1, 'wrong-family': 2, 'overwritten-while-live': 3, unmatched: 4 };

/** Words for a path: the decisions taken, then where it ends. */
export function describePath(trail: TrailStep[], end: string): string {
  const steps = trail.map((t) => `line ${t.line} (${t.cond} is ${t.taken ? 'true' : 'false'})`);
  return steps.length > 0 ? `the path through ${steps.join(', ')} ${end}` : `the path ${end}`;
}

/** Why an uncleared allocation is suspected. */
function explain(state: PassState, a: AllocInfo): { reason: SuspectReason; detail: string } {
  const o = a.fate.outcomes;
  const leaks = o.filter((x): x is Extract<typeof x, { kind: 'leak' }> => x.kind === 'leak');
  const handled = o.filter((x) => x.kind !== 'leak' && x.kind !== 'null' && x.kind !== 'exit');
  const overwrite = leaks.find((l) => l.reason === 'overwritten' || l.reason === 'loop' || l.reason === 'realloc-lost');
  const lost = leaks.find((l) => l.reason !== 'overwritten' && l.reason !== 'loop' && l.reason !== 'realloc-lost');
  if (lost) {
    const where = describePath(lost.trail, `to line ${lost.line}: it ${lost.detail}`);
    if (handled.length > 0) return { reason: 'freed-on-some-paths', detail: `leaks on ${where}; on other paths it is ${handled.map((h) => outcomeWords(state, h, true)).filter((k, i, l) => l.indexOf(k) === i).join(' or ')}` };
    return { reason: 'never-freed', detail: `never freed: on ${where}` };
  }
  const wrong = o.find((x) => x.kind === 'freed' && x.wrongFamily);
  if (wrong && wrong.kind === 'freed') return { reason: 'wrong-family', detail: `${a.site.api}() memory (family ${a.site.family}) is released with ${wrong.api}() at line ${wrong.line}` };
  if (overwrite) return { reason: 'overwritten-while-live', detail: `it ${overwrite.detail} (${describePath(overwrite.trail, `to line ${overwrite.line}`)})` };
  if (a.fate.truncated) return { reason: 'unmatched', detail: 'the function has too many paths to follow them all; check it by hand' };
  const stored = o.find((x) => x.kind === 'stored');
  if (stored && stored.kind === 'stored' && stored.where !== 'outparam' && (state.index.freesByKey.get(stored.key) ?? []).length === 0 && (state.index.releasesByKey.get(stored.key) ?? []).length === 0 && !state.index.structRelease(stored.key)) {
    return { reason: 'never-freed', detail: `kept in ${stored.text} (${stored.key}), which nothing frees` };
  }
  const keeper = o.find((x) => x.kind === 'handed' && x.how === 'callback-takes' && x.keys.length === 0);
  if (keeper && keeper.kind === 'handed') return { reason: 'never-freed', detail: `handed at line ${keeper.line} through ${keeper.callee}() to ${state.pf.functions.get(keeper.via)?.node.name ?? keeper.via}(), which never frees it` };
  const maybe = o.find((x) => x.kind === 'handed' && x.how === 'maybe-frees');
  if (maybe && maybe.kind === 'handed') return { reason: 'freed-on-some-paths', detail: `handed at line ${maybe.line} to ${maybe.via !== '' ? maybe.via : maybe.callee}(), which frees it on some paths only` };
  const failing = new Accountant(state).accountSite(a, new Set<RuleName>(['trivial', 'freed-locally', 'structure', 'global', 'handed', 'wrappers']), () => true);
  const first = ('failed' in failing ? failing.failed : undefined) ?? o.find((x) => x.kind !== 'null' && x.kind !== 'exit');
  return { reason: 'unmatched', detail: first ? `no rule accounts for how it ends at line ${first.line}: ${outcomeWords(state, first)}${first.kind === 'returned' || (first.kind === 'stored' && first.where === 'outparam') ? openCallers(state, a.fn) : ''}` : 'no rule accounts for it' };
}

/**
 * The call sites of wrapper `fn` still not cleared, where the leak a wrapper's inner site
 * waits on is to be found: ` (not cleared: a.c:12:make_buf, …)`, at most three named.
 */
function openCallers(state: PassState, fn: string): string {
  const open = (state.own.wrapperSites.get(fn) ?? []).filter((c) => !state.cleared.has(c.site.id)).map((c) => c.site.id);
  if (open.length === 0) return '';
  return ` (not cleared: ${open.slice(0, 3).join(', ')}${open.length > 3 ? ` and ${open.length - 3} more` : ''})`;
}

/** One way a path ends, in words, for a suspect's detail. */
function outcomeWords(state: PassState, o: Outcome, brief = false): string {
  const name = (id: string): string => state.pf.functions.get(id)?.node.name ?? id;
  if (brief) {
    if (o.kind === 'handed') return `handed to ${name(o.via !== '' ? o.via : o.callee)}() at line ${o.line}`;
    if (o.kind === 'freed') return `freed by ${o.api}() at line ${o.line}`;
    if (o.kind === 'stored') return `kept in ${o.text}`;
    if (o.kind === 'returned') return 'returned';
  }
  switch (o.kind) {
    case 'stored':
      return o.where === 'outparam' ? `${isMacroArgumentKey(o.key) ? `handed back in its argument ${o.text} to` : `stored through ${o.text} for`} callers whose results are not all cleared` : `kept in ${o.text} (${o.key}), which no rule shows released`;
    case 'returned':
      return 'returned to callers whose results are not all cleared';
    case 'handed':
      return o.how === 'external'
        ? `handed to ${o.callee}(), outside this project`
        : `handed to ${name(o.via !== '' ? o.via : o.callee)}(), which ${o.how === 'maybe-frees' ? 'frees it on some paths only' : o.keys.length > 0 ? `keeps it in ${o.keys.join(', ')}, which no rule shows released` : 'keeps it where it cannot be followed'}`;
    case 'freed':
      return `freed by ${o.api}()`;
    default:
      return o.kind;
  }
}

/** Suspects: allocation sites not cleared, most severe first. */
function rankSuspects(state: PassState, sites: Site[]): { suspects: string[]; details: SuspectDetail[] } {
  const order = new Map(sites.map((s, i) => [s.id, i]));
  const details: SuspectDetail[] = [];
  for (const a of state.own.allocs) {
    if (state.cleared.has(a.site.id) || a.managed) continue;
    const { reason, detail } = explain(state, a);
    details.push({ site: a.site.id, reason, detail });
  }
  details.sort((x, y) => REASON_RANK[x.reason] - REASON_RANK[y.reason] || (order.get(x.site) ?? 0) - (order.get(y.site) ?? 0));
  return { suspects: details.map((d) => d.site), details };
}

/**
 * The pass player's timeline as data: step 0 is every site before any pass, step k is
 * the state after the first k passes. For each step: the state of every site, the
 * running counts per allocator family (the seed's "19 kmallocs / 22 kfrees"), and a
 * caption that says what the step cleared.
 */
import type { PassesReport, Site } from '../../preload/model';

/** How a site looks at a step. Suspects show as such only once every pass has run. */
export type SiteState = 'live' | 'cleared' | 'suspect';

/** Remaining allocations and frees of one family at a step. */
export interface FamilyCount {
  family: string;
  allocs: number;
  frees: number;
}

/** One step of the timeline. */
export interface PassStep {
  index: number;
  /** Pass name, `start` for step 0. */
  name: string;
  /** The pass's full one-line title (tooltips). */
  title: string;
  /** The title as a person says it ("single-use helpers"): short enough for a caption. */
  spoken: string;
  caption: string;
  /** Site ids cleared by this step's pass (empty for step 0). */
  clearedNow: string[];
  state: Map<string, SiteState>;
  counts: FamilyCount[];
}

const isAlloc = (s: Site): boolean => s.kind === 'alloc' || s.kind === 'realloc';

/** Remaining (not cleared) allocs and frees per family, families by size then name. */
export function countByFamily(sites: readonly Site[], state: Map<string, SiteState>): FamilyCount[] {
  const byFamily = new Map<string, FamilyCount>();
  for (const s of sites) {
    let c = byFamily.get(s.family);
    if (!c) byFamily.set(s.family, (c = { family: s.family, allocs: 0, frees: 0 }));
    if (state.get(s.id) === 'cleared') continue;
    if (isAlloc(s)) c.allocs++;
    else c.frees++;
  }
  const total = (f: string): number => sites.filter((s) => s.family === f).length;
  return [...byFamily.values()].sort((a, b) => total(b.family) - total(a.family) || (a.family < b.family ? -1 : 1));
}

/** "4 kmallocs, 3 kfrees": counts per api name in first-seen order. */
export function describeCleared(sites: readonly Site[]): string {
  const byApi = new Map<string, number>();
  for (const s of sites) byApi.set(s.api, (byApi.get(s.api) ?? 0) + 1);
  if (byApi.size === 0) return 'nothing';
  return [...byApi].map(([api, n]) => `${n} ${api}${n === 1 ? '' : 's'}`).join(', ');
}

/**
 * Build every step of the timeline from a passes report. `counted` picks the sites the
 * counts and captions talk about (the seed counts calls of kmalloc and kfree, not of
 * the project's own wrappers); every site still gets a state.
 */
export function buildPassSteps(report: PassesReport, counted: (s: Site) => boolean = () => true): PassStep[] {
  const siteById = new Map(report.sites.map((s) => [s.id, s]));
  const countedSites = report.sites.filter(counted);
  const state = new Map<string, SiteState>(report.sites.map((s) => [s.id, 'live']));
  const steps: PassStep[] = [];
  const first = report.passes.length === 0 ? finalState(state, report.suspects) : new Map(state);
  steps.push({ index: 0, name: 'start', title: 'Every allocation and free', spoken: 'start', caption: `Start — ${countedSites.length} allocation and free calls found`, clearedNow: [], state: first, counts: countByFamily(countedSites, first) });
  report.passes.forEach((pass, i) => {
    const clearedNow = pass.cleared.map((c) => c.site).filter((id) => state.get(id) !== 'cleared' && siteById.has(id));
    for (const id of clearedNow) state.set(id, 'cleared');
    const last = i === report.passes.length - 1;
    const snapshot = last ? finalState(state, report.suspects) : new Map(state);
    const sites = clearedNow.map((id) => siteById.get(id) as Site).filter(counted);
    const spoken = spokenTitle(pass.name, pass.title);
    const caption = `Pass ${i + 1} — ${spoken}: ${sites.length ? `cleared ${describeCleared(sites)}` : 'no change'}`;
    steps.push({ index: i + 1, name: pass.name, title: pass.title, spoken, caption, clearedNow, state: snapshot, counts: countByFamily(countedSites, snapshot) });
  });
  return steps;
}

/** What people call the built-in passes; their titles are precise but too long to say. */
const SPOKEN: Record<string, string> = {
  'freed-locally': 'freed where it was allocated',
  'single-use-helpers': 'single-use helpers',
  'owned-by-structure': 'owned by a structure',
  'global-teardown': 'kept in a global, freed at teardown',
  'handed-off': 'handed to whoever frees it',
  'through-wrappers': 'allocated through a wrapper',
  managed: 'managed (devm_*) memory',
  manual: 'cleared by hand',
};

/**
 * A pass's title as a person would say it: the known short name, else the title's
 * first clause ("Owned by a structure whose destroy…" → "owned by a structure").
 */
export function spokenTitle(name: string, title: string): string {
  const known = SPOKEN[name];
  if (known) return known;
  const clause = title.split(/ (?:whose|that|which|where|when|because) |, | \(| — |: /)[0] ?? title;
  return lowerFirst(clause.trim() || title);
}

function finalState(state: Map<string, SiteState>, suspects: readonly string[]): Map<string, SiteState> {
  const out = new Map(state);
  for (const id of suspects) if (out.get(id) !== 'cleared') out.set(id, 'suspect');
  return out;
}

function lowerFirst(text: string): string {
  // Keep acronyms and identifiers ("RCU", "kfree_rcu") as written.
  if (/^[A-Z][a-z]/.test(text)) return text[0]?.toLowerCase() + text.slice(1);
  return text;
}

/** "19/22 → 12/14 → 8/11": a family's remaining allocs/frees over the steps. */
export function countTrail(steps: readonly PassStep[], family: string): string {
  return steps
    .map((s) => s.counts.find((c) => c.family === family))
    .map((c) => `${c?.allocs ?? 0}/${c?.frees ?? 0}`)
    .join(' → ');
}

/**
 * The details panel: with nothing selected, the suspects (what is left after the
 * passes, with why) and the manual clears; with a function selected, its sites with
 * state and evidence (paired frees as links), its callers and callees, and its source,
 * highlighted, with alloc/free lines marked; with a group selected, what it holds.
 */
import type { AnalysisView, Clearing, ProjectInfo, Result, Site, SuspectDetail } from '../../preload/contract';
import type { GraphIndex } from '../model/graph-index';
import type { NodeData } from '../model/elements';
import type { PassStep, SiteState } from '../model/pass-steps';
import { highlightC } from '../model/c-highlight';
import { splitSiteRefs } from '../model/site-refs';
import { h, replace } from './dom';

/** Why a site was cleared: the pass that did it and its evidence. */
export interface ClearedBy {
  passIndex: number;
  title: string;
  clearing: Clearing;
}

/** What the panel needs from the app. */
export interface PanelDeps {
  index: GraphIndex;
  step: PassStep;
  analysis: AnalysisView;
  project: ProjectInfo;
  clearedBy: Map<string, ClearedBy>;
  details: Map<string, SuspectDetail>;
  select(id: string): void;
  clearFunction(id: string): void;
  clearSite(siteId: string): void;
  clearGroup(node: NodeData): void;
  toggleGroup(id: string): void;
  removeManual(id: string): void;
  focus(id: string): void;
  readSource(file: string): Promise<Result<string>>;
}

const STATE_WORD: Record<SiteState, string> = { live: 'live', cleared: 'cleared', suspect: 'suspect' };

function fnName(deps: PanelDeps, id: string): string {
  return deps.index.byId.get(id)?.name ?? id;
}

function fnLink(deps: PanelDeps, id: string): HTMLElement {
  const sites = deps.index.sitesByFunction.get(id) ?? [];
  const hasSuspect = sites.some((s) => deps.step.state.get(s.id) === 'suspect');
  const hasLive = sites.some((s) => deps.step.state.get(s.id) !== 'cleared');
  const fn = deps.index.byId.get(id);
  return h('button', { class: hasSuspect ? 'has-suspect' : hasLive ? 'has-sites' : '', title: fn?.file ? `${fn.file}:${fn.line}` : 'external', onclick: () => deps.select(id) }, fnName(deps, id));
}

/** Evidence or a suspect's detail, with each site id in it a link to that site's function. */
function linkedText(deps: PanelDeps, text: string): (HTMLElement | string)[] {
  return splitSiteRefs(text, (id) => deps.index.siteById.has(id)).map((part) => {
    if ('text' in part) return part.text;
    const site = deps.index.siteById.get(part.site);
    return h('button', { class: 'link mono site-ref', title: site?.code ?? part.site, onclick: () => site && deps.select(site.function) }, part.site);
  });
}

/** Suspect allocations at this step of the same family as a site (what an open free may pair with). */
function pairingSuspects(deps: PanelDeps, site: Site): Site[] {
  const out: Site[] = [];
  for (const [id, st] of deps.step.state) {
    const s = st === 'suspect' ? deps.index.siteById.get(id) : undefined;
    if (s && s.family === site.family) out.push(s);
  }
  return out;
}

function siteCard(deps: PanelDeps, site: Site, showFunction: boolean): HTMLElement {
  const state = deps.step.state.get(site.id) ?? 'live';
  const by = deps.clearedBy.get(site.id);
  const detail = deps.details.get(site.id);
  const chip = h('span', { class: `chip ${state === 'live' && site.kind === 'free' ? 'free' : state}` }, site.kind === 'free' ? `free · ${STATE_WORD[state]}` : `${site.kind} · ${STATE_WORD[state]}`);
  const why: (HTMLElement | string)[] = [];
  if (state === 'cleared' && by) {
    why.push(h('div', { class: 'why' }, h('b', {}, `Pass ${by.passIndex} — ${by.title}: `), linkedText(deps, by.clearing.evidence.text)));
    const paired = by.clearing.evidence.pairedWith.map((id) => deps.index.siteById.get(id)).filter((s): s is Site => !!s);
    if (paired.length) why.push(h('div', { class: 'why' }, site.kind === 'free' ? 'Pairs with ' : 'Freed by ', h('span', { class: 'links' }, paired.map((p) => h('button', { title: p.code, onclick: () => deps.select(p.function) }, `${fnName(deps, p.function)}:${p.line}`)))));
    if (by.clearing.evidence.chain.length > 1) why.push(h('div', { class: 'why' }, 'Via ', h('span', { class: 'links' }, by.clearing.evidence.chain.map((id) => fnLink(deps, id)))));
  } else if (state === 'suspect') {
    why.push(h('div', { class: 'why' }, h('b', {}, detail ? `${detail.reason.replace(/-/g, ' ')}: ` : 'Not accounted for by any pass. '), detail ? linkedText(deps, detail.detail) : 'Check where it is stored and who frees it.'));
  } else if (state === 'live' && site.kind === 'free' && pairingSuspects(deps, site).length) {
    // The same rule as the table's "pairs with suspect" chip (model/sites-table.ts stateLabel).
    why.push(h('div', { class: 'why' }, h('b', {}, 'Pairs with the suspect: '), `no pass could match this ${site.api} with an allocation it cleared; it frees ${site.family} memory like `, h('span', { class: 'links', style: 'display:inline-flex' }, pairingSuspects(deps, site).map((p) => h('button', { title: p.code, onclick: () => deps.select(p.function) }, `${fnName(deps, p.function)}:${p.line}`))), ', so it stays open until that suspect is resolved.'));
  } else if (state === 'live' && deps.step.index < deps.analysis.passes.length && by) {
    why.push(h('div', { class: 'why' }, `Cleared later, in pass ${by.passIndex}.`));
  }
  return h(
    'div',
    { class: `site ${state} ${site.kind}`, 'data-site': site.id },
    h('div', { class: 'head' }, chip, showFunction ? h('button', { class: 'link mono', onclick: () => deps.select(site.function) }, fnName(deps, site.function)) : h('span', { class: 'mono' }, site.api), h('span', { class: 'line mono' }, `${site.file}:${site.line}`)),
    h('code', {}, site.code),
    site.target && site.kind !== 'free' ? h('div', { class: 'why' }, 'Stored in ', h('code', { style: 'display:inline' }, site.target)) : null,
    why,
    state !== 'cleared' ? h('div', { class: 'actions' }, h('button', { class: 'btn', onclick: () => deps.clearSite(site.id) }, 'Clear by hand…')) : null,
  );
}

/** Nothing selected: the suspects, the manual clears, and how to read the picture. */
export function renderOverview(el: HTMLElement, deps: PanelDeps): void {
  const last = deps.step.index === deps.analysis.passes.length;
  const suspects = deps.analysis.suspects.map((id) => deps.index.siteById.get(id)).filter((s): s is Site => !!s);
  const manual = deps.analysis.investigation.manual;
  replace(
    el,
    h('section', {}, h('h2', { style: 'font-family:inherit' }, deps.project.name), h('div', { class: 'sub' }, `${deps.project.files.toLocaleString()} files · ${deps.index.graph.functions.filter((f) => f.kind !== 'external').length.toLocaleString()} functions · ${deps.index.graph.sites.length} alloc/free sites`)),
    h(
      'section',
      {},
      h('h3', {}, 'Suspects', h('span', { class: 'chip suspect' }, String(suspects.length))),
      !last ? h('p', { class: 'muted', style: 'margin:0 0 8px' }, 'Play the passes to the end to see what is left.') : null,
      suspects.length === 0 ? h('p', { class: 'muted' }, 'Every allocation is accounted for.') : null,
      suspects.length > 80 ? h('p', { class: 'muted', style: 'margin:0 0 8px' }, `The first 80 of ${suspects.length.toLocaleString()}, most severe first; the sites table lists them all (tick Suspects).`) : null,
      h(
        'div',
        { class: 'suspect-list' },
        suspects.slice(0, 80).map((s) => {
          const d = deps.details.get(s.id);
          return h('button', { class: 'suspect-card', onclick: () => deps.select(s.function) }, h('div', { class: 'fn' }, fnName(deps, s.function)), h('div', { class: 'where mono' }, `${s.file}:${s.line}`), h('code', {}, s.code), d ? h('div', { class: 'why' }, d.detail) : null);
        }),
      ),
    ),
    manual.length
      ? h('section', {}, h('h3', {}, 'Cleared by hand'), manual.map((m) => h('div', { class: 'site cleared' }, h('div', { class: 'head' }, h('span', { class: 'chip outline' }, m.scope), h('span', { class: 'mono' }, m.target)), h('div', { class: 'why' }, m.note), h('div', { class: 'actions' }, h('button', { class: 'btn', onclick: () => deps.removeManual(m.id) }, 'Remove')))))
      : null,
    h(
      'section',
      {},
      h('h3', {}, 'Reading the graph'),
      h(
        'ol',
        { class: 'steps-help' },
        h('li', {}, 'Boxes are functions, arrows are calls (dashed: through a function pointer, dotted: through a macro).'),
        h('li', {}, 'Badges count the allocations (+) and frees (−) still to account for; ✓ when all are cleared.'),
        h('li', {}, 'Play the passes below: each one clears what it can prove is freed and fades what no longer matters.'),
        h('li', {}, 'Click a function to light up its callers and callees and read its source. Press ', h('kbd', {}, '?'), ' for shortcuts.'),
      ),
    ),
  );
}

/** A function is selected. */
export function renderFunction(el: HTMLElement, deps: PanelDeps, id: string): void {
  const fn = deps.index.byId.get(id);
  if (!fn) return renderOverview(el, deps);
  const sites = deps.index.sitesByFunction.get(id) ?? [];
  const wrapperSites = deps.index.wrapperSitesByFunction.get(id) ?? [];
  const callers = [...(deps.index.callers.get(id) ?? [])].sort((a, b) => fnName(deps, a).localeCompare(fnName(deps, b)));
  const callees = [...(deps.index.callees.get(id) ?? [])].sort((a, b) => fnName(deps, a).localeCompare(fnName(deps, b)));
  const source = h('div', { class: 'source', 'aria-label': `Source of ${fn.name}` }, h('div', { class: 'muted', style: 'padding:8px' }, fn.file ? 'Loading source…' : 'External: not defined in this folder.'));
  replace(
    el,
    h(
      'section',
      {},
      h('h2', {}, fn.name),
      h('div', { class: 'sub' }, fn.file ? `${fn.file}:${fn.line}` : 'external', fn.kind === 'macro' ? ' · macro' : '', fn.static ? ' · static' : ''),
      h('div', { class: 'actions' }, h('button', { class: 'btn', onclick: () => deps.focus(id), title: 'Show only this chain (F)' }, 'Focus chain'), sites.length ? h('button', { class: 'btn', onclick: () => deps.clearFunction(id) }, 'Clear all by hand…') : null),
    ),
    h('section', {}, h('h3', {}, 'Sites', h('span', { class: 'chip outline' }, String(sites.length))), sites.length ? sites.map((s) => siteCard(deps, s, false)) : h('p', { class: 'muted', style: 'margin:0' }, 'No allocations or frees in this function.')),
    wrapperSites.length ? h('section', {}, h('h3', {}, 'Calls of allocator wrappers', h('span', { class: 'chip outline' }, String(wrapperSites.length))), wrapperSites.map((s) => siteCard(deps, s, false))) : null,
    h('section', {}, h('h3', {}, `Called by (${callers.length})`), callers.length ? h('div', { class: 'links' }, callers.map((c) => fnLink(deps, c))) : h('span', { class: 'muted' }, 'Nothing: an entry point or called through a pointer not seen.')),
    h('section', {}, h('h3', {}, `Calls (${callees.length})`), callees.length ? h('div', { class: 'links' }, callees.map((c) => fnLink(deps, c))) : h('span', { class: 'muted' }, 'Nothing.')),
    h('section', {}, h('h3', {}, 'Source'), source),
  );
  if (fn.file) void fillSource(source, deps, fn.file, fn.line, fn.endLine);
}

async function fillSource(target: HTMLElement, deps: PanelDeps, file: string, from: number, to: number): Promise<void> {
  const r = await deps.readSource(file);
  if (!r.ok) {
    replace(target, h('div', { class: 'muted', style: 'padding:8px' }, r.error.message));
    return;
  }
  const lines = highlightC(r.value);
  const marks = new Map<number, { cls: string; mark: string; title: string }>();
  for (const s of deps.index.graph.sites) {
    if (s.file !== file) continue;
    const st = deps.step.state.get(s.id) ?? 'live';
    const cls = st === 'cleared' ? 'm-cleared' : st === 'suspect' ? 'm-suspect' : s.kind === 'free' ? 'm-free' : 'm-alloc';
    const prev = marks.get(s.line);
    if (!prev || cls === 'm-suspect') marks.set(s.line, { cls, mark: st === 'suspect' ? '!' : st === 'cleared' ? '✓' : s.kind === 'free' ? '−' : '+', title: `${s.api} · ${st}` });
  }
  const start = Math.max(1, from - 2);
  const end = Math.min(lines.length, Math.max(to, from) + 2);
  const rows: HTMLElement[] = [];
  for (let n = start; n <= end; n++) {
    const m = marks.get(n);
    const cls = ['ln', n >= from && n <= to ? 'in-fn' : '', m?.cls ?? ''].join(' ');
    rows.push(h('div', { class: cls, title: m?.title }, h('span', { class: 'no' }, String(n)), h('span', { class: 'mk' }, m?.mark ?? ''), h('span', {}, (lines[n - 1] ?? []).map((t) => (t.type === 'plain' ? t.text : h('span', { class: `tk-${t.type}` }, t.text))))));
  }
  replace(target, rows);
}

/** A group (file or directory) is selected. */
export function renderGroup(el: HTMLElement, deps: PanelDeps, node: NodeData): void {
  const sites = node.members.flatMap((m) => deps.index.sitesByFunction.get(m) ?? []);
  const left = sites.filter((s) => deps.step.state.get(s.id) !== 'cleared');
  replace(
    el,
    h('section', {}, h('h2', {}, node.label), h('div', { class: 'sub' }, `${node.sub === 'dir' ? 'Directory' : 'File'} · ${node.members.length} functions · ${sites.length} sites, ${left.length} left`),
      h('div', { class: 'actions' }, h('button', { class: 'btn', onclick: () => deps.toggleGroup(node.id) }, node.collapsed ? 'Expand' : 'Collapse'), left.length ? h('button', { class: 'btn', onclick: () => deps.clearGroup(node) }, 'Clear all by hand…') : null)),
    h('section', {}, h('h3', {}, 'Sites left'), left.length ? left.slice(0, 200).map((s) => siteCard(deps, s, true)) : h('p', { class: 'muted', style: 'margin:0' }, 'Nothing left here.')),
    h('section', {}, h('h3', {}, 'Functions'), h('div', { class: 'links' }, node.members.slice(0, 400).map((m) => fnLink(deps, m)))),
  );
}

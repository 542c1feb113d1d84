/**
 * The on-screen legend (badges, node colours, edge styles). The same entries are drawn
 * into exported PNGs by the exporter so a snapshot explains itself in a document.
 */
import { h, replace } from './dom';
import type { ThemeColors } from './theme';

/** One legend entry, shared by the screen legend and the exported image. */
export interface LegendEntry {
  kind: 'pill' | 'box' | 'line';
  color: string;
  text: string;
  label: string;
  dash?: 'dashed' | 'dotted';
}

/** Entries for a theme. */
export function legendEntries(c: ThemeColors): LegendEntry[] {
  return [
    { kind: 'pill', color: c.live, text: '+3', label: 'allocations left' },
    { kind: 'pill', color: c.suspect, text: '+1', label: 'suspect: never accounted for' },
    { kind: 'pill', color: c.free, text: '−2', label: 'frees left' },
    { kind: 'pill', color: c.cleared, text: '✓', label: 'all cleared by the passes' },
    { kind: 'line', color: c.edge, text: '', label: 'direct call' },
    { kind: 'line', color: c.edge, text: '', label: 'through a function pointer', dash: 'dashed' },
    { kind: 'line', color: c.edge, text: '', label: 'through a macro', dash: 'dotted' },
  ];
}

/** Draw the collapsible on-screen legend. */
export function renderLegend(el: HTMLElement, c: ThemeColors): void {
  const rows = legendEntries(c).map((e) =>
    h('div', { class: 'row' }, e.kind === 'pill' ? h('span', { class: 'pill', style: `background:${e.color}` }, e.text) : h('span', { class: `ln ${e.dash ?? ''}` }), e.label),
  );
  const open = localStorage.getItem('leakscope.legend') !== 'closed';
  const details = h('details', { open }, h('summary', {}, 'Legend'), h('div', { style: 'display:grid;gap:3px;margin-top:5px' }, rows));
  details.addEventListener('toggle', () => localStorage.setItem('leakscope.legend', details.open ? 'open' : 'closed'));
  replace(el, details);
}

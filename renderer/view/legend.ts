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
    { kind: 'pill', color: c.suspect, text: '+1', label: 'suspect' },
    { kind: 'pill', color: c.free, text: '−2', label: 'frees left' },
    { kind: 'pill', color: c.cleared, text: '✓', label: 'all cleared' },
    { kind: 'line', color: c.edge, text: '', label: 'direct call' },
    { kind: 'line', color: c.edge, text: '', label: 'via function pointer', dash: 'dashed' },
    { kind: 'line', color: c.edge, text: '', label: 'via macro', dash: 'dotted' },
  ];
}

/** Draw the on-screen legend: one line above the graph, so it never covers a node. */
export function renderLegend(el: HTMLElement, c: ThemeColors): void {
  const rows = legendEntries(c).map((e) =>
    h('span', { class: 'row' }, e.kind === 'pill' ? h('span', { class: 'pill', style: `background:${e.color}` }, e.text) : h('span', { class: `ln ${e.dash ?? ''}` }), e.label),
  );
  replace(el, h('b', {}, 'Legend'), rows, h('span', { class: 'row' }, h('span', { class: 'sw', style: `border-color:${c.suspect}` }), 'holds a suspect'));
}

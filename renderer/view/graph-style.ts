/**
 * The graph's look, built from the current theme's colours: function nodes as
 * monospace pills with badges on their corner, collapsed groups as larger folder
 * cards, compound groups as soft frames; direct calls solid, indirect dashed, through
 * a macro dotted. Classes drive selection, dimming, chains, paths and fading.
 */
import type { StylesheetJson } from 'cytoscape';
import type { ThemeColors } from './theme';

/** Font used for function names (C identifiers read best in monospace). */
export const NODE_FONT = 'ui-monospace, "SF Mono", "Cascadia Mono", "JetBrains Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace';

/** Width of a function node for a label; measured to keep layout stable across themes. */
export function nodeWidth(label: string): number {
  return Math.max(64, Math.round(label.length * 7.9 + 22));
}

/** The stylesheet for a theme. */
export function graphStyle(c: ThemeColors): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        shape: 'round-rectangle',
        'background-color': c.surface,
        'border-width': 1.5,
        'border-color': c.border,
        label: 'data(label)',
        color: c.text,
        'font-family': NODE_FONT,
        'font-size': 13,
        'text-valign': 'center',
        'text-halign': 'center',
        width: 'data(w)',
        height: 26,
        'min-zoomed-font-size': 6,
        'transition-property': 'opacity, background-color, border-color',
        'transition-duration': 600,
        'overlay-opacity': 0,
      },
    },
    { selector: 'node[sub = "macro"]', style: { shape: 'cut-rectangle', 'border-style': 'dashed' } },
    {
      selector: 'node[badge]',
      style: {
        'background-image': 'data(badge)',
        'background-width': 'data(bw)',
        'background-height': 'data(bh)',
        'background-position-x': '100%',
        'background-position-y': '0%',
        'background-offset-x': 10,
        'background-offset-y': -11,
        'background-clip': 'none',
        'background-image-containment': 'over',
        'bounds-expansion': 14,
        'background-image-smoothing': 'yes',
      },
    },
    { selector: 'node.st-live', style: { 'border-color': c.live, 'border-width': 2 } },
    { selector: 'node.st-free', style: { 'border-color': c.free, 'border-width': 2 } },
    { selector: 'node.st-suspect', style: { 'border-color': c.suspect, 'border-width': 3, 'background-color': c.surface2, color: c.suspect, 'font-weight': 'bold' } },
    { selector: 'node.st-cleared', style: { 'border-color': c.cleared, 'border-style': 'solid' } },
    {
      selector: 'node[type = "group"][?collapsed]',
      style: {
        shape: 'round-rectangle',
        'background-color': c.group,
        'border-color': c.border,
        'border-width': 1.5,
        height: 44,
        'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        'font-size': 13,
        'font-weight': 'bold',
        'text-wrap': 'wrap',
        label: 'data(label)',
      },
    },
    {
      selector: ':parent',
      style: {
        'background-color': c.group,
        'background-opacity': 0.45,
        'border-color': c.border,
        'border-width': 1,
        'border-style': 'solid',
        shape: 'round-rectangle',
        'corner-radius': '10',
        label: 'data(label)',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        'font-size': 14,
        'font-weight': 'bold',
        color: c.muted,
        padding: '18px',
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': c.edge,
        'target-arrow-color': c.edge,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        'curve-style': 'bezier',
        opacity: 0.9,
        'transition-property': 'opacity, line-color',
        'transition-duration': 600,
      },
    },
    { selector: 'edge[?fast]', style: { 'curve-style': 'straight', opacity: 0.55 } },
    { selector: 'edge[count > 1]', style: { width: 'mapData(count, 1, 40, 1.5, 6)' } },
    { selector: 'edge[kind = "indirect"]', style: { 'line-style': 'dashed', 'line-dash-pattern': [7, 5] } },
    { selector: 'edge[kind = "macro"]', style: { 'line-style': 'dotted' } },
    // Fading: what the passes have cleared, and what a selection leaves out.
    { selector: '.gone', style: { opacity: 0.16 } },
    { selector: '.dim', style: { opacity: 0.12 } },
    { selector: 'node.up', style: { 'border-color': c.accent, 'border-width': 2.5 } },
    { selector: 'edge.up', style: { 'line-color': c.accent, 'target-arrow-color': c.accent, width: 2.5, opacity: 1 } },
    { selector: 'edge.down', style: { 'line-color': c.muted, 'target-arrow-color': c.muted, width: 2, opacity: 1 } },
    { selector: 'node.path', style: { 'border-color': c.accent, 'border-width': 3 } },
    { selector: 'edge.path', style: { 'line-color': c.accent, 'target-arrow-color': c.accent, width: 3, opacity: 1 } },
    { selector: 'node:selected', style: { 'border-color': c.accent, 'border-width': 4, 'background-color': c.surface2 } },
    { selector: 'node.lod', style: { label: '' } },
  ];
}

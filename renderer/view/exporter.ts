/**
 * Exports: PNG (view or whole graph, 1×/2×/4×, theme or transparent background) with
 * a caption (project, pass, counts) above and the legend below, drawn onto a canvas so
 * a snapshot reads well in a document; SVG through cytoscape-svg; the options dialog.
 */
import type { GraphView } from './graph-view';
import { h } from './dom';
import { modal } from './dialogs';
import { legendEntries } from './legend';
import type { ThemeColors } from './theme';

/** What the user picked in the export dialog. */
export interface ExportChoice {
  format: 'png' | 'svg';
  full: boolean;
  scale: number;
  transparent: boolean;
}

/** Caption lines drawn above an exported PNG. */
export interface Caption {
  title: string;
  subtitle: string;
}

/** Ask how to export an image. */
export function askImageExport(format: 'png' | 'svg'): Promise<ExportChoice | null> {
  return modal<ExportChoice>((close) => {
    const radio = (name: string, value: string, label: string, checked = false): HTMLElement => h('label', {}, h('input', { type: 'radio', name, value, checked }), label);
    const form = h(
      'div',
      { style: 'display:grid;gap:10px' },
      h('div', { class: 'row' }, h('b', { style: 'width:90px' }, 'Area'), radio('area', 'view', 'Current view', true), radio('area', 'full', 'Whole graph')),
      format === 'png' ? h('div', { class: 'row' }, h('b', { style: 'width:90px' }, 'Scale'), radio('scale', '1', '1×'), radio('scale', '2', '2×', true), radio('scale', '4', '4×')) : null,
      h('div', { class: 'row' }, h('b', { style: 'width:90px' }, 'Background'), radio('bg', 'theme', 'Theme', true), radio('bg', 'transparent', 'Transparent')),
    );
    const pick = (name: string): string => (form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? '');
    const go = (): void => close({ format, full: pick('area') === 'full', scale: format === 'png' ? Number(pick('scale')) : 1, transparent: pick('bg') === 'transparent' });
    return [
      h('h2', {}, format === 'png' ? 'Export PNG' : 'Export SVG'),
      h('p', {}, format === 'png' ? 'The image carries a caption (project and pass) and the legend.' : 'Vector image of the graph, for editing or printing.'),
      form,
      h('div', { class: 'buttons' }, h('button', { class: 'btn', type: 'button', onclick: () => close(null) }, 'Cancel'), h('button', { class: 'btn primary', type: 'button', onclick: go }, 'Export')),
    ];
  });
}

function loadImage(uri: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('The graph image could not be decoded'));
    img.src = uri;
  });
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, hgt: number, r: number): void {
  ctx.beginPath();
  ctx.roundRect(x, y, w, hgt, r);
}

/** Render the graph to a captioned PNG; returns base64 without the data: prefix. */
export async function captionedPng(view: GraphView, colors: ThemeColors, caption: Caption, full: boolean, scale: number, transparent: boolean): Promise<string> {
  const graphUri = view.png({ full, scale, background: transparent ? null : colors.bg });
  if (!graphUri) throw new Error('Nothing to export: the graph is empty');
  const img = await loadImage(graphUri);
  const s = scale;
  const pad = 16 * s;
  const headH = 58 * s;
  const entries = legendEntries(colors);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('Canvas is not available');
  const font = (px: number, weight = 400): string => `${weight} ${px * s}px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif`;
  // Lay the legend out in rows that fit the image width.
  ctx.font = font(12);
  const items = entries.map((e) => ({ e, w: 30 * s + ctx.measureText(e.label).width + 18 * s }));
  const width = Math.max(img.width + 2 * pad, 760 * s);
  const rows: (typeof items)[] = [[]];
  let used = 0;
  for (const it of items) {
    if (used + it.w > width - 2 * pad && used > 0) {
      rows.push([]);
      used = 0;
    }
    (rows[rows.length - 1] as typeof items).push(it);
    used += it.w;
  }
  const legendH = rows.length * 22 * s + 14 * s;
  canvas.width = Math.ceil(width);
  canvas.height = Math.ceil(headH + img.height + legendH + pad);
  if (!transparent) {
    ctx.fillStyle = colors.bg;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = colors.text;
  ctx.font = font(17, 700);
  ctx.fillText(caption.title, pad, 26 * s, width - 2 * pad);
  ctx.fillStyle = colors.muted;
  ctx.font = font(13);
  ctx.fillText(caption.subtitle, pad, 46 * s, width - 2 * pad);
  ctx.strokeStyle = colors.border;
  ctx.lineWidth = 1 * s;
  ctx.beginPath();
  ctx.moveTo(pad, headH - 4 * s);
  ctx.lineTo(width - pad, headH - 4 * s);
  ctx.stroke();
  ctx.drawImage(img, Math.round((width - img.width) / 2), headH);
  let y = headH + img.height + 14 * s;
  ctx.font = font(12);
  for (const row of rows) {
    let x = pad;
    for (const { e, w } of row) {
      const cy = y + 7 * s;
      if (e.kind === 'pill') {
        ctx.fillStyle = e.color;
        roundRect(ctx, x, cy - 7 * s, 24 * s, 14 * s, 7 * s);
        ctx.fill();
        ctx.fillStyle = '#ffffff';
        ctx.font = font(10, 700);
        ctx.textAlign = 'center';
        ctx.fillText(e.text, x + 12 * s, cy + 3.5 * s);
        ctx.textAlign = 'left';
        ctx.font = font(12);
      } else {
        ctx.strokeStyle = e.color;
        ctx.lineWidth = 2 * s;
        ctx.setLineDash(e.dash === 'dashed' ? [6 * s, 4 * s] : e.dash === 'dotted' ? [2 * s, 3 * s] : []);
        ctx.beginPath();
        ctx.moveTo(x, cy);
        ctx.lineTo(x + 24 * s, cy);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.fillStyle = colors.muted;
      ctx.fillText(e.label, x + 30 * s, cy + 4 * s);
      x += w;
    }
    y += 22 * s;
  }
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}

/**
 * Inline SVG icons for the buttons (media-control glyphs such as ⏮ are missing from
 * many system fonts, and icons must not load remote content).
 */

const PATHS: Record<string, string> = {
  first: 'M4 3h2v10H4zM13 3v10L7 8z',
  prev: 'M11 3v10L4 8z',
  play: 'M5 3v10l8-5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  next: 'M5 3v10l7-5z',
  last: 'M10 3h2v10h-2zM3 3v10l6-5z',
  undo: 'M6 3 2 6.5 6 10V7.5h4a2.5 2.5 0 0 1 0 5H7V14h3a4 4 0 0 0 0-8H6z',
  redo: 'M10 3l4 3.5-4 3.5V7.5H6a2.5 2.5 0 0 0 0 5h3V14H6a4 4 0 0 1 0-8h4z',
  theme: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zm0 1.5v10a5 5 0 0 1 0-10z',
  fit: 'M2 2h4v1.5H3.5V6H2zm8 0h4v4h-1.5V3.5H10zM2 10h1.5v2.5H6V14H2zm10.5 0H14v4h-4v-1.5h2.5z',
  plus: 'M7.25 3h1.5v4.25H13v1.5H8.75V13h-1.5V8.75H3v-1.5h4.25z',
  minus: 'M3 7.25h10v1.5H3z',
  back: 'M7 3 2 8l5 5 1-1-3.3-3.25H14v-1.5H4.7L8 4z',
  forward: 'M9 3l5 5-5 5-1-1 3.3-3.25H2v-1.5h9.3L8 4z',
  chevron: 'M4 6l4 4 4-4z',
};

/** An SVG icon element (16×16, current colour). */
export function icon(name: keyof typeof PATHS | string, size = 14): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  p.setAttribute('d', PATHS[name] ?? '');
  p.setAttribute('fill', 'currentColor');
  svg.append(p);
  return svg;
}

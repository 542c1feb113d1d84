/**
 * Alloc and free badges drawn as small SVG images (data URIs) that the graph pins to
 * a node's top-right corner: "+3" allocations left, "−2" frees left, "✓" when every
 * one is cleared. Images rather than label text so each count gets its own colour,
 * and so PNG and SVG exports carry them. Cached per distinct badge.
 */
import type { NodeStatus } from '../model/node-status';
import type { ThemeColors } from './theme';

/** A badge image and its size in graph units. */
export interface BadgeImage {
  uri: string;
  width: number;
  height: number;
}

const HEIGHT = 18;
const cache = new Map<string, BadgeImage>();

function pill(x: number, text: string, fill: string): { svg: string; width: number } {
  const width = Math.round(text.length * 6.8 + 12);
  const svg = `<rect x="${x}" y="0.5" rx="8.5" ry="8.5" width="${width}" height="${HEIGHT - 1}" fill="${fill}" stroke="#ffffff" stroke-opacity="0.85" stroke-width="1"/>` +
    `<text x="${x + width / 2}" y="13" text-anchor="middle" font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif" font-size="11" font-weight="700" fill="#ffffff">${text}</text>`;
  return { svg, width };
}

/** The badge for a node, or null when it has no sites. */
export function badgeFor(status: NodeStatus, colors: ThemeColors): BadgeImage | null {
  if (status.allocTotal === 0 && status.freeTotal === 0) return null;
  const allocColor = status.allocState === 'suspect' ? colors.suspect : status.allocState === 'live' ? colors.live : colors.cleared;
  const freeColor = status.freeState === 'live' || status.freeState === 'suspect' ? colors.free : colors.cleared;
  const key = [status.allocTotal > 0 ? `${status.allocLeft}${allocColor}` : '', status.freeTotal > 0 ? `${status.freeLeft}${freeColor}` : ''].join('|');
  const hit = cache.get(key);
  if (hit) return hit;
  const parts: string[] = [];
  let x = 0.5;
  if (status.allocTotal > 0) {
    const p = pill(x, status.allocLeft > 0 ? `+${status.allocLeft}` : '✓', allocColor);
    parts.push(p.svg);
    x += p.width + 3;
  }
  if (status.freeTotal > 0) {
    const p = pill(x, status.freeLeft > 0 ? `−${status.freeLeft}` : '✓', freeColor);
    parts.push(p.svg);
    x += p.width + 3;
  }
  const width = Math.ceil(x);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}">${parts.join('')}</svg>`;
  const image = { uri: `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`, width, height: HEIGHT };
  cache.set(key, image);
  return image;
}

/**
 * Packs boxes (the laid-out connected components of the graph) into rows whose width
 * suits the screen's aspect ratio, so a call graph made of many small trees fills the
 * window instead of becoming one long strip that has to be zoomed out to illegibility.
 */

/** A box to place. */
export interface PackBox {
  id: string;
  width: number;
  height: number;
}

/** Where a box's top-left corner goes. */
export interface Placement {
  id: string;
  x: number;
  y: number;
}

/**
 * Shelf packing: tallest first, left to right, a new row when the next box would pass
 * the target width. The target width makes the result's aspect close to `aspect`
 * (width / height of the viewport) but is never narrower than the widest box.
 */
export function shelfPack(boxes: readonly PackBox[], aspect: number, gap: number): { placements: Placement[]; width: number; height: number } {
  if (boxes.length === 0) return { placements: [], width: 0, height: 0 };
  const area = boxes.reduce((a, b) => a + (b.width + gap) * (b.height + gap), 0);
  const widest = Math.max(...boxes.map((b) => b.width));
  const target = Math.max(widest, Math.sqrt(area * Math.max(aspect, 0.1)));
  const sorted = [...boxes].sort((a, b) => b.height - a.height || b.width - a.width || (a.id < b.id ? -1 : 1));
  const placements: Placement[] = [];
  let x = 0;
  let y = 0;
  let rowH = 0;
  let width = 0;
  for (const b of sorted) {
    if (x > 0 && x + b.width > target) {
      y += rowH + gap;
      x = 0;
      rowH = 0;
    }
    placements.push({ id: b.id, x, y });
    x += b.width + gap;
    rowH = Math.max(rowH, b.height);
    width = Math.max(width, x - gap);
  }
  return { placements, width, height: y + rowH };
}

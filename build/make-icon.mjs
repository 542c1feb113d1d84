// Draws the app icon (build/icon.png, 512×512 RGBA) from simple shapes: a rounded
// navy tile with a small call graph whose cleared paths are faded and whose suspect
// node, in red, sits under a magnifying glass. Pure Node (zlib for the PNG), 4×4
// supersampling for smooth edges. Run: node build/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4;

const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
/** Signed distance to a rounded rectangle centred at (cx, cy). */
const roundedRect = (cx, cy, hw, hh, r) => (x, y) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - w / 2;
/** Signed distance to a segment with round caps, thickness w. */
const segment = (ax, ay, bx, by, w) => (x, y) => {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const t = clamp((px * dx + py * dy) / (dx * dx + dy * dy), 0, 1);
  return Math.hypot(px - dx * t, py - dy * t) - w / 2;
};

const hex = (h, a = 1) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), a];
const node = { entry: [256, 112], left: [148, 236], right: [364, 236], suspect: [292, 356] };
const glass = { r: 74, handleEnd: [432, 456] };
const gx = node.suspect[0] + glass.r * Math.SQRT1_2, gy = node.suspect[1] + glass.r * Math.SQRT1_2;

/** Layers in paint order: [distance function, colour function (x, y) → rgba]. */
const layers = [
  [roundedRect(256, 256, 236, 236, 104), (_x, y) => { const t = y / SIZE; return [Math.round(27 + 14 * t), Math.round(33 + 14 * t), Math.round(66 + 30 * t), 1]; }],
  // cleared path: faded
  [segment(...node.entry, ...node.left, 12), () => hex('#8fa3d9', 0.35)],
  [segment(...node.left, ...node.suspect, 12), () => hex('#8fa3d9', 0.35)],
  [circle(...node.left, 30), () => hex('#8fa3d9', 0.35)],
  // the live chain down to the suspect
  [segment(...node.entry, ...node.right, 14), () => hex('#cfd9ff')],
  [segment(...node.right, ...node.suspect, 14), () => hex('#cfd9ff')],
  [circle(...node.entry, 36), () => hex('#e9eeff')],
  [circle(...node.right, 32), () => hex('#e9eeff')],
  // suspect: soft glow, then the red node
  [circle(...node.suspect, 58), (x, y) => { const d = Math.hypot(x - node.suspect[0], y - node.suspect[1]); return hex('#ff4d4d', 0.28 * clamp(1 - (d - 36) / 22, 0, 1)); }],
  [circle(...node.suspect, 38), () => hex('#ff4d4d')],
  [circle(node.suspect[0] - 11, node.suspect[1] - 12, 11), () => hex('#ffffff', 0.45)],
  // magnifying glass
  [ring(...node.suspect, glass.r, 16), () => hex('#ffffff')],
  [segment(gx + 6, gy + 6, ...glass.handleEnd, 30), () => hex('#ffffff')],
];

function render() {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const px = x + (sx + 0.5) / SAMPLES, py = y + (sy + 0.5) / SAMPLES;
          // Composite premultiplied, front-to-back order reversed: paint each layer over.
          let cr = 0, cg = 0, cb = 0, ca = 0;
          for (const [shape, colour] of layers) {
            if (shape(px, py) > 0) continue;
            const [lr, lg, lb, la] = colour(px, py);
            cr = lr * la + cr * (1 - la);
            cg = lg * la + cg * (1 - la);
            cb = lb * la + cb * (1 - la);
            ca = la + ca * (1 - la);
          }
          r += cr; g += cg; b += cb; a += ca;
        }
      }
      const n = SAMPLES * SAMPLES, i = (y * SIZE + x) * 4;
      const alpha = a / n;
      pixels[i] = alpha ? Math.round(r / n / alpha) : 0;
      pixels[i + 1] = alpha ? Math.round(g / n / alpha) : 0;
      pixels[i + 2] = alpha ? Math.round(b / n / alpha) : 0;
      pixels[i + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes RGBA pixels as a PNG (colour type 6, no filtering). */
export function encodePng(pixels, width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) pixels.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'icon.png');
writeFileSync(out, encodePng(render(), SIZE, SIZE));
console.log(`wrote ${out}`);

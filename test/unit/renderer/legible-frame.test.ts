import { test } from 'node:test';
import assert from 'node:assert/strict';
import { legibleFrame } from '../../../renderer/model/legible-frame';

const view = { width: 1000, height: 500 };

test('fits the whole graph when that zoom is legible', () => {
  // 900×200 inside 1000×500 with padding 50: zoom = min(900/900, 400/200) = 1, centred on (450, 100).
  const f = legibleFrame({ graph: { x1: 0, y1: 0, x2: 900, y2: 200 }, focus: { x1: 0, y1: 0, x2: 10, y2: 10 }, view, padding: 50, minZoom: 0.7, maxZoom: 1.4 });
  assert.deepEqual(f, { zoom: 1, pan: { x: 50, y: 150 }, whole: true });
});

test('caps a tiny graph at the maximum zoom', () => {
  const f = legibleFrame({ graph: { x1: 0, y1: 0, x2: 100, y2: 40 }, focus: { x1: 0, y1: 0, x2: 100, y2: 40 }, view, padding: 50, minZoom: 0.7, maxZoom: 1.4 });
  assert.deepEqual(f, { zoom: 1.4, pan: { x: 500 - 50 * 1.4, y: 250 - 20 * 1.4 }, whole: true });
});

test('holds the legible zoom and slides towards the focus without leaving the graph', () => {
  // 2000×1000 graph; at zoom 0.5 the frame spans 1800×800 (view less padding, over zoom).
  // Focus at the bottom-left corner: the frame's centre is clamped to (900, 600), not (50, 950).
  const f = legibleFrame({ graph: { x1: 0, y1: 0, x2: 2000, y2: 1000 }, focus: { x1: 0, y1: 900, x2: 100, y2: 1000 }, view, padding: 50, minZoom: 0.5, maxZoom: 1.4 });
  assert.deepEqual(f, { zoom: 0.5, pan: { x: 500 - 900 * 0.5, y: 250 - 600 * 0.5 }, whole: false });
});

test('centres on the focus when it lies inside the graph', () => {
  const f = legibleFrame({ graph: { x1: 0, y1: 0, x2: 4000, y2: 4000 }, focus: { x1: 1900, y1: 1900, x2: 2100, y2: 2100 }, view, padding: 50, minZoom: 0.5, maxZoom: 1.4 });
  assert.deepEqual(f, { zoom: 0.5, pan: { x: 500 - 2000 * 0.5, y: 250 - 2000 * 0.5 }, whole: false });
});

test('an axis that fits stays centred on the graph while the other follows the focus', () => {
  // 1500 wide fits (1800 span), 3000 tall does not (800 span): x centred at 750, y follows the focus at 2500.
  const f = legibleFrame({ graph: { x1: 0, y1: 0, x2: 1500, y2: 3000 }, focus: { x1: 0, y1: 2400, x2: 100, y2: 2600 }, view, padding: 50, minZoom: 0.5, maxZoom: 1.4 });
  assert.deepEqual(f, { zoom: 0.5, pan: { x: 500 - 750 * 0.5, y: 250 - 2500 * 0.5 }, whole: false });
});

/**
 * UI benchmark on a big tree (default: Linux fs/, about 30k functions): starts browser
 * mode on it, opens the page in headless Chromium and prints
 *   - index time (server side, until `leakscope serve` reports the folder open),
 *   - time to first paint: snapshot fetched → aggregated view drawn (the app's own marks),
 *   - frames per second while panning the aggregated view, and after expanding the
 *     biggest directory.
 * Usage: node --import tsx bench/ui.bench.ts [DIR]   (npm run build first)
 */
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startServe } from '../test/e2e/serve-fixture';

const dir = path.resolve(process.argv[2] ?? '/work/linux/linux-source-6.1/fs');
if (!existsSync(dir)) {
  console.error(`ui.bench: ${dir} does not exist (pass a C tree as the first argument)`);
  process.exit(2);
}

type BenchWindow = { leakscopeMarks?: { snapshotMs: number; renderMs: number; functions: number; drawn: number } };

/** Drag-pans the graph with real mouse events for 3 s and counts animation frames. */
const PAN_SCRIPT = `(async () => {
  const graph = document.getElementById('graph');
  const r = graph.getBoundingClientRect();
  const target = graph.querySelector('canvas:last-of-type') || graph;
  const fire = (type, x, y) => target.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX: x, clientY: y, button: 0, buttons: 1 }));
  const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
  const frames = [];
  const start = performance.now();
  fire('mousedown', cx, cy);
  await new Promise((done) => {
    const step = (now) => {
      frames.push(now);
      const t = (now - start) / 1000;
      fire('mousemove', cx + Math.sin(t * 3) * 200, cy + Math.cos(t * 2) * 120);
      if (now - start < 3000) requestAnimationFrame(step); else done();
    };
    requestAnimationFrame(step);
  });
  fire('mouseup', cx, cy);
  const secs = (frames[frames.length - 1] - frames[0]) / 1000;
  return { fps: Math.round(((frames.length - 1) / Math.max(secs, 0.001)) * 10) / 10, frames: frames.length };
})()`;

/** Expands the directory group with the most functions and times the redraw. */
const EXPAND_SCRIPT = `(async () => {
  const app = window.leakscopeApp;
  const groups = app.inspect().nodes.filter((n) => n.type === 'group');
  const size = (n) => Number((/(\\d+) function/.exec(n.label) || [0, 0])[1]);
  groups.sort((a, b) => size(b) - size(a));
  const biggest = groups[0];
  if (!biggest) return { id: '', drawn: 0, ms: 0 };
  const t = performance.now();
  app.toggleGroup(biggest.id);
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return { id: biggest.id, drawn: app.inspect().nodes.length, ms: Math.round(performance.now() - t) };
})()`;

async function main(): Promise<void> {
  const t0 = Date.now();
  const served = await startServe(600_000, dir);
  const indexMs = Date.now() - t0;
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const tNav = Date.now();
    await page.goto(served.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    const pageReadyMs = Date.now() - tNav;
    const marks = await page.evaluate(() => (window as unknown as BenchWindow).leakscopeMarks);
    const stages = (await page.evaluate('JSON.stringify(window.leakscopeApp.timings)')) as string;
    // In-page code is passed as text: tsx's name-keeping helpers do not exist inside the page.
    const fps = async (label: string): Promise<{ label: string; fps: number; frames: number }> => {
      const r = (await page.evaluate(PAN_SCRIPT)) as { fps: number; frames: number };
      return { label, ...r };
    };
    const aggregated = await fps('aggregated view');
    // Expand the biggest directory (double-click its node through the app).
    const expanded = (await page.evaluate(EXPAND_SCRIPT)) as { id: string; drawn: number; ms: number };
    await page.waitForTimeout(1000);
    const afterExpand = await fps(`after expanding ${expanded.id}`);
    console.log(`ui.bench on ${dir}`);
    console.log(`  functions:                 ${marks?.functions ?? '?'} (drawn as ${marks?.drawn ?? '?'} nodes in the aggregated view)`);
    console.log(`  index + analyse (server):  ${(indexMs / 1000).toFixed(1)} s`);
    console.log(`  page load to ready:        ${(pageReadyMs / 1000).toFixed(2)} s`);
    console.log(`  snapshot fetch + parse:    ${marks ? (marks.snapshotMs / 1000).toFixed(2) : '?'} s`);
    console.log(`  first paint after data:    ${marks ? (marks.renderMs / 1000).toFixed(2) : '?'} s   (target: < 3 s)`);
    console.log(`  first paint stages (cumulative ms): ${stages}`);
    console.log(`  fps panning, ${aggregated.label}: ${aggregated.fps} (${aggregated.frames} frames)`);
    console.log(`  expand ${expanded.id}: ${expanded.ms} ms → ${expanded.drawn} nodes drawn`);
    console.log(`  fps panning, ${afterExpand.label}: ${afterExpand.fps} (${afterExpand.frames} frames)`);
  } finally {
    await browser.close();
    served.child.kill('SIGTERM');
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

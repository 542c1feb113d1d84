/**
 * Helpers shared by the browser-mode specs: open the UI with the token, wait until the
 * graph is drawn, read what the canvas shows through the app's inspect() hook, and
 * decode exported images in the page's own decoder.
 */
import { expect, type Download, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

/** What `window.leakscopeApp.inspect()` returns (kept structural so tests need no renderer import). */
export interface Inspected {
  step: number;
  steps: number;
  selected: string | null;
  nodes: { id: string; label: string; type: string; allocLeft: number; freeLeft: number; state: string; classes: string[] }[];
  suspects: string[];
}

type AppWindow = { leakscopeApp: { inspect(): Inspected; nodePosition(id: string): { x: number; y: number } | null } };

/** The server URL with its token, from global-setup. */
export function serverUrl(): string {
  const url = process.env['LEAKSCOPE_URL'];
  if (!url) throw new Error('LEAKSCOPE_URL is not set: run through playwright.config.ts (global-setup starts the server)');
  return url;
}

/** Open the UI and wait for the first drawing. */
export async function openApp(page: Page): Promise<void> {
  await page.goto(serverUrl());
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await page.waitForTimeout(700);
}

/** What the graph shows now. */
export function inspect(page: Page): Promise<Inspected> {
  return page.evaluate(() => (window as unknown as AppWindow).leakscopeApp.inspect());
}

/** Client coordinates of a node. */
export async function nodePosition(page: Page, id: string): Promise<{ x: number; y: number }> {
  const p = await page.evaluate((nodeId) => (window as unknown as AppWindow).leakscopeApp.nodePosition(nodeId), id);
  if (!p) throw new Error(`node ${id} is not drawn`);
  return p;
}

/** The counts shown on each timeline card ("19/22", …). */
export async function timelineCounts(page: Page): Promise<string[]> {
  return page.locator('.timeline button .c').allTextContents();
}

/** Decode a PNG in the browser; returns its size and how many pixels differ from the corner. */
export async function pngStats(page: Page, bytes: Buffer): Promise<{ width: number; height: number; inked: number; colours: number }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    const corner = [data[0], data[1], data[2], data[3]];
    let inked = 0;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== corner[0] || data[i + 1] !== corner[1] || data[i + 2] !== corner[2] || data[i + 3] !== corner[3]) inked++;
      if (colours.size < 5000) colours.add(((data[i] as number) << 16) | ((data[i + 1] as number) << 8) | (data[i + 2] as number));
    }
    return { width: img.width, height: img.height, inked, colours: colours.size };
  }, bytes.toString('base64'));
}

/** Read a finished download. */
export async function downloaded(d: Download): Promise<Buffer> {
  const path = await d.path();
  expect(path).toBeTruthy();
  return readFileSync(path as string);
}

/**
 * The desktop app end to end, through Playwright's Electron driver: the same flow as
 * the browser-mode spec (open the sample, see the graph, play the passes down to the
 * planted leak, a manual clear survives a reload, export a PNG and the write-up,
 * through the native menu and save dialog) plus the hardening
 * (no Node in the page, navigation and window.open refused). Electron's binary
 * cannot be downloaded on offline machines; there the spec skips with the reason.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { LeakscopeBridge, Snapshot } from '../../preload/contract';
import { inspect, nodePosition, timelineCounts } from './helpers';

const LEAK = 'src/nswapd_mem.c:52:kmalloc';

const root = path.join(__dirname, '..', '..');

/** The Electron executable, or why there is none. */
function findElectron(): { binary: string | null; reason: string } {
  try {
    const binary: unknown = createRequire(path.join(root, 'package.json'))('electron');
    if (typeof binary === 'string' && existsSync(binary)) return { binary, reason: '' };
    return { binary: null, reason: `${String(binary)} does not exist` };
  } catch (err) {
    return { binary: null, reason: err instanceof Error ? err.message : String(err) };
  }
}

const { binary, reason } = findElectron();
test.skip(binary === null, `Electron binary is not installed (${reason}): run npm install on a machine with network to fetch it`);
test.describe.configure({ mode: 'serial' });

/** The bridge as the page sees it (typed without a global declaration). */
type Win = { leakscope: LeakscopeBridge; require?: unknown; process?: unknown };

let app: ElectronApplication;
let page: Page;
let sample: string;
let work: string;

async function snapshot(): Promise<Snapshot> {
  const result = await page.evaluate(() => (window as unknown as Win).leakscope.getSnapshot());
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

test.beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'leakscope-electron-'));
  // A copy, so the investigation file this test writes never lands in the repository.
  sample = path.join(work, 'nswap');
  cpSync(path.join(root, 'examples', 'nswap'), sample, { recursive: true, filter: (src) => !src.includes(`${path.sep}.leakscope`) });
  app = await electron.launch({
    executablePath: binary!,
    args: [root, sample],
    env: { ...process.env, LEAKSCOPE_USER_DATA: path.join(work, 'profile'), XDG_CACHE_HOME: path.join(work, 'cache') },
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
});

test('the window is hardened: no Node in the page, only the bridge', async () => {
  const seen = await page.evaluate(() => {
    const w = window as unknown as Win;
    return { host: w.leakscope.host, require: typeof w.require, process: typeof w.process, verbs: Object.keys(w.leakscope).sort() };
  });
  expect(seen.host).toBe('electron');
  expect(seen.require).toBe('undefined');
  expect(seen.process).toBe('undefined');
  expect(seen.verbs).toContain('openFolder');
  expect(seen.verbs).toContain('on');
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const wc = BrowserWindow.getAllWindows()[0]!.webContents;
    return { url: wc.getURL() };
  });
  expect(prefs.url).toMatch(/^file:\/\/.*\/dist\/renderer\/index\.html/);
  // window.open and navigation are refused.
  const before = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
  await page.evaluate(() => {
    window.open('https://example.com/');
  });
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  }).catch(() => undefined);
  await page.waitForTimeout(500);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(before);
  expect(page.url()).toMatch(/^file:\/\//);
});

test('the sample opens on first start and the graph shows its functions and badges', async () => {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  const snap = await snapshot();
  expect(snap.project.root).toBe(sample);
  const seen = await inspect(page);
  const byLabel = new Map(seen.nodes.map((n) => [n.label, n]));
  for (const fn of ['nswapd_mem_store', 'ht_create', 'nswap_thread']) expect(byLabel.has(fn), `${fn} is drawn`).toBe(true);
  expect(byLabel.get('nswapd_mem_store')).toMatchObject({ allocLeft: 1, freeLeft: 0 });
  const allocs = seen.nodes.reduce((n, x) => n + x.allocLeft, 0);
  const frees = seen.nodes.reduce((n, x) => n + x.freeLeft, 0);
  expect([allocs, frees]).toEqual([19, 22]);
  await expect(page.locator('#graph canvas').first()).toBeVisible();
});

test('playing the passes follows the seed counts and ends on the planted leak alone', async () => {
  await page.locator('#graph').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Home');
  const counts = await timelineCounts(page);
  expect(counts[0]).toBe('19/22');
  expect(counts.indexOf('12/14')).toBeGreaterThan(0);
  expect(counts.indexOf('8/11')).toBeGreaterThan(counts.indexOf('12/14'));
  await page.locator('[data-testid="play"]').click();
  const last = (await inspect(page)).steps - 1;
  await expect(page.locator(`.timeline button[data-step="${last}"]`)).toHaveAttribute('aria-current', 'step', { timeout: 30_000 });
  expect((await inspect(page)).suspects).toEqual([LEAK]);
  await expect(page.locator('.suspect-card .fn')).toHaveText('nswapd_mem_store');
});

test('a manual clear with a note survives a reload and undoes', async () => {
  const note = 'Checked by hand in the desktop app';
  await page.keyboard.press('Control+f');
  await page.keyboard.type('nswapd_mem_store');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  const p = await nodePosition(page, 'nswapd_mem_store');
  await page.mouse.click(p.x, p.y, { button: 'right' });
  await page.getByRole('menuitem', { name: /Clear its sites by hand/ }).click();
  await page.getByRole('textbox', { name: 'Note' }).fill(note);
  await page.getByRole('button', { name: 'Clear with note' }).click();
  await expect.poll(async () => (await inspect(page)).suspects.includes(LEAK)).toBe(false);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await expect(page.locator('#panel')).toContainText(note);
  const saved = JSON.parse(readFileSync(path.join(sample, '.leakscope', 'investigation.json'), 'utf8')) as { manual: { note: string }[] };
  expect(saved.manual.map((m) => m.note)).toEqual([note]);
  await page.locator('#graph').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await inspect(page)).suspects).toEqual([LEAK]);
});

/** Makes the native save dialog answer `filePath` without a person. */
async function answerSaveDialog(filePath: string): Promise<void> {
  await app.evaluate(({ dialog }, target) => {
    (dialog as unknown as { showSaveDialog: () => Promise<{ canceled: boolean; filePath: string }> }).showSaveDialog = async () => ({ canceled: false, filePath: target });
  }, filePath);
}

/** Clicks File ▸ Export ▸ `label` in the native menu. */
async function clickExport(label: string): Promise<void> {
  await app.evaluate(({ Menu }, itemLabel) => {
    const file = Menu.getApplicationMenu()!.items.find((i) => i.label === 'File')!;
    const exportMenu = file.submenu!.items.find((i) => i.label === 'Export')!;
    exportMenu.submenu!.items.find((i) => i.label === itemLabel)!.click();
  }, label);
}

test('File ▸ Export ▸ PNG writes a real PNG where the save dialog says', async () => {
  const target = path.join(work, 'graph.png');
  await answerSaveDialog(target);
  await clickExport('PNG Image…');
  // The renderer asks for area, scale and background first; take its defaults.
  await page.locator('dialog[open]').getByRole('button', { name: 'Export', exact: true }).click();
  await expect.poll(() => existsSync(target), { timeout: 20_000 }).toBe(true);
  const bytes = readFileSync(target);
  expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  expect(statSync(target).size).toBeGreaterThan(5_000);
});

test('File ▸ Export ▸ Markdown writes the write-up with its pass snapshots beside it', async () => {
  const target = path.join(work, 'writeup', 'nswap.md');
  mkdirSync(path.dirname(target), { recursive: true });
  await answerSaveDialog(target);
  await clickExport('Markdown Write-up…');
  await expect.poll(() => existsSync(target), { timeout: 60_000 }).toBe(true);
  const markdown = readFileSync(target, 'utf8');
  expect(markdown).toContain('| File | Function | Line | Code |');
  const linked = [...markdown.matchAll(/\]\((pass-\d+\.png)\)/g)].map((m) => m[1]!);
  expect(linked.length).toBeGreaterThan(0);
  for (const name of linked) {
    const png = path.join(path.dirname(target), name);
    await expect.poll(() => existsSync(png), { timeout: 20_000 }).toBe(true);
    expect([...readFileSync(png).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  }
});

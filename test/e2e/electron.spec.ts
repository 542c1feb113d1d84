/**
 * The desktop app end to end, through Playwright's Electron driver: the same flow as
 * the browser-mode spec (open the sample, see the graph, play the passes down to the
 * planted leak, a manual clear survives a reload, export a PNG) plus the hardening
 * (no Node in the page, navigation and window.open refused). Electron's binary
 * cannot be downloaded on offline machines; there the spec skips with the reason.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { LeakscopeBridge, Snapshot } from '../../preload/contract';

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

test('the sample opens on first start and the graph shows its functions and sites', async () => {
  await expect.poll(async () => (await page.evaluate(() => (window as unknown as Win).leakscope.getSnapshot())).ok, { timeout: 60_000 }).toBe(true);
  const snap = await snapshot();
  expect(snap.project.root).toBe(sample);
  const names = new Set(snap.graph.functions.map((f) => f.name));
  for (const name of ['nswapd_mem_store', 'ht_create', 'nswap_thread']) expect(names).toContain(name);
  const kmallocs = snap.graph.sites.filter((s) => s.api === 'kmalloc').length;
  const kfrees = snap.graph.sites.filter((s) => s.api === 'kfree').length;
  expect([kmallocs, kfrees]).toEqual([19, 22]);
  await expect(page.locator('#graph canvas').first()).toBeVisible();
});

test('the passes leave the planted leak in nswapd_mem_store as the only suspect', async () => {
  const snap = await snapshot();
  expect(snap.analysis.passes.length).toBeGreaterThan(0);
  const suspects = snap.analysis.suspects.map((id) => snap.graph.sites.find((s) => s.id === id)!);
  expect(suspects.map((s) => `${s.function}:${s.api}`)).toEqual(['nswapd_mem_store:kmalloc']);
  // The player is there to step through them.
  await expect(page.locator('#player')).toBeVisible();
});

test('a manual clear with a note survives a reload', async () => {
  const snap = await snapshot();
  const site = snap.analysis.suspects[0]!;
  const added = await page.evaluate((id) => (window as unknown as Win).leakscope.addManualClear('site', id, 'checked by hand: freed in nswapd_cleanup'), site);
  expect(added.ok).toBe(true);
  await page.reload();
  await page.waitForLoadState('domcontentloaded');
  const after = await snapshot();
  expect(after.analysis.investigation.manual.map((m) => [m.target, m.note])).toEqual([[site, 'checked by hand: freed in nswapd_cleanup']]);
  expect(after.analysis.suspects).not.toContain(site);
  const saved = JSON.parse(readFileSync(path.join(sample, '.leakscope', 'investigation.json'), 'utf8')) as { manual: { target: string }[] };
  expect(saved.manual.map((m) => m.target)).toEqual([site]);
  // Undo puts the suspect back.
  const undone = await page.evaluate(() => (window as unknown as Win).leakscope.undo());
  expect(undone.ok && undone.value.suspects).toContain(site);
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

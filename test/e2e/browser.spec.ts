/**
 * The UI end to end in browser mode on examples/nswap: the graph and its badges, the
 * caller chain of the planted leak, the passes played down to it with the seed's
 * counts, a manual clear that survives a reload, PNG/SVG/Markdown/CSV exports, and
 * the token guard. One page, in order, like a user's session.
 */
import { expect, test, type Download, type Page } from '@playwright/test';
import { downloaded, inspect, nodePosition, openApp, pngStats, serverUrl, timelineCounts } from './helpers';

const LEAK = 'src/nswapd_mem.c:52:kmalloc';

// Tests share one page in order; after a failure Playwright starts a fresh worker (and page) for the next test.

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await openApp(page);
});

test.afterAll(async () => {
  await page.close();
});

test('the graph shows the leak-relevant functions with their alloc and free badges', async () => {
  await page.keyboard.press('Home');
  await expect(page.locator('.timeline button[aria-current="step"] .n')).toHaveText('Start');
  const seen = await inspect(page);
  // Static functions have `file::name` ids; look them up by the label a user sees.
  const byId = new Map(seen.nodes.map((n) => [n.label, n]));
  for (const fn of ['nswapd_mem_store', 'ht_create', 'ht_destroy', 'nswap_udp_alloc_socket', 'nswapd_handle_request', 'nswapd_serve_thr', 'nswapc_init']) expect(byId.has(fn), `${fn} is drawn`).toBe(true);
  expect(seen.nodes.filter((n) => n.label === 'nswapd_mem_monitor_init')).toHaveLength(3);
  expect(byId.get('nswapd_mem_store')).toMatchObject({ allocLeft: 1, freeLeft: 0 });
  expect(byId.get('ht_create')).toMatchObject({ allocLeft: 3, freeLeft: 0 });
  expect(byId.get('ht_destroy')).toMatchObject({ allocLeft: 0, freeLeft: 3 });
  expect(byId.get('nswap_udp_alloc_socket')).toMatchObject({ allocLeft: 2, freeLeft: 1 });
  expect(byId.get('nswapd_mem_cleanup')).toMatchObject({ allocLeft: 0, freeLeft: 2 });
  // Every site is counted once: 19 kmallocs and 22 kfrees, as in the seed.
  const allocs = seen.nodes.reduce((n, x) => n + x.allocLeft, 0);
  const frees = seen.nodes.reduce((n, x) => n + x.freeLeft, 0);
  expect([allocs, frees]).toEqual([19, 22]);
  await expect(page.locator('[data-testid="pass-counts"] b[data-family="kmalloc"]')).toHaveText('19/22');
  await expect(page.locator('#table .table-bar')).toContainText('41 of 41');
});

test('selecting nswapd_mem_store lights up its caller chain and shows its source', async () => {
  await page.keyboard.press('Control+f');
  await page.keyboard.type('nswapd_mem_sto');
  await expect(page.locator('.search-results button').first()).toContainText('nswapd_mem_store');
  await page.keyboard.press('Enter');
  await expect(page.locator('#crumbs .crumb')).toHaveText(['nswapd_serve_thr', 'nswapd_handle_request', 'nswapd_mem_store']);
  await expect(page.locator('#panel h2')).toHaveText('nswapd_mem_store');
  await expect(page.locator('#panel .source')).toContainText('new_page = kmalloc(sizeof(page_data_t),(GFP_NSWAP));');
  await expect(page.locator('#panel .source .ln.m-alloc, #panel .source .ln.m-suspect').first()).toContainText('kmalloc');
  const seen = await inspect(page);
  const cls = (label: string): string[] => seen.nodes.find((n) => n.label === label)?.classes ?? [];
  expect(seen.selected).toBe('nswapd_mem_store');
  expect(cls('nswapd_handle_request')).toContain('up');
  expect(cls('nswapd_serve_thr')).toContain('up');
  expect(cls('ht_create')).toContain('dim');
  // Arrow up walks to the caller, Alt+Left comes back.
  await page.locator('#graph').focus();
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('#panel h2')).toHaveText('nswapd_handle_request');
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page.locator('#panel h2')).toHaveText('nswapd_mem_store');
  await page.keyboard.press('Escape');
});

test('playing the passes follows the seed counts and ends on the planted leak alone', async () => {
  await page.keyboard.press('Home');
  const counts = await timelineCounts(page);
  expect(counts[0]).toBe('19/22');
  // The seed's trail, in order: 19/22 → 12/14 → 8/11.
  const i12 = counts.indexOf('12/14');
  const i8 = counts.indexOf('8/11');
  expect(i12, `timeline ${counts.join(' → ')}`).toBeGreaterThan(0);
  expect(i8).toBeGreaterThan(i12);
  // Record every caption the player shows while it plays (passes that clear nothing flash by quickly).
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="pass-caption"]') as HTMLElement;
    const w = window as unknown as { captions: string[] };
    w.captions = [];
    new MutationObserver(() => {
      const text = el.textContent ?? '';
      if (w.captions[w.captions.length - 1] !== text) w.captions.push(text);
    }).observe(el, { childList: true, characterData: true, subtree: true });
  });
  await page.locator('[data-testid="play"]').click();
  const last = (await inspect(page)).steps - 1;
  await expect(page.locator(`.timeline button[data-step="${last}"]`)).toHaveAttribute('aria-current', 'step', { timeout: 30_000 });
  const captions = (await page.evaluate(() => (window as unknown as { captions: string[] }).captions)).filter((c) => c.startsWith('Pass'));
  expect(captions.map((c) => /^Pass (\d+)/.exec(c)?.[1])).toEqual(Array.from({ length: last }, (_, i) => String(i + 1)));
  expect(captions[0]).toMatch(/^Pass 1 — .+: cleared \d+ kmallocs?, \d+ kfrees?/);
  expect(captions[1]).toMatch(/^Pass 2 — /);
  const seen = await inspect(page);
  expect(seen.suspects).toEqual([LEAK]);
  // The last step's fade runs ~600 ms after the timeline marks it current: wait for the node to settle.
  await expect.poll(async () => (await inspect(page)).nodes.find((n) => n.id === 'nswapd_mem_store')?.classes ?? [], { timeout: 5_000 }).toContain('st-suspect');
  await expect(page.locator('.suspect-card')).toHaveCount(1);
  await expect(page.locator('.suspect-card .fn')).toHaveText('nswapd_mem_store');
  await page.getByRole('checkbox', { name: 'Suspects' }).check();
  await expect(page.locator('table.sites tbody tr')).toHaveCount(1);
  await expect(page.locator('table.sites tbody tr td.fn')).toHaveText('nswapd_mem_store');
  await page.getByRole('checkbox', { name: 'Suspects' }).uncheck();
});

test('a manual clear with a note survives a reload and undoes', async () => {
  const note = 'Checked by hand: the iptable lookup never fails in this deployment';
  const before = (await inspect(page)).suspects;
  expect(before).toContain(LEAK);
  // Centre the node first so no overlay (legend, zoom buttons) sits on it.
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
  expect((await inspect(page)).suspects).not.toContain(LEAK);
  await page.locator('#graph').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await inspect(page)).suspects).toEqual(before);
  await expect(page.locator('#panel')).not.toContainText(note);
});

async function exportVia(label: RegExp, confirm: boolean): Promise<Download> {
  await page.locator('[data-cmd="menu-export"]').click();
  const wait = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: label }).click();
  if (confirm) await page.getByRole('button', { name: 'Export', exact: true }).click();
  return wait;
}

test('PNG and SVG exports are valid images of sensible size', async () => {
  const png = await exportVia(/PNG image/, true);
  expect(png.suggestedFilename()).toMatch(/^nswap-pass-\d+\.png$/);
  const bytes = await downloaded(png);
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.length).toBeGreaterThan(20_000);
  const stats = await pngStats(page, bytes);
  expect(stats.width).toBeGreaterThan(700);
  expect(stats.height).toBeGreaterThan(300);
  expect(stats.inked / (stats.width * stats.height)).toBeGreaterThan(0.01);
  expect(stats.colours).toBeGreaterThan(50);
  const svg = (await downloaded(await exportVia(/SVG image/, true))).toString('utf8');
  expect(svg).toContain('<svg');
  expect(svg.length).toBeGreaterThan(5_000);
  expect(svg).toContain('nswapd_mem_store');
});

test('the Markdown write-up carries the tables and links a snapshot per pass', async () => {
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.locator('[data-cmd="menu-export"]').click();
  await page.getByRole('menuitem', { name: /Markdown write-up/ }).click();
  await expect.poll(() => downloads.some((d) => d.suggestedFilename().endsWith('.md')), { timeout: 30_000 }).toBe(true);
  const md = (await downloaded(downloads.find((d) => d.suggestedFilename().endsWith('.md')) as Download)).toString('utf8');
  expect(md).toMatch(/\|\s*File\s*\|\s*Function\s*\|\s*Line\s*\|\s*Code\s*\|/);
  expect(md).toContain('nswapd_mem_store');
  const linked = [...new Set([...md.matchAll(/(pass-\d+\.png)/g)].map((m) => m[1] as string))];
  expect(linked.length).toBeGreaterThan(1);
  await expect.poll(() => linked.every((name) => downloads.some((d) => d.suggestedFilename() === name)), { timeout: 30_000 }).toBe(true);
  const first = downloads.find((d) => d.suggestedFilename() === linked[0]) as Download;
  const stats = await pngStats(page, await downloaded(first));
  expect(stats.inked).toBeGreaterThan(1000);
});

test('the sites table exports as CSV with the seed columns', async () => {
  const csv = (await downloaded(await exportVia(/Sites table/, false))).toString('utf8');
  const lines = csv.trim().split(/\r\n/);
  expect(lines[0]).toBe('File,Function,Line,Code,Kind,API,Family,State,Site');
  expect(lines).toHaveLength(42);
  expect(lines.some((l) => l.startsWith('src/nswapd_mem.c,nswapd_mem_store,52,') && l.endsWith(`,suspect,${LEAK}`))).toBe(true);
});

test('requests without the token are refused', async ({ playwright }) => {
  const origin = new URL(serverUrl()).origin;
  const anon = await playwright.request.newContext();
  expect((await anon.get(`${origin}/`)).status()).toBe(403);
  expect((await anon.post(`${origin}/api/getSnapshot`, { data: [] })).status()).toBe(403);
  expect((await anon.get(`${origin}/?token=wrong`)).status()).toBe(403);
  await anon.dispose();
});

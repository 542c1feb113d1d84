/**
 * Site ids inside evidence and suspect details are links: on a folder where a wrapper's
 * allocation stays a suspect because one caller leaks, the wrapper's detail names that
 * caller's site, and clicking it selects the caller. Its own server, on a copy of one
 * fixture of the leak suite.
 */
import { expect, test } from '@playwright/test';
import { copyFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServe, type Served } from './serve-fixture';

let served: Served | undefined;

test.beforeAll(async () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'leakscope-refs-')), 'refill');
  mkdirSync(dir);
  copyFileSync(path.join(__dirname, '..', 'fixtures', 'leaks', 'refill-if-null.c'), path.join(dir, 'refill-if-null.c'));
  served = await startServe(60_000, dir);
});

test.afterAll(() => {
  served?.child.kill('SIGTERM');
});

test('a site id in a suspect detail is a link to the caller it names', async ({ page }) => {
  if (!served) throw new Error('no server');
  await page.goto(served.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await page.keyboard.press('End');
  await page.keyboard.press('Control+f');
  await page.keyboard.type('grab_slots');
  await expect(page.locator('.search-results button').first()).toContainText('grab_slots');
  await page.keyboard.press('Enter');
  await expect(page.locator('#panel h2')).toHaveText('grab_slots');
  const ref = page.locator('#panel .site.suspect .why .site-ref');
  await expect(ref).toHaveText(['refill-if-null.c:19:grab_slots']);
  await expect(ref).toHaveAttribute('title', 'int *s = grab_slots(0, n); /* expect: suspect never-freed */');
  await page.screenshot({ path: test.info().outputPath('evidence-link.png') });
  await ref.click();
  await expect(page.locator('#panel h2')).toHaveText('count_leaky');
});

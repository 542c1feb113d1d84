/**
 * Screenshots of every main screen in light and dark, attached to the test report as
 * artifacts; with UPDATE_DOCS_SCREENSHOTS=1 they are also written to docs/screenshots/
 * for the README. Each screen also checks the one thing it is meant to show.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openApp } from './helpers';

const docs = path.join(__dirname, '..', '..', 'docs', 'screenshots');

async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.waitForTimeout(700);
  const file = info.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await info.attach(name, { path: file, contentType: 'image/png' });
  if (process.env['UPDATE_DOCS_SCREENSHOTS'] === '1') {
    mkdirSync(docs, { recursive: true });
    await page.screenshot({ path: path.join(docs, `${name}.png`) });
  }
}

for (const theme of ['light', 'dark'] as const) {
  test(`main screens in the ${theme} theme`, async ({ browser }, info) => {
    test.setTimeout(90_000);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: theme });
    await openApp(page);
    await page.locator('#banner button').click({ timeout: 2000 }).catch(() => undefined);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);

    // The result: the passes have run, the planted leak is the one suspect.
    await expect(page.locator('.suspect-card')).toHaveCount(1);
    await shot(page, info, `result-${theme}`);

    // Click the suspect: its caller chain lights up and its source shows.
    await page.locator('.suspect-card').click();
    await expect(page.locator('#panel h2')).toHaveText('nswapd_mem_store');
    await page.locator('#panel .source .ln').first().waitFor();
    await shot(page, info, `chain-${theme}`);
    await page.keyboard.press('Escape');

    // Before any pass: every kmalloc and kfree, 19/22.
    await page.keyboard.press('Home');
    await expect(page.locator('[data-testid="pass-counts"] b').first()).toHaveText('19/22');
    await page.locator('[data-cmd="fit"], .zoom-controls button[aria-label="Fit to window"]').first().click();
    await shot(page, info, `start-${theme}`);

    // One pass in: what it cleared has faded.
    await page.keyboard.press('.');
    await expect(page.locator('[data-testid="pass-caption"]')).toContainText('Pass 1');
    await shot(page, info, `pass-1-${theme}`);
    await page.keyboard.press('End');

    // Grouped by folder and file.
    await page.locator('[data-cmd="group-directory"]').click();
    await shot(page, info, `grouped-${theme}`);
    await page.locator('[data-cmd="group-none"]').click();

    // How does A reach B?
    await page.keyboard.press('p');
    await page.locator('input[aria-label="From function (A)"]').fill('nswapd_handle_request');
    await page.locator('input[aria-label="To function (B)"]').fill('ht_insert');
    await page.getByRole('button', { name: 'Show paths' }).click();
    await expect(page.locator('#crumbs')).toContainText('Paths nswapd_handle_request → ht_insert');
    await shot(page, info, `paths-${theme}`);
    await page.keyboard.press('Escape');

    // The whole graph, force layout.
    await page.locator('[data-cmd="scope-all"]').click();
    await page.locator('[data-cmd="layout-force"]').click();
    await page.waitForTimeout(1500);
    await shot(page, info, `all-force-${theme}`);
    await page.locator('[data-cmd="layout-hierarchical"]').click();
    await page.locator('[data-cmd="scope-leak"]').click();

    // Manual clear dialog from the table's context menu.
    await page.locator('table.sites tbody tr').first().click({ button: 'right' });
    await page.getByRole('menuitem', { name: /Clear this site by hand/ }).click();
    await page.getByRole('textbox', { name: 'Note' }).fill('Freed by the RCU callback in foo_rcu_free()');
    await shot(page, info, `manual-clear-${theme}`);
    await page.getByRole('button', { name: 'Cancel' }).click();

    // Shortcuts overlay.
    await page.keyboard.press('?');
    await expect(page.getByRole('heading', { name: 'Keyboard shortcuts' })).toBeVisible();
    await shot(page, info, `help-${theme}`);
    await page.keyboard.press('Escape');
    await page.close();
  });
}

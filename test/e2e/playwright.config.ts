/**
 * End-to-end tests. `browser`: the UI in browser mode (`leakscope serve` on a copy of
 * examples/nswap, started by global-setup.ts) driven in Debian's Chromium. `electron`:
 * the desktop app through Playwright's Electron driver (skips where Electron's binary
 * is missing). Screenshots of the main screens land in test-results/ as artifacts.
 */
import { defineConfig } from '@playwright/test';

const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results/e2e',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  projects: [
    {
      name: 'browser',
      testMatch: /(?<!electron)\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        viewport: { width: 1440, height: 900 },
        deviceScaleFactor: 1,
        acceptDownloads: true,
        launchOptions: { executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium', args: chromiumArgs },
        trace: 'retain-on-failure',
        screenshot: 'only-on-failure',
      },
    },
    {
      name: 'electron',
      testMatch: /electron\.spec\.ts$/,
    },
  ],
  globalSetup: './global-setup.ts',
});

// Browser tests of the console against the real product: built dist/, the embedded stack on a temp DATA_DIR with its
// own nats-server (global-setup.ts), Debian's chromium. Screenshots of the main pages go to docs/console-screenshots.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.pw.ts',
  // One stack, one browser: the machine is shared; the tests are ordered stories, not a matrix.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../../tmp/console-e2e',
  globalSetup: './global-setup.ts',
  use: {
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
  },
});

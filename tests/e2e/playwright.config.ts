import { defineConfig } from '@playwright/test';

// The release dist/ is served by a plain static server on loopback, as any static host would.
// Chromium is Debian's (/usr/bin/chromium); Playwright never downloads a browser here.
const port = Number(process.env.TOKENLAB_E2E_PORT ?? 4173);
const dist = process.env.TOKENLAB_DIST ?? '../../dist';

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory ${dist}`,
      url: `http://127.0.0.1:${port}/index.html`,
      reuseExistingServer: false,
      timeout: 20_000,
      // The access log of every file served would drown the test report.
      stdout: 'ignore',
      stderr: 'ignore',
    },
    {
      // The same dist/ under a sub-path (PRODUCT.md H1): http://127.0.0.1:<port+100>/some/path/
      command: `node serve-subpath.mjs ${port + 100} ${dist}`,
      url: `http://127.0.0.1:${port + 100}/some/path/index.html`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
  ],
});

import * as fs from 'fs';
import * as path from 'path';
import { chromium } from '@playwright/test';
import { test, expect, openApp, reloadApp, waitInteractive, sectionModules, readFixture } from '../fixtures';

const dist = path.resolve(__dirname, '..', process.env.TOKENLAB_DIST ?? '../../dist');

test.describe('offline and static hosting', () => {
  test('a strict Content-Security-Policy is in force', async ({ page, requests, cspViolations }) => {
    await openApp(page, requests);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
    expect(csp).not.toContain('unsafe-inline');
    // An injected inline script is refused by the policy.
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.appendChild(s);
      return (window as any).__injected === true;
    });
    expect(ran).toBe(false);
    // That refusal is the only violation, and it is the one we caused.
    await expect.poll(() => cspViolations.length).toBe(1);
    expect(cspViolations[0]).toContain('inline script');
    cspViolations.length = 0;
    // The page's own inline stylesheet is allowed by its hash; an injected one is refused.
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+';/);
    const styled = await page.evaluate(() => {
      const s = document.createElement('style');
      s.textContent = 'body { outline: 7px solid red }';
      document.head.appendChild(s);
      return getComputedStyle(document.body).outlineWidth === '7px';
    });
    expect(styled).toBe(false);
    await expect.poll(() => cspViolations.length).toBe(1);
    expect(cspViolations[0]).toContain('inline style');
    cspViolations.length = 0;
  });

  test('after the first visit the app reloads and works with the network cut', async ({ page, context, requests }) => {
    await openApp(page, requests);
    // The first visit installs the service worker; the page is controlled from the next load on.
    await reloadApp(page, requests);
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await context.setOffline(true);
    await reloadApp(page, requests);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // The Debugger's key code, never fetched while online, comes from the worker's cache too.
    const { token, pem } = readFixture('rs256.json');
    await page.getByLabel('Encoded token').fill(token);
    await page.getByLabel('Verification key').fill(pem);
    await expect(page.getByRole('status', { name: 'Signature status' }).getByText('Verified', { exact: true })).toBeVisible();
    // Sections never opened while online load their code from the worker's cache.
    for (const name of ['Encoder', 'Keys', 'PKCE', 'Flows']) {
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    }
    await context.setOffline(false);
  });

  test('a new build is announced with a Reload button', async ({ page, requests }) => {
    await openApp(page, requests);
    await reloadApp(page, requests);
    // Publish a "new build": a changed sw.js on the server. The browser installs it as the new version.
    const swPath = path.join(dist, 'sw.js');
    const original = fs.readFileSync(swPath, 'utf8');
    fs.writeFileSync(swPath, original.replace(/const CACHE = 'tokenlab-[0-9a-f]+';/, "const CACHE = 'tokenlab-next';"));
    try {
      requests.markLoading();
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
      await expect(page.getByText('A new version of Tokenlab is available.')).toBeVisible({ timeout: 10_000 });
      const reloaded = page.waitForEvent('load');
      await page.getByRole('button', { name: 'Reload' }).click();
      await reloaded;
      await waitInteractive(page);
      expect(await page.evaluate(async () => (await caches.keys()).includes('tokenlab-next'))).toBe(true);
      requests.markLoaded();
    } finally {
      fs.writeFileSync(swPath, original);
    }
  });
});

test.describe('precompressed copies', () => {
  test('every .br and .gz in the build decompresses to the file it stands for', async () => {
    const zlib = await import('zlib');
    const names = fs.readdirSync(dist);
    const copies = names.filter((n) => n.endsWith('.br') || n.endsWith('.gz'));
    // The page, the main wasm, the worker, the manifest, the icon and every section's wasm
    // module, each with both copies.
    expect(copies.length).toBe(2 * (5 + sectionModules.size));
    for (const copy of copies) {
      const original = fs.readFileSync(path.join(dist, copy.slice(0, -3)));
      const packed = fs.readFileSync(path.join(dist, copy));
      const unpacked = copy.endsWith('.br') ? zlib.brotliDecompressSync(packed) : zlib.gunzipSync(packed);
      expect(unpacked.equals(original), copy).toBe(true);
      expect(packed.length, copy).toBeLessThan(original.length);
    }
    // The offline worker caches the files themselves, not the copies.
    expect(fs.readFileSync(path.join(dist, 'sw.js'), 'utf8')).not.toMatch(/\.(br|gz)'/);
  });
});

test.describe('installable', () => {
  test('Chromium finds nothing that stops it installing the app (manifest, icon, service worker)', async ({ baseURL }, testInfo) => {
    // Playwright's usual contexts are private windows, where Chromium never installs anything
    // ("in-incognito"); a persistent profile is a normal window.
    const context = await chromium.launchPersistentContext(testInfo.outputPath('profile'), testInfo.project.use.launchOptions ?? {});
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${baseURL}index.html`);
      await waitInteractive(page);
      const cdp = await context.newCDPSession(page);
      const manifest = await cdp.send('Page.getAppManifest');
      expect(manifest.errors).toEqual([]);
      expect(JSON.parse(manifest.data ?? '{}')).toMatchObject({ short_name: 'Tokenlab', display: 'standalone' });
      // The service worker installs in the background after the first load.
      await expect
        .poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors.map((e) => e.errorId), { timeout: 10_000 })
        .toEqual([]);
    } finally {
      await context.close();
    }
  });
});

test.describe('served from a sub-path', () => {
  test.use({ baseURL: `http://127.0.0.1:${Number(process.env.TOKENLAB_E2E_PORT ?? 4173) + 100}/some/path/` });

  test('loads every asset relative to its own directory and works', async ({ page, requests }) => {
    await openApp(page, requests);
    expect(requests.duringLoad.every((r) => r.includes('/some/path/'))).toBe(true);
    // The page itself carries its CSS and JavaScript (scripts/postbuild.py): before the app
    // runs, only the page and the wasm are fetched (then the manifest, and the offline worker
    // fetching its copies).
    const firstFiles = requests.duringLoad.map((r) => r.split('/').pop()!).slice(0, 2);
    expect(firstFiles[0]).toBe('index.html');
    expect(firstFiles[1]).toMatch(/^tokenlab-app-[0-9a-f]+_bg\.wasm$/);
    expect(requests.duringLoad.some((r) => /\.(css|js)$/.test(r) && !r.endsWith('/sw.js'))).toBe(false);
    await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  });
});

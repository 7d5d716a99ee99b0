import * as fs from 'fs';
import * as path from 'path';
import { test, expect, openApp, reloadApp, waitInteractive } from '../fixtures';

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
  });

  test('after the first visit the app reloads and works with the network cut', async ({ page, context, requests }) => {
    await openApp(page, requests);
    // The first visit installs the service worker; the page is controlled from the next load on.
    await reloadApp(page, requests);
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await context.setOffline(true);
    await reloadApp(page, requests);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
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

test.describe('served from a sub-path', () => {
  test.use({ baseURL: `http://127.0.0.1:${Number(process.env.TOKENLAB_E2E_PORT ?? 4173) + 100}/some/path/` });

  test('loads every asset relative to its own directory and works', async ({ page, requests }) => {
    await openApp(page, requests);
    expect(requests.duringLoad.every((r) => r.includes('/some/path/'))).toBe(true);
    await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  });
});

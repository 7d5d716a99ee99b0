import { Page } from '@playwright/test';
import { test, expect, openApp, RequestLog, isSectionModule, sectionModules, hs256 } from '../fixtures';
import { DebuggerPage } from '../pages/debugger';
import { EncoderPage } from '../pages/encoder';
import { KeysPage } from '../pages/keys';
import { PkcePage } from '../pages/pkce';
import { FlowsPage } from '../pages/flows';

// Share links (fragment only, key only on request) and storage that never holds a secret.

const SECRET = 'share-link-secret-long-enough-for-hs256-0123456789';
const now = () => Math.floor(Date.now() / 1000);

/** Reads the share link of the section on show (opening the "Share link" disclosure). */
async function shareLink(page: Page, includeKey: boolean): Promise<string> {
  const summary = page.getByText('Share link', { exact: true }).first();
  const box = page.getByLabel('Include the key');
  if (!(await box.isVisible())) await summary.click();
  if ((await box.isChecked()) !== includeKey) await box.setChecked(includeKey);
  const out = page.getByLabel('Share link', { exact: true });
  await expect(out).toHaveText(/#/);
  return (await out.textContent())!;
}

/** Opens a link as a fresh load (not a same-page fragment change). */
async function openFresh(page: Page, requests: RequestLog, link: string) {
  const url = new URL(link);
  expect(url.search).toBe('');
  requests.markLoading();
  await page.goto('about:blank');
  await openApp(page, requests, url.hash);
}

test.describe('share links', () => {
  test('a Debugger link carries the token in the fragment and the key only when asked, with a warning', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    const token = hs256({ sub: 'erin', iat: now(), exp: now() + 3600 }, SECRET);
    await dbg.paste(token);
    await dbg.setKey(SECRET);
    await dbg.expectStatus('Verified');

    const plain = await shareLink(page, false);
    expect(plain).toContain(`#debugger&token=${token}`);
    expect(plain).not.toContain('key=');
    expect(plain).not.toContain(encodeURIComponent(SECRET).slice(0, 12));
    await expect(page.getByText(/^Warning: the link now holds the key/)).toHaveCount(0);

    const withKey = await shareLink(page, true);
    await expect(page.getByText(/^Warning: the link now holds the key/)).toBeVisible();
    expect(new URL(withKey).hash).toContain('key=');

    // Opened elsewhere without the key: decoded, not verified.
    await openFresh(page, requests, plain);
    await expect(dbg.tokenInput).toHaveValue(token);
    await dbg.expectStatus('No key');

    // With the key: verified, and the key leaves the address bar at once.
    await openFresh(page, requests, withKey);
    await dbg.expectStatus('Verified');
    await expect(dbg.keyInput).toHaveValue(SECRET);
    await expect(page).not.toHaveURL(/key=/);
    await expect(page).toHaveURL(/#debugger&token=/);
  });

  test('an Encoder link reopens the same header and payload; with the key, the same token', async ({ page, requests }) => {
    const enc = new EncoderPage(page);
    await enc.open(requests);
    await enc.payload.fill('{"sub":"frank","scope":"read write"}');
    const token = await enc.tokenText();
    const secret = await enc.key.inputValue();
    const header = await enc.header.inputValue();

    const plain = await shareLink(page, false);
    expect(plain).not.toContain('key=');
    const withKey = await shareLink(page, true);

    await openFresh(page, requests, plain);
    await expect(enc.header).toHaveValue(header);
    await expect(enc.payload).toHaveValue('{"sub":"frank","scope":"read write"}');
    // A fresh key, so a different signature.
    await expect(enc.key).not.toHaveValue(secret);

    await openFresh(page, requests, withKey);
    await expect(enc.key).toHaveValue(secret);
    expect(await enc.tokenText()).toBe(token);
    await expect(page).toHaveURL(/#encoder$/);
  });
});

test('after a session of use, browser storage holds no secret, key or token', async ({ page, requests }) => {
  const marks: string[] = [];
  await openApp(page, requests);
  const nav = (name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name }).click();

  // Debugger: a token verified with a secret.
  const dbg = new DebuggerPage(page);
  const token = hs256({ sub: 'grace', iat: now(), exp: now() + 3600 }, SECRET);
  await dbg.paste(token);
  await dbg.setKey(SECRET);
  await dbg.expectStatus('Verified');
  marks.push(SECRET, token.split('.')[2]);

  // Encoder: sign with a generated EC key.
  await nav('Encoder');
  const enc = new EncoderPage(page);
  await enc.useAlg('ES256', /Signing with an/);
  marks.push((await enc.tokenText()).split('.')[2]);

  // Keys: an RSA key pair and an HMAC secret.
  await nav('Keys');
  const keys = new KeysPage(page);
  await keys.generate('RSA 2048');
  const rsaPrivate = await keys.generator.text('Private key');
  marks.push(rsaPrivate.split('\n')[1]);
  await keys.generate('HMAC secret (256 bits)');
  marks.push((await keys.generator.text('Secret')).trim());

  // PKCE: a verifier.
  await nav('PKCE');
  const pkce = new PkcePage(page);
  marks.push((await pkce.verifier.textContent())!.trim());

  // Flows: a whole Authorization Code + PKCE flow with real tokens.
  await nav('Flows');
  const flows = new FlowsPage(page);
  await expect(flows.stepTitle).not.toBeEmpty();
  await flows.walkToEnd();

  // The theme is the one thing kept.
  await page.getByLabel('Theme').selectOption({ label: 'Dark' });

  const stored = await page.evaluate(async () => {
    const dump = (s: Storage) => Array.from({ length: s.length }, (_, i) => [s.key(i)!, s.getItem(s.key(i)!)!]);
    const dbs = 'databases' in indexedDB ? (await indexedDB.databases()).map((d) => d.name) : [];
    const cached: string[] = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) cached.push(req.url);
    }
    return { local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie, dbs, cached };
  });
  const all = JSON.stringify(stored);
  for (const m of marks) {
    expect(m.length).toBeGreaterThan(10);
    expect(all).not.toContain(m);
  }
  expect(all).not.toMatch(/PRIVATE KEY|"d":|eyJ/);
  expect(stored.cookie).toBe('');
  expect(stored.dbs).toEqual([]);
  expect(stored.session).toEqual([]);
  // Only preferences: the theme.
  expect(stored.local.map(([k]) => k).every((k) => /theme/i.test(k))).toBe(true);
  expect(stored.local.length).toBeGreaterThan(0);
  // The offline cache holds the app's own files, without any fragment.
  expect(stored.cached.every((u) => !u.includes('#'))).toBe(true);
});

test('opening a section (or the first sample) fetches only its own code, by name, from the page, and only once', async ({ page, requests, baseURL }) => {
  // The release build splits the Encoder, Keys, PKCE, Flows, the Debugger's decoding code, its
  // sample maker and its key code (PEM, JWK and JWKS keys) into wasm modules of their own.
  expect(sectionModules.size).toBeGreaterThan(0);
  await openApp(page, requests);
  const origin = new URL(baseURL!).origin;
  const nav = page.getByRole('navigation', { name: 'Sections' });
  const tour = async () => {
    for (const name of ['Encoder', 'Keys', 'PKCE', 'Flows', 'Debugger']) {
      await nav.getByRole('link', { name, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    }
    // The Debugger's samples are signed by code of their own, fetched with the first sample;
    // an ES256 sample comes with a PEM key, which fetches the key code.
    await page.getByLabel('Sample token').selectOption('es256');
    await expect(page.getByLabel('Encoded token')).not.toHaveValue('');
  };
  await tour();
  const fetched = [...requests.afterLoad];
  expect(fetched.length).toBeGreaterThan(0);
  expect(fetched.filter((r) => !isSectionModule(r, origin))).toEqual([]);
  // The Debugger's decoding code is fetched as soon as the page is drawn, usually before the
  // page counts as interactive here; every other module by the section or sample that wants it.
  const modules = [...requests.duringLoad.filter((r) => isSectionModule(r, origin)), ...fetched];
  expect(modules.some((r) => /\/split_tokenlab_decoded-[0-9a-f]+\.wasm$/.test(r))).toBe(true);
  // Every module of the build was wanted by some section or the sample, each fetched once.
  expect(new Set(modules).size).toBe(modules.length);
  expect(modules.map((r) => r.split('/').pop()).sort()).toEqual([...sectionModules].sort());
  // A second round finds every section's code already in the page.
  await tour();
  expect(requests.afterLoad).toEqual(fetched);
});

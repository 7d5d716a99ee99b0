import { test as base, expect } from '@playwright/test';
import * as path from 'path';
import * as crypto from 'crypto';
import { DebuggerPage } from '../pages/debugger';
import { EncoderPage } from '../pages/encoder';

// The single self-contained HTML file, opened from disk (file://), as from a USB stick.
const file = path.resolve(__dirname, '..', '..', '..', 'dist-single', 'tokenlab.html');

const test = base.extend<{ requests: string[] }>({
  requests: [async ({ page }, use) => {
    const seen: string[] = [];
    page.on('request', (r) => seen.push(r.url()));
    await use(seen);
    // Only the file itself (and data: URLs it carries) — nothing else is ever requested.
    expect(seen.filter((u) => !u.startsWith('data:') && u !== `file://${file}` && !u.startsWith(`file://${file}#`))).toEqual([]);
  }, { auto: true }],
});

test.describe('single self-contained file', () => {
  test('opens from disk and shows the app with no request and no CSP violation', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text()); });
    await page.goto(`file://${file}`);
    await expect(page.getByText('Everything runs in this page; nothing is sent anywhere.')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(violations).toEqual([]);
  });

  test('computes PKCE pairs from disk exactly like the hosted app', async ({ page }) => {
    await page.goto(`file://${file}#pkce`);
    await expect(page.getByRole('heading', { level: 1, name: 'PKCE' })).toBeVisible();
    await expect(page.getByText('Self-check passed')).toBeVisible();
    await page.getByLabel('code_verifier to check').fill('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    await page.getByLabel('code_challenge to check').fill('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    await expect(page.getByRole('region', { name: 'Check a verifier against a challenge' })).toContainText('✓ Match');
  });

  test('generates keys from disk exactly like the hosted app', async ({ page }) => {
    await page.goto(`file://${file}#keys`);
    await expect(page.getByRole('heading', { level: 1, name: 'Keys' })).toBeVisible();
    await page.getByLabel('Key type').selectOption({ label: 'Ed25519' });
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    const gen = page.getByRole('region', { name: 'Generate a key' });
    await expect(gen.getByLabel('Public key', { exact: true })).toContainText('BEGIN PUBLIC KEY', { timeout: 20_000 });
    await expect(gen.getByLabel('Thumbprint (RFC 7638)', { exact: true })).toHaveText(/^[A-Za-z0-9_-]{43}$/);
  });

  test('decodes and verifies a token from disk exactly like the hosted app', async ({ page }) => {
    const secret = 'single-file-secret-that-is-long-enough-0123456789';
    const b64u = (d: string | Buffer) => Buffer.from(d).toString('base64url');
    const input = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u(JSON.stringify({ sub: 'usb', exp: 4102444800 }))}`;
    const token = `${input}.${b64u(crypto.createHmac('sha256', secret).update(input).digest())}`;
    await page.goto(`file://${file}#debugger`);
    const dbg = new DebuggerPage(page);
    await dbg.paste(token);
    await expect(dbg.payloadPane).toContainText('"usb"');
    await dbg.setKey(secret);
    await dbg.expectStatus('Verified');
    await dbg.paste(token.slice(0, -2) + (token.endsWith('AA') ? 'BA' : 'AA'));
    await dbg.expectStatus('Invalid signature');
  });

  test('signs a token from disk that Node verifies, and opens it in the Debugger verified', async ({ page }) => {
    await page.goto(`file://${file}#encoder`);
    const enc = new EncoderPage(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Encoder' })).toBeVisible();
    await enc.useAlg('ES256', /Signing with an/);
    const token = await enc.tokenText();
    const [h, p, s] = token.split('.');
    const ok = crypto.verify('sha256', Buffer.from(`${h}.${p}`), { key: await enc.publicPem(), dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
    expect(ok).toBe(true);
    await enc.button('Open in Debugger').click();
    await new DebuggerPage(page).expectStatus('Verified');
  });
});

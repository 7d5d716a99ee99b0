import * as crypto from 'crypto';
import { test, expect, expectAxeClean, keepScreenshot } from '../fixtures';
import { EncoderPage, segmentJson } from '../pages/encoder';
import { keepTiles } from '../pages/shots';

/** Verifies a compact JWS with Node's crypto, independently of the page. */
function verifies(token: string, alg: string, key: string | Buffer): boolean {
  const [h, p, s] = token.split('.');
  const data = Buffer.from(`${h}.${p}`);
  const sig = Buffer.from(s, 'base64url');
  switch (alg) {
    case 'HS256':
      return crypto.createHmac('sha256', key).update(data).digest().equals(sig);
    case 'RS256':
      return crypto.verify('sha256', data, key as string, sig);
    case 'PS256':
      return crypto.verify('sha256', data, { key: key as string, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig);
    case 'ES256':
      return crypto.verify('sha256', data, { key: key as string, dsaEncoding: 'ieee-p1363' }, sig);
    case 'ES384':
      return crypto.verify('sha384', data, { key: key as string, dsaEncoding: 'ieee-p1363' }, sig);
    case 'EdDSA':
      return crypto.verify(null, data, key as string, sig);
  }
  throw new Error(`no verifier for ${alg}`);
}

/** RFC 7638 thumbprint of a public key PEM, computed in Node. */
function thumbprint(pem: string): string {
  const jwk = crypto.createPublicKey(pem).export({ format: 'jwk' }) as any;
  const members: Record<string, string[]> = { EC: ['crv', 'kty', 'x', 'y'], RSA: ['e', 'kty', 'n'], OKP: ['crv', 'kty', 'x'] };
  const input = JSON.stringify(Object.fromEntries(members[jwk.kty].map((k) => [k, jwk[k]])));
  return crypto.createHash('sha256').update(input).digest('base64url');
}

test.describe('Encoder', () => {
  test('signs HS256 with the generated secret, verifiable by anyone holding it', async ({ page, requests }) => {
    const enc = new EncoderPage(page);
    await enc.open(requests);
    await expect(enc.alg).toHaveValue('HS256');
    const token = await enc.tokenText();
    expect(segmentJson(token, 0)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(segmentJson(token, 1).sub).toBe('user-123');
    await expect(enc.encoding).toHaveValue('base64url');
    const secret = Buffer.from(await enc.key.inputValue(), 'base64url');
    expect(secret.length).toBe(32);
    expect(verifies(token, 'HS256', secret)).toBe(true);
    await expect(enc.keyPane).toContainText('Signing with an HMAC secret, 256 bits.');

    // Edits re-sign at once.
    await enc.payload.fill('{"sub":"bob","admin":true}');
    await expect.poll(async () => segmentJson(await enc.tokenText(), 1)).toEqual({ sub: 'bob', admin: true });
    expect(verifies(await enc.tokenText(), 'HS256', secret)).toBe(true);
  });

  for (const { alg, description } of [
    { alg: 'RS256', description: /Signing with an RSA 2048-bit private key/ },
    { alg: 'PS256', description: /Signing with an RSA 2048-bit private key/ },
    { alg: 'ES256', description: /Signing with an EC P-256 private key/ },
    { alg: 'ES384', description: /Signing with an EC P-384 private key/ },
    { alg: 'EdDSA', description: /Signing with an Ed25519 private key/ },
  ]) {
    test(`signs ${alg} with a key generated to fit, verifiable with its public key`, async ({ page, requests }) => {
      const enc = new EncoderPage(page);
      await enc.open(requests);
      await enc.useAlg(alg, description);
      expect(await enc.headerJson()).toMatchObject({ alg });
      const token = await enc.tokenText();
      expect(segmentJson(token, 0).alg).toBe(alg);
      expect(verifies(token, alg, await enc.publicPem())).toBe(true);
    });
  }

  test('marks a JSON error with line, column and the character, and refuses to sign until fixed', async ({ page, requests }) => {
    const enc = new EncoderPage(page);
    await enc.open(requests);
    await enc.payload.fill('{\n  "sub": "a",\n  "admin": tru\n}');
    await expect(enc.editPane).toContainText('✗ Line 3');
    await expect(enc.payload).toHaveAttribute('aria-invalid', 'true');
    const excerpt = page.getByRole('group', { name: /Payload around line 3/ });
    await expect(excerpt).toBeVisible();
    await expect(excerpt.locator('mark')).toHaveCount(1);
    await expect(enc.tokenPane).toContainText('Fix the JSON marked above to sign.');
    await expect(enc.token).toContainText('No token');

    await enc.button('Show in editor (Payload)').click();
    await expect(enc.payload).toBeFocused();
    const selection = await enc.payload.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd + 1));
    expect(selection.length).toBeGreaterThan(0);

    await enc.payload.fill('{"a":1,"a":2}');
    await expect(enc.editPane).toContainText('twice');
    await enc.header.fill('[1]');
    await expect(enc.editPane).toContainText('must be a JSON object');
    await enc.header.fill('{"typ":"JWT"}');
    await enc.payload.fill('{"a":1}');
    await expect(enc.editPane).toContainText('✓ Valid JSON object');
    expect(segmentJson(await enc.tokenText(), 0)).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  test('claim helpers set iat, nbf, exp, jti and the kid from the key thumbprint', async ({ page, requests }) => {
    const enc = new EncoderPage(page);
    await enc.open(requests);
    const before = Math.floor(Date.now() / 1000);
    await enc.payload.fill('{\n  "sub": "a"\n}');
    await enc.button('iat = now').click();
    await enc.button('nbf = now').click();
    await page.getByLabel('exp = now +').selectOption({ label: '1 day' });
    await enc.button('Set exp').click();
    await enc.button('jti = random').click();
    const claims = await enc.payloadJson();
    const after = Math.floor(Date.now() / 1000);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.iat).toBeLessThanOrEqual(after);
    // Clicked after `iat = now`: the same second, or a later one on a slow machine.
    expect(claims.nbf).toBeGreaterThanOrEqual(claims.iat);
    expect(claims.nbf).toBeLessThanOrEqual(after);
    expect(claims.exp - claims.iat).toBeGreaterThanOrEqual(86400);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(86402);
    expect(claims.jti).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await enc.payload.inputValue()).toMatch(/^\{\n  "sub": "a",\n  "iat": \d+,\n/);
    expect(segmentJson(await enc.tokenText(), 1)).toEqual(claims);

    // kid from the thumbprint: not for a secret, yes for a public-key algorithm.
    await expect(enc.button('kid = key thumbprint')).toBeDisabled();
    await enc.useAlg('ES256', /EC P-256 private key/);
    await enc.button('kid = key thumbprint').click();
    const kid = (await enc.headerJson()).kid;
    expect(kid).toBe(thumbprint(await enc.publicPem()));
    expect(segmentJson(await enc.tokenText(), 0).kid).toBe(kid);
  });

  test('alg none only behind the explicit switch, with a warning and a critical finding', async ({ page, requests }) => {
    const enc = new EncoderPage(page);
    await enc.open(requests);
    await expect(enc.alg.locator('option[value="none"]')).toBeDisabled();
    await enc.allowNone.check();
    await enc.alg.selectOption('none');
    await expect(enc.token).toHaveText(/^[\w-]+\.[\w-]+\.$/);
    expect(segmentJson(await enc.tokenText(), 0).alg).toBe('none');
    await expect(enc.keyPane).toContainText('This token has no signature');
    await expect(enc.tokenPane).toContainText('Critical');
    await enc.allowNone.uncheck();
    await expect(enc.alg).toHaveValue('HS256');
    expect(segmentJson(await enc.tokenText(), 0).alg).toBe('HS256');
  });

  test('short secrets sign, with the weak-secret warning, never silently', async ({ page, requests }) => {
    const enc = new EncoderPage(page);
    await enc.open(requests);
    await enc.encoding.selectOption({ label: 'UTF-8' });
    await enc.key.fill('secret');
    const token = await enc.tokenText();
    await expect.poll(async () => verifies(await enc.tokenText(), 'HS256', Buffer.from('secret'))).toBe(true);
    expect(token.split('.')).toHaveLength(3);
    await expect(enc.keyPane.getByText(/secret/i).and(enc.keyPane.locator('.tl-message--warn'))).toBeVisible();
    await expect(enc.tokenPane.getByRole('listitem').filter({ hasText: 'Critical' })).not.toHaveCount(0);
  });

  test('a key that does not fit is explained; Generate a key for me fixes it', async ({ page, requests }) => {
    const enc = new EncoderPage(page);
    await enc.open(requests);
    await enc.key.fill('my own secret that is long enough for HS256!!');
    await enc.encoding.selectOption({ label: 'UTF-8' });
    await enc.alg.selectOption('ES256');
    await expect(enc.keyPane).toContainText('ES256 needs an EC P-256 key');
    await expect(enc.token).toContainText('No token');
    await enc.button('Generate a key for me').click();
    await expect(enc.keyPane).toContainText('Signing with an EC P-256 private key.', { timeout: 20_000 });
    expect(verifies(await enc.tokenText(), 'ES256', await enc.publicPem())).toBe(true);
  });

  test('copies the signed token', async ({ page, requests, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const enc = new EncoderPage(page);
    await enc.open(requests);
    await page.getByRole('button', { name: 'Copy signed token' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await enc.tokenText());
  });

  test('opens with the header and payload handed over in the fragment (Edit and re-sign)', async ({ page, requests }) => {
    const header = '{"alg":"ES256","typ":"JWT","kid":"k1"}';
    const payload = '{"sub":"carol","n":12345678901234567890}';
    const enc = new EncoderPage(page);
    await enc.open(requests, `#encoder&header=${encodeURIComponent(header)}&payload=${encodeURIComponent(payload)}`);
    await expect(enc.header).toHaveValue(header);
    await expect(enc.payload).toHaveValue(payload);
    await expect(enc.alg).toHaveValue('ES256');
    await expect(page).toHaveURL(/#encoder$/);
    await expect(enc.keyPane).toContainText('Signing with an EC P-256 private key.', { timeout: 20_000 });
    const token = await enc.tokenText();
    // Numbers are signed exactly as typed.
    expect(Buffer.from(token.split('.')[1], 'base64url').toString()).toBe(payload);
    expect(verifies(token, 'ES256', await enc.publicPem())).toBe(true);
  });

  for (const alg of ['HS256', 'RS256', 'ES256', 'EdDSA']) {
    test(`Open in Debugger hands over a ${alg} token with the key that verifies it`, async ({ page, requests }) => {
      const enc = new EncoderPage(page);
      await enc.open(requests);
      if (alg !== 'HS256') await enc.useAlg(alg, /Signing with an/);
      const token = await enc.tokenText();
      await enc.button('Open in Debugger').click();
      await expect(page).toHaveURL(/#debugger$/);
      await expect(page.getByRole('heading', { level: 1, name: 'Debugger' })).toBeVisible();
      await expect(page.getByLabel('Encoded token')).toHaveValue(token);
      const status = page.getByRole('status', { name: 'Signature status' });
      await expect(status.getByText('Verified', { exact: true })).toBeVisible();
    });
  }

  test('has no serious accessibility findings in light and dark themes', async ({ page, requests }) => {
    const enc = new EncoderPage(page);
    await enc.open(requests);
    await page.getByLabel('Theme').selectOption({ label: 'Light' });
    await expectAxeClean(page);
    await keepScreenshot(page, 'encoder-wide-light');
    await enc.payload.fill('{\n  "sub": "a",\n  "admin": tru\n}');
    await expectAxeClean(page);
    await keepScreenshot(page, 'encoder-wide-error');
    await page.getByLabel('Theme').selectOption({ label: 'Dark' });
    await expectAxeClean(page);
    await keepScreenshot(page, 'encoder-wide-dark');
  });

  test('fits a 360 px wide screen', async ({ page, requests }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    const enc = new EncoderPage(page);
    await enc.open(requests);
    await enc.useAlg('RS256', /RSA 2048-bit private key/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await keepTiles(page, 'encoder-360');
  });
});

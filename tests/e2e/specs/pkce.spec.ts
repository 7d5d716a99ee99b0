import { test, expect, expectAxeClean, keepScreenshot } from '../fixtures';
import { PkcePage } from '../pages/pkce';
import { keepTiles } from '../pages/shots';

const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

/** SHA-256 + base64url in Node, independent of the page. */
function s256(verifier: string): string {
  const { createHash } = require('crypto');
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

test.describe('PKCE', () => {
  test('generates a verifier of the chosen length with matching S256 and plain challenges', async ({ page, requests }) => {
    const pkce = new PkcePage(page);
    await pkce.open(requests);
    await expect(pkce.selfCheck).toBeVisible();

    const first = (await pkce.verifier.textContent())!;
    expect(first).toMatch(/^[A-Za-z0-9\-._~]{64}$/);
    await expect(pkce.s256).toHaveText(s256(first));
    await expect(pkce.plain).toHaveText(first);

    for (const n of [43, 128, 77]) {
      await pkce.length.fill(String(n));
      await expect(page.getByText(`${n} characters`, { exact: true })).toBeVisible();
      const v = (await pkce.verifier.textContent())!;
      expect(v).toMatch(new RegExp(`^[A-Za-z0-9\\-._~]{${n}}$`));
      await expect(pkce.s256).toHaveText(s256(v));
    }

    const before = await pkce.verifier.textContent();
    await pkce.regenerate.click();
    await expect(pkce.verifier).not.toHaveText(before!);
  });

  test('shows the RFC 7636 Appendix B pair as a self-check computed in the page', async ({ page, requests }) => {
    const pkce = new PkcePage(page);
    await pkce.open(requests);
    await expect(pkce.selfCheck).toBeVisible();
    await page.getByText('RFC 7636 Appendix B, computed in this page').click();
    await expect(page.getByText(RFC_CHALLENGE)).toHaveCount(2); // expected and computed
  });

  test('copies the verifier to the clipboard', async ({ page, requests, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const pkce = new PkcePage(page);
    await pkce.open(requests);
    await page.getByRole('button', { name: 'Copy code_verifier' }).click();
    await expect(page.getByRole('button', { name: 'Copied code_verifier' })).toBeVisible();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(clip).toBe(await pkce.verifier.textContent());
  });

  test('checks the RFC pair, a mismatch, and names a bad character with its position', async ({ page, requests }) => {
    const pkce = new PkcePage(page);
    await pkce.open(requests);
    await expect(pkce.checkPane).toContainText('Paste a verifier and a challenge');

    await pkce.check(RFC_VERIFIER, RFC_CHALLENGE);
    await expect(pkce.checkPane).toContainText('✓ Match');

    await pkce.check(RFC_VERIFIER.replace(/k$/, 'K'), RFC_CHALLENGE);
    await expect(pkce.checkPane).toContainText('✗ No match');
    await expect(pkce.checkPane).toContainText('does not match the code_challenge');

    await pkce.check(RFC_VERIFIER.replace(/k$/, '%'), RFC_CHALLENGE);
    await expect(pkce.checkPane).toContainText('✗ Not valid');
    await expect(pkce.checkPane).toContainText("has '%' at position 43");

    await pkce.check('too-short', RFC_CHALLENGE);
    await expect(pkce.checkPane).toContainText('9 characters long; it must be at least 43');

    await pkce.check(RFC_VERIFIER, RFC_VERIFIER, 'plain');
    await expect(pkce.checkPane).toContainText('✓ Match');
    await pkce.check(RFC_VERIFIER, RFC_CHALLENGE, 'plain');
    await expect(pkce.checkPane).toContainText('✗ No match');

    await page.getByRole('button', { name: 'Use the generated pair' }).click();
    await pkce.checkMethod.selectOption('S256');
    await page.getByRole('button', { name: 'Use the generated pair' }).click();
    await expect(pkce.checkPane).toContainText('✓ Match');
  });

  test('builds an authorization URL that round-trips through new URL() with every parameter intact', async ({ page, requests }) => {
    const pkce = new PkcePage(page);
    await pkce.open(requests);
    const values: Record<string, string> = {
      'Authorization endpoint': 'https://login.example.com/oauth2/v2/authorize?tenant=a b',
      client_id: 'client ä/ü+1',
      redirect_uri: 'https://app.example.com/cb?x=1&y=2#frag',
      scope: 'openid profile email offline_access',
      state: 'st&te=1 +%20/?#',
      nonce: 'n-0.1_~',
      login_hint: 'alice@example.com',
    };
    // The endpoint may not contain a space; the others may contain anything.
    values['Authorization endpoint'] = 'https://login.example.com/oauth2/v2/authorize?tenant=acme';
    for (const [label, value] of Object.entries(values)) await pkce.field(label).fill(value);
    await pkce.urlPane.getByLabel('prompt').selectOption('consent');
    await pkce.urlPane.getByLabel('response_mode').selectOption('form_post');
    await pkce.urlPane.getByLabel('resource').fill('https://api.example.com/\nhttps://other.example.com/x?y=1');

    const verifier = (await pkce.verifier.textContent())!;
    const built = new URL(await pkce.urlText());
    expect(built.origin + built.pathname).toBe('https://login.example.com/oauth2/v2/authorize');
    const p = built.searchParams;
    expect(p.get('tenant')).toBe('acme');
    expect(p.get('response_type')).toBe('code');
    expect(p.get('client_id')).toBe(values.client_id);
    expect(p.get('redirect_uri')).toBe(values.redirect_uri);
    expect(p.get('scope')).toBe(values.scope);
    expect(p.get('state')).toBe(values.state);
    expect(p.get('nonce')).toBe(values.nonce);
    expect(p.get('code_challenge')).toBe(s256(verifier));
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('prompt')).toBe('consent');
    expect(p.get('response_mode')).toBe('form_post');
    expect(p.get('login_hint')).toBe(values.login_hint);
    expect(p.getAll('resource')).toEqual(['https://api.example.com/', 'https://other.example.com/x?y=1']);
    expect(built.hash).toBe('');

    // The same check inside the page, with the browser's own URL parser.
    const inPage = await page.evaluate((u) => Object.fromEntries(new URL(u).searchParams), await pkce.urlText());
    expect(inPage.state).toBe(values.state);

    // A new state is a new, different value in the URL.
    await page.getByRole('button', { name: 'New state' }).click();
    const after = new URL(await pkce.urlText()).searchParams.get('state');
    expect(after).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test('shows URL errors in place and marks the field at fault', async ({ page, requests }) => {
    const pkce = new PkcePage(page);
    await pkce.open(requests);
    await pkce.field('Authorization endpoint').fill('auth.example.com/authorize');
    await expect(pkce.urlPane).toContainText('not an absolute URL');
    await expect(pkce.field('Authorization endpoint')).toHaveAttribute('aria-invalid', 'true');
    await expect(pkce.url).toHaveCount(0);

    await pkce.field('Authorization endpoint').fill('https://auth.example.com/authorize#x');
    await expect(pkce.urlPane).toContainText('fragment');

    await pkce.field('Authorization endpoint').fill('https://auth.example.com/authorize');
    await pkce.field('client_id').fill('');
    await expect(pkce.urlPane).toContainText('client_id is empty');
    await expect(pkce.field('client_id')).toHaveAttribute('aria-invalid', 'true');
    await expect(pkce.field('Authorization endpoint')).not.toHaveAttribute('aria-invalid', 'true');

    await pkce.field('client_id').fill('c');
    await pkce.field('code_challenge').fill('');
    await expect(pkce.urlPane).toContainText('code_challenge_method is set but code_challenge is empty');
    await expect(pkce.field('code_challenge')).toHaveAttribute('aria-invalid', 'true');
    await pkce.urlPane.getByLabel('code_challenge_method').selectOption({ label: '(not sent: means plain)' });
    await expect(pkce.url).toBeVisible();
  });

  test('has no serious accessibility findings in light and dark themes', async ({ page, requests }) => {
    const pkce = new PkcePage(page);
    await pkce.open(requests);
    await page.getByLabel('Theme').selectOption({ label: 'Light' });
    await pkce.check(RFC_VERIFIER.replace(/k$/, '%'), RFC_CHALLENGE);
    await expectAxeClean(page);
    await keepScreenshot(page, 'pkce-wide-light');
    await page.getByLabel('Theme').selectOption({ label: 'Dark' });
    await expectAxeClean(page);
    await keepScreenshot(page, 'pkce-wide-dark');
  });

  test('fits a 360 px wide screen', async ({ page, requests }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    const pkce = new PkcePage(page);
    await pkce.open(requests);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await keepScreenshot(page, 'pkce-360');
    await keepTiles(page, 'pkce-360-tile');
  });
});

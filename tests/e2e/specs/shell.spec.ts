import { test, expect, openApp, reloadApp, expectAxeClean, keepScreenshot, readFixture, hs256 } from '../fixtures';
import { DebuggerPage } from '../pages/debugger';

const SECRET = 'a-long-enough-secret-for-hs256-tests-0123456789';
const KEY_CODE = /\/split_tokenlab_keycode-[0-9a-f]+\.wasm$/;
const DECODED = /\/split_tokenlab_decoded-[0-9a-f]+\.wasm$/;

test.describe('app shell', () => {
  test('shows the product name, the privacy statement and the section navigation', async ({ page, requests }) => {
    await openApp(page, requests);
    await expect(page).toHaveTitle(/Tokenlab/);
    await expect(page.getByRole('banner')).toContainText('Tokenlab');
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await expect(nav.getByRole('link', { name: 'Debugger' })).toHaveAttribute('aria-current', 'page');
  });

  test('theme choice applies at once and persists across visits', async ({ page, requests }) => {
    await openApp(page, requests);
    const theme = page.getByLabel('Theme');
    await theme.selectOption({ label: 'Dark' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const darkBg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await reloadApp(page, requests);
    await expect(page.getByLabel('Theme')).toHaveValue('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByLabel('Theme').selectOption({ label: 'Light' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    const lightBg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(lightBg).not.toEqual(darkBg);
  });

  test('system theme follows the operating system colour scheme', async ({ page, requests }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp(page, requests);
    await page.getByLabel('Theme').selectOption({ label: 'System' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });

  test.describe('with no offline worker (so that a module fetch can be held back)', () => {
    test.use({ serviceWorkers: 'block' });

    test('leaving a section while its key is being made leaves the app working, with no error', async ({ page, requests }) => {
      // Each of these sections makes a key (WebCrypto) or a sample token asynchronously and closes
      // when another section opens; what arrives afterwards must be dropped quietly.
      const open = async (name: string) => {
        await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name }).click();
        await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      };
      await openApp(page, requests);
      // A sample token is made by code fetched on first use (held back here, as a slow link would):
      // the Debugger closes before it is there.
      await page.route(/\/split_tokenlab_samples-[0-9a-f]+\.wasm$/, async (route) => {
        await new Promise((r) => setTimeout(r, 1000));
        await route.continue();
      });
      await page.getByLabel('Sample token').selectOption('ps256');
      await open('Keys');
      await page.getByLabel('Key type').selectOption({ label: 'RSA 4096' });
      await page.getByRole('button', { name: 'Generate', exact: true }).click();
      await open('Encoder');
      await page.getByLabel('Algorithm', { exact: true }).selectOption('RS256');
      await open('Flows');
      await page.getByLabel('Server signs with').selectOption('PS256');
      await open('Debugger');
      // Time for the keys to arrive (RSA-4096 takes seconds), then the Debugger still decodes.
      await page.waitForTimeout(6000);
      const dbg = new DebuggerPage(page);
      await dbg.paste(hs256({ sub: 'still-working' }, SECRET));
      await expect(page.getByText('still-working').first()).toBeVisible();
    });
  });

  test('the keyboard reaches the skip link first and it moves focus to the content', async ({ page, requests }) => {
    await openApp(page, requests);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
  });

  test('every section is reachable by keyboard and opens with Enter', async ({ page, requests }) => {
    await openApp(page, requests);
    const links = page.getByRole('navigation', { name: 'Sections' }).getByRole('link');
    const count = await links.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const link = links.nth(i);
      const name = (await link.textContent())!.trim();
      await link.focus();
      await page.keyboard.press('Enter');
      await expect(link).toHaveAttribute('aria-current', 'page');
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    }
  });

  test('makes no request after load and none to another origin', async ({ page, requests }) => {
    await openApp(page, requests);
    // Interact a little: the fixture fails the test if anything is requested.
    await page.getByLabel('Theme').selectOption({ label: 'Dark' });
    await page.waitForTimeout(500);
    expect(requests.duringLoad.length).toBeGreaterThan(0);
  });

  test('has no serious accessibility findings in light and dark themes', async ({ page, requests }) => {
    await openApp(page, requests);
    await page.getByLabel('Theme').selectOption({ label: 'Light' });
    await expectAxeClean(page);
    await page.getByLabel('Theme').selectOption({ label: 'Dark' });
    await expectAxeClean(page);
  });

  test('fits a 360 px wide screen without horizontal scrolling', async ({ page, requests }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await openApp(page, requests);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await keepScreenshot(page, 'shell-360');
  });
});

test.describe('the prerendered first screen', () => {
  // The release page carries the Debugger's first screen in its HTML (scripts/prerender.mjs): it
  // is drawn, and its token field takes input, before the app's code has arrived. Here the main
  // wasm module is held back to look at the page in that state.
  test.use({ serviceWorkers: 'block' });
  const MAIN = /_bg\.wasm$/;
  const hold = async (page: import('@playwright/test').Page) => {
    let release = () => {};
    const held = new Promise<void>((r) => { release = r; });
    await page.route(MAIN, async (route) => { await held; await route.continue(); });
    return () => release();
  };

  test('before the app has started the Debugger is drawn and its field takes typing; the app then decodes it, keeping focus and caret', async ({ page }) => {
    const release = await hold(page);
    await page.goto('./index.html', { waitUntil: 'commit' });
    const dbg = new DebuggerPage(page);
    await expect(dbg.tokenInput).toBeVisible();
    await expect(dbg.tokenInput).toBeEditable();
    await expect(dbg.headerPane).toContainText('No header decoded yet.');
    // Nothing is behind the other controls yet: they say so by being disabled.
    await expect(page.getByLabel('Theme')).toBeDisabled();
    await expect(dbg.clearButton).toBeDisabled();
    await expect(dbg.sampleMenu).toBeDisabled();
    const token = hs256({ sub: 'alice', exp: 4102444800 }, SECRET);
    await dbg.tokenInput.fill(token);
    for (let i = 0; i < 3; i++) await dbg.tokenInput.press('ArrowLeft');
    await expect(dbg.headerPane).toContainText('No header decoded yet.');
    release();
    await expect(page.getByLabel('Theme')).toBeEnabled();
    await expect(dbg.headerPane.getByRole('region', { name: 'Header JSON' })).toContainText('"HS256"');
    await expect(dbg.payloadPane.getByRole('region', { name: 'Payload JSON' })).toContainText('"alice"');
    await expect(dbg.tokenInput).toHaveValue(token);
    await expect(dbg.tokenInput).toBeFocused();
    expect(await dbg.tokenInput.evaluate((t: HTMLTextAreaElement) => [t.selectionStart, t.selectionEnd])).toEqual([token.length - 3, token.length - 3]);
    // Typing goes on where it was.
    await dbg.tokenInput.press('x');
    await expect(dbg.tokenInput).toHaveValue(`${token.slice(0, -3)}x${token.slice(-3)}`);
    await expect(page.getByLabel('Encoded token')).toHaveCount(1);
  });

  test('empty fields show their placeholders in the interface font; a token typed in is monospace', async ({ page }) => {
    const release = await hold(page);
    await page.goto('./index.html', { waitUntil: 'commit' });
    const dbg = new DebuggerPage(page);
    await expect(dbg.tokenInput).toBeVisible();
    // No text on the first screen is monospace, so its paint does not wait for that font.
    const drawnInMono = await page.evaluate(() => [...document.querySelectorAll('#tl-prerendered *')]
      .filter((e) => e.getClientRects().length > 0 && /mono/i.test(getComputedStyle(e).fontFamily))
      .filter((e) => e instanceof HTMLTextAreaElement || [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()))
      .map((e) => e.outerHTML.slice(0, 80)));
    expect(drawnInMono).toEqual([]);
    const placeholderFont = (field: import('@playwright/test').Locator) => field.evaluate((e) => getComputedStyle(e, '::placeholder').fontFamily);
    expect(await placeholderFont(dbg.tokenInput)).not.toMatch(/mono/i);
    await dbg.tokenInput.fill(hs256({ sub: 'alice' }, SECRET));
    await expect(dbg.tokenInput).toHaveCSS('font-family', /mono/i);
    release();
    await expect(dbg.headerPane.getByRole('region', { name: 'Header JSON' })).toContainText('"HS256"');
    await expect(dbg.tokenInput).toHaveCSS('font-family', /mono/i);
    await dbg.clearButton.click();
    await expect(dbg.tokenInput).toHaveValue('');
    await expect(dbg.tokenInput).not.toHaveCSS('font-family', /mono/i);
  });

  test('a URL naming another section does not show the prerendered Debugger', async ({ page }) => {
    const release = await hold(page);
    await page.goto('./index.html#keys', { waitUntil: 'commit' });
    await expect(page.getByLabel('Encoded token')).toBeAttached();
    await expect(page.getByLabel('Encoded token')).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Debugger' })).toBeHidden();
    release();
    await expect(page.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible();
    await expect(page.getByLabel('Encoded token')).toHaveCount(0);
  });

  test("when the app's code cannot be loaded the page says so, and its field takes no input", async ({ page, pageErrors }) => {
    await page.route(MAIN, (route) => route.abort('internetdisconnected'));
    await page.goto('./index.html', { waitUntil: 'commit' });
    await expect(page.getByRole('alert')).toHaveText("Tokenlab's code could not be loaded, so nothing on this page works. Reload the page to try again.");
    await expect(page.getByLabel('Encoded token')).toBeDisabled();
    await expect(page.getByLabel('Theme')).toBeDisabled();
    // The failed fetch itself is the one uncaught error, and the one expected here.
    expect(pageErrors).toEqual(['TypeError: Failed to fetch']);
    pageErrors.length = 0;
  });

  test.describe('with scripts off', () => {
    test.use({ javaScriptEnabled: false });
    // (Playwright turns scripts off without the parser knowing, so the page's <noscript> line is
    // not drawn here as it is in a browser with scripting disabled.)
    test('the page shows no Debugger that would not work', async ({ page }) => {
      await page.goto('./index.html');
      await expect(page.getByLabel('Encoded token')).toBeAttached();
      await expect(page.getByLabel('Encoded token')).toBeHidden();
      await expect(page.getByRole('heading', { name: 'Debugger' })).toBeHidden();
    });
  });

  test('a stored dark theme is applied before the app has started', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('tokenlab.theme', 'dark'));
    const release = await hold(page);
    await page.goto('./index.html', { waitUntil: 'commit' });
    await expect(page.getByLabel('Encoded token')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const heldBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    release();
    await expect(page.getByLabel('Theme')).toHaveValue('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toEqual(heldBg);
  });
});

test.describe('lazily loaded sections', () => {
  // Requests a service worker answers cannot be intercepted; this test wants the network.
  test.use({ serviceWorkers: 'block' });

  test('pointing at a section link fetches its code before the click', async ({ page, requests }) => {
    await openApp(page, requests);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('link', { name: 'PKCE', exact: true }).hover();
    await expect.poll(() => requests.afterLoad.some((r) => /\/split_tokenlab_pkce-[0-9a-f]+\.wasm$/.test(r))).toBe(true);
    // Still on the Debugger: fetching is not opening.
    await expect(page.getByRole('heading', { level: 1, name: 'Debugger' })).toBeVisible();
    await nav.getByRole('link', { name: 'PKCE', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'PKCE' })).toBeVisible();
  });

  test('a section whose code cannot be fetched says so, the rest keeps working, and Try again loads it', async ({ page, requests }) => {
    await openApp(page, requests);
    // The Debugger's decoded panes came with a first token.
    const dbg = new DebuggerPage(page);
    await dbg.paste(hs256({ sub: 'bob' }, SECRET));
    await expect(dbg.payloadPane).toContainText('"bob"');
    await page.route(/\.wasm$/, (route) => route.abort('internetdisconnected'));
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('link', { name: 'Keys', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
    await expect(alert).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Keys' })).toBeVisible();
    // The app is still alive: the Debugger decodes; its samples, signed by code of their own,
    // say they could not be made.
    await nav.getByRole('link', { name: 'Debugger', exact: true }).click();
    await page.getByLabel('Sample token').selectOption('rs256');
    await expect(page.getByText('Sample not loaded')).toBeVisible();
    await page.getByLabel('Encoded token').fill('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln');
    await expect(page.getByText('alice').first()).toBeVisible();
    // A failed fetch is not remembered: opening the section again tries again.
    await nav.getByRole('link', { name: 'Keys', exact: true }).click();
    await expect(alert).toBeVisible();
    // Back online: Try again fetches the section's code and shows the section.
    await page.unroute(/\.wasm$/);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect(alert).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Generate/ }).first()).toBeVisible();
  });

  test('the Debugger verifies with a secret without the key code; a PEM key whose code cannot be fetched says so, and editing it retries', async ({ page, requests }) => {
    await openApp(page, requests);
    await page.route(KEY_CODE, (route) => route.abort('internetdisconnected'));
    const dbg = new DebuggerPage(page);
    await dbg.paste(hs256({ sub: 'alice' }, SECRET));
    await dbg.setKey(SECRET);
    await dbg.expectStatus('Verified');
    const { token, pem } = readFixture('rs256.json');
    await dbg.paste(token);
    await dbg.setKey(pem);
    await expect(dbg.signaturePane).toContainText('The code that reads PEM, JWK and JWKS keys could not be fetched');
    await expect(dbg.keyInput).toHaveAttribute('aria-invalid', 'true');
    await dbg.expectStatus('No key');
    // The token is still shown in full.
    await expect(dbg.payloadPane).toContainText('"sub"');
    await page.unrouteAll();
    await dbg.setKey(`${pem}\n`);
    await dbg.expectStatus('Verified');
    await expect(dbg.signaturePane).toContainText('RSA 2048-bit public key');
    await expect(dbg.keyInput).not.toHaveAttribute('aria-invalid', 'true');
  });

  test('pointing at the key field fetches the key code; PEM and JWK keys then verify with nothing more fetched', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    const rs = readFixture('rs256.json');
    await dbg.paste(rs.token);
    await dbg.expectStatus('No key');
    await expect(dbg.payloadPane).toContainText('"sub"');
    expect(requests.afterLoad.some((r) => KEY_CODE.test(r)), 'a token alone fetches no key code').toBe(false);
    await dbg.keyInput.hover();
    await expect.poll(() => requests.afterLoad.some((r) => KEY_CODE.test(r))).toBe(true);
    await dbg.setKey(rs.pem);
    await dbg.expectStatus('Verified');
    const fetched = requests.afterLoad.length;
    const es = readFixture('es256.json');
    await dbg.paste(es.token);
    await dbg.setKey(JSON.stringify(es.jwk));
    await dbg.expectStatus('Verified');
    expect(requests.afterLoad.length, 'requests after the key code came').toBe(fetched);
  });

  test('the Debugger takes input before its decoding code is there; the input waits for it, then every pane shows the token', async ({ page, requests }) => {
    // The decoding code (the engine's analysis and the decoded panes) is a module of its own,
    // fetched once the page is drawn; here it is held back until the token is in.
    let release = () => {};
    const held = new Promise<void>((r) => { release = r; });
    await page.route(DECODED, async (route) => { await held; await route.continue(); });
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    await expect(dbg.headerPane).toContainText('No header decoded yet.');
    await expect(dbg.payloadPane).toContainText('No payload decoded yet.');
    await expect(dbg.findingsPane).toContainText('Findings appear once a token is decoded.');
    await dbg.paste(hs256({ sub: 'alice', exp: 4102444800 }, SECRET));
    await expect(dbg.tokenInput).not.toHaveValue('');
    await expect(dbg.tokenPane.getByRole('status')).toHaveText('Analysing…');
    await expect(dbg.payloadPane).toContainText('Loading…');
    release();
    await expect(dbg.headerPane.getByRole('region', { name: 'Header JSON' })).toContainText('"HS256"');
    await expect(dbg.payloadPane.getByRole('region', { name: 'Payload JSON' })).toContainText('"alice"');
    await expect(dbg.payloadPane.getByRole('table')).toContainText('Expiration Time');
    await expect(dbg.timeline).toBeVisible();
    await expect(dbg.findingsPane).not.toContainText('Findings appear once');
    await expect(dbg.findingsPane).not.toContainText('Loading');
    await expect(dbg.tokenPane.getByRole('status')).toHaveText('');
    expect([...requests.duringLoad, ...requests.afterLoad].filter((r) => DECODED.test(r)).length, 'fetched once').toBe(1);
  });

  test('when the decoding code cannot be fetched the panes say so, and Try again decodes the token', async ({ page, requests }) => {
    await page.route(DECODED, (route) => route.abort('internetdisconnected'));
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    const alerts = page.getByRole('alert').filter({ hasText: 'The code that decodes tokens could not be fetched' });
    await expect(alerts).toHaveCount(3);
    // Input tries again, and fails again.
    await dbg.paste(hs256({ sub: 'alice' }, SECRET));
    await dbg.setKey(SECRET);
    await expect(alerts).toHaveCount(3);
    await expect(dbg.headerPane.getByRole('alert')).toBeVisible();
    await expect(dbg.payloadPane.getByRole('alert')).toBeVisible();
    await expect(dbg.findingsPane.getByRole('alert')).toBeVisible();
    // Nothing was analysed, so nothing claims to be verified.
    await expect(dbg.badge('Verified')).toHaveCount(0);
    await page.unrouteAll();
    await dbg.payloadPane.getByRole('button', { name: 'Try again' }).click();
    await expect(alerts).toHaveCount(0);
    await expect(dbg.payloadPane.getByRole('region', { name: 'Payload JSON' })).toContainText('"alice"');
    await expect(dbg.headerPane.getByRole('region', { name: 'Header JSON' })).toContainText('"HS256"');
    await dbg.expectStatus('Verified');
  });
});

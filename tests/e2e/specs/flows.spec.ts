import { test, expect, openApp, reloadApp, expectAxeClean, keepScreenshot } from '../fixtures';
import { FlowsPage } from '../pages/flows';

test.describe('flows', () => {
  test('lists every flow, the deprecated ones marked with why', async ({ page, requests }) => {
    const flows = new FlowsPage(page);
    await flows.open(requests);
    const options = flows.flowSelect.getByRole('option');
    await expect(options).toHaveText([
      'Authorization Code',
      'Authorization Code + PKCE',
      'OpenID Connect',
      'Client Credentials',
      'Device Authorization',
      'Refresh Token (rotation)',
      'Token Introspection',
      'Token Revocation',
      'JWT vs opaque: revocation',
      'Implicit (deprecated)',
      'Password (deprecated)',
    ]);
    await flows.chooseFlow('Implicit (deprecated)');
    await expect(page.getByRole('note')).toContainText('RFC 9700');
    await expect(page).toHaveURL(/#flows&flow=implicit&step=1$/);
  });

  test('walks Authorization Code + PKCE to the end with the keyboard and opens the access token in the Debugger', async ({ page, requests }) => {
    const flows = new FlowsPage(page);
    await flows.open(requests, '#flows&flow=authorization-code-pkce');
    await expect(flows.diagram).toBeVisible();
    const seen = await flows.walkToEnd();
    const titles = seen.map((s) => s.title);
    expect(titles[0]).toBe('Redirect to the authorization endpoint');
    expect(titles).toContain('Token request');
    expect(titles).toContain('Tokens');
    expect(titles[titles.length - 1]).toBe('API response');
    const last = seen[seen.length - 1].position.match(/^Step (\d+) of (\d+)$/)!;
    expect(last[1]).toBe(last[2]);
    await expect(flows.ending).toContainText('Flow complete.');
    // Every message so far is an arrow in the diagram and an item in the step list.
    await expect(flows.stepButton(/^\d+\. /)).toHaveCount(seen.length);
    // The token response carries the access token: open it in the Debugger.
    await flows.stepButton(/^\d+\. Authorization Server → Client: Tokens$/).click();
    await expect(flows.stepTitle).toHaveText('Tokens');
    await expect(flows.currentStep).toContainText('access_token');
    await flows.openTokenButton('access_token').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Debugger' })).toBeVisible();
    const signature = page.getByRole('status', { name: 'Signature status' });
    await expect(signature).toContainText('Verified');
    await expect(page.getByLabel('Verification key')).toHaveValue(/"keys"/);
    // The simulated clock ends the flow now: the token was not issued in the future.
    await expect(page.getByText(/in the future/)).toHaveCount(0);
    // Coming back finds the flow where it was.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Flows' }).click();
    await expect(flows.stepTitle).toHaveText('Tokens');
    await expect(flows.ending).toBeHidden();
  });

  test('a tampered code_verifier is answered invalid_grant with the attack it prevents', async ({ page, requests }) => {
    const flows = new FlowsPage(page);
    await flows.open(requests, '#flows&flow=authorization-code-pkce');
    await flows.tamperMode.check();
    await flows.walkUntil(/^Token request$/);
    await flows.tamper('code_verifier', 'attacker-guess-attacker-guess-attacker-guess');
    await expect(flows.nextButton).toHaveText(/Send tampered/);
    await flows.sendTampered();
    await expect(flows.stepTitle).toHaveText('Error: invalid_grant');
    await expect(flows.currentStep).toContainText('invalid_grant');
    await expect(flows.currentStep).toContainText('This is what PKCE is for');
    await expect(flows.ending).toContainText('Flow stopped.');
    // The tampered request is marked in the list and in its parameters.
    await flows.stepButton(/^\d+\. Client → Authorization Server: Token request/).click();
    await expect(flows.currentStep.getByText('tampered', { exact: true }).first()).toBeVisible();
  });

  test('a code sent after it expired is answered invalid_grant with the attack short-lived codes prevent', async ({ page, requests }) => {
    const flows = new FlowsPage(page);
    await flows.open(requests, '#flows&flow=authorization-code');
    // Outside tamper mode there is no clock to turn.
    await flows.walkUntil(/^Token request$/);
    await expect(flows.waitInput).toHaveCount(0);
    await flows.tamperMode.check();
    await expect(flows.waitInput).toBeVisible();
    await expect(flows.currentStep.getByText(/^The code expires in 60 s; this server's codes live 60 s\.$/)).toBeVisible();
    // Keyboard only: focus the button and press Enter; it fills in a wait past the expiry.
    await flows.expireCodeButton.focus();
    await page.keyboard.press('Enter');
    await expect(flows.waitInput).toHaveValue('61');
    await expect(flows.nextButton).toHaveText(/Send tampered/);
    await flows.sendTampered();
    await expect(flows.stepTitle).toHaveText('Error: invalid_grant');
    await expect(flows.currentStep).toContainText('HTTP 400');
    await expect(flows.currentStep).toContainText('the authorization code expired');
    await expect(flows.currentStep).toContainText('The client waited 61 s before sending the token request');
    await expect(flows.currentStep).toContainText('a code stolen after the fact');
    await expect(flows.currentStep).toContainText('RFC 6749 §4.1.2');
    await expect(flows.ending).toContainText('Flow stopped.');
    // The request is marked as sent late.
    await flows.stepButton(/^\d+\. Client → Authorization Server: Token request/).click();
    await expect(flows.currentStep).toContainText('sent after waiting 61 s');
  });

  test('a wait typed shorter than the code lifetime still gets tokens', async ({ page, requests }) => {
    const flows = new FlowsPage(page);
    await flows.open(requests, '#flows&flow=openid-connect');
    await flows.tamperMode.check();
    await flows.walkUntil(/^Token request$/);
    await flows.waitInput.fill('30');
    await flows.waitInput.press('Enter');
    await expect(flows.stepTitle).toHaveText('Tokens');
    await expect(flows.waitInput).toHaveCount(0);
  });

  test('a tampered state is caught as CSRF, and going back replays the flow to tamper again', async ({ page, requests }) => {
    const flows = new FlowsPage(page);
    await flows.open(requests, '#flows&flow=authorization-code');
    await flows.tamperMode.check();
    await flows.walkUntil(/^Callback$/);
    const callbackStep = (await flows.position.textContent())!.match(/^Step (\d+) of/)![1];
    await flows.tamper('state', 'forged-by-attacker');
    await flows.sendTampered();
    await expect(flows.stepTitle).toHaveText('State mismatch: CSRF detected');
    await expect(flows.currentStep).toContainText('CSRF');
    // Back to the callback: it was sent already, so it can only be replayed.
    await page.keyboard.press('ArrowLeft');
    await expect(flows.position).toHaveText(new RegExp(`^Step ${callbackStep} of \\d+$`));
    await flows.currentStep.getByRole('button', { name: 'Replay to here' }).click();
    await expect(flows.currentStep.getByLabel(/^state/)).toBeVisible();
    await flows.currentStep.getByRole('button', { name: 'Send unchanged' }).click();
    await expect(flows.stepTitle).toHaveText('Token request');
  });

  test('the device flow shows authorization_pending before the user approves', async ({ page, requests }) => {
    const flows = new FlowsPage(page);
    await flows.open(requests, '#flows&flow=device-authorization');
    const seen = await flows.walkToEnd();
    const titles = seen.map((s) => s.title);
    const pending = titles.indexOf('Error: authorization_pending');
    const approval = titles.indexOf('User enters the code');
    expect(pending, titles.join(' / ')).toBeGreaterThan(0);
    expect(approval).toBeGreaterThan(pending);
    expect(titles[titles.length - 1]).toBe('Tokens');
  });

  test('after revocation the opaque token is refused at once and the JWT accepted until it expires', async ({ page, requests }) => {
    const flows = new FlowsPage(page);
    await flows.open(requests, '#flows&flow=jwt-vs-opaque');
    const seen = await flows.walkToEnd();
    const revoked = seen.findIndex((s) => s.title === 'Revoked');
    expect(revoked).toBeGreaterThan(0);
    const after = seen.slice(revoked);
    const jwtAccepted = after.find((s) => s.title === 'API response' && s.text.includes('Yet this token was revoked'));
    const opaqueRefused = after.find((s) => s.title.startsWith('API refuses') && s.text.includes('refused at once'));
    expect(jwtAccepted, 'the revoked JWT is still accepted').toBeTruthy();
    expect(opaqueRefused, 'the revoked opaque token is refused').toBeTruthy();
    expect(seen.indexOf(opaqueRefused!)).toBeLessThan(seen.length - 1);
    const last = seen[seen.length - 1];
    expect(last.title).toMatch(/^API refuses/);
    expect(last.text).toContain('finally expired');
    await expect(flows.ending).toContainText('refused at once');
    await keepScreenshot(page, 'flows-jwt-vs-opaque');
  });

  test('an RSA server key is generated on demand and signs the flow\'s tokens', async ({ page, requests }) => {
    const flows = new FlowsPage(page);
    await flows.open(requests, '#flows&flow=client-credentials');
    await page.getByLabel('Server signs with').selectOption('RS256');
    await expect(flows.position).toHaveText(/^Step 1 of \d+$/, { timeout: 20_000 });
    await expect(page).toHaveURL(/&alg=RS256$/);
    await page.getByText("The simulated server's public keys (JWKS)").click();
    await expect(page.getByText(/"kty": "RSA"/)).toBeVisible();
    await flows.walkUntil(/^Tokens$/);
    await expect(flows.openTokenButton('access_token')).toBeVisible();
  });

  test('choosing another algorithm while the RSA key is being made starts that run, and the RSA key does not replace it', async ({ page, requests }) => {
    const flows = new FlowsPage(page);
    await flows.open(requests, '#flows&flow=client-credentials');
    const alg = page.getByLabel('Server signs with');
    await alg.selectOption('RS256');
    await alg.selectOption('ES384');
    await expect(page).toHaveURL(/&alg=ES384$/);
    await expect(flows.position).toHaveText(/^Step 1 of \d+$/, { timeout: 20_000 });
    // The RSA key, made by the browser meanwhile, is kept for later but starts no run.
    await expect(page.getByRole('status').filter({ hasText: "Generating the simulated server's RSA key" })).toHaveCount(0, { timeout: 20_000 });
    await page.waitForTimeout(500);
    await expect(alg).toHaveValue('ES384');
    await expect(page).toHaveURL(/&alg=ES384$/);
    await page.getByText("The simulated server's public keys (JWKS)").click();
    await expect(page.getByText(/"crv": "P-384"/)).toBeVisible();
    await expect(page.getByText(/"kty": "RSA"/)).toHaveCount(0);
  });

  test('a step link in the fragment reopens the same step', async ({ page, requests }) => {
    const flows = new FlowsPage(page);
    await flows.open(requests, '#flows&flow=authorization-code-pkce&step=4');
    await expect(flows.position).toHaveText(/^Step 4 of \d+$/);
    const title = await flows.stepTitle.textContent();
    await expect(flows.stepButton(/^\d+\. /)).toHaveCount(4);
    await flows.pressNext();
    await expect(page).toHaveURL(/#flows&flow=authorization-code-pkce&step=5$/);
    const fifth = await flows.stepTitle.textContent();
    await reloadApp(page, requests);
    await expect(flows.position).toHaveText(/^Step 5 of \d+$/);
    await expect(flows.stepTitle).toHaveText(fifth!);
    // The navigation link (a bare #flows) keeps the place.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Flows' }).click();
    await expect(page).toHaveURL(/#flows&flow=authorization-code-pkce&step=5$/);
    await expect(flows.stepTitle).toHaveText(fifth!);
    // A link followed while the section is open moves to its step.
    await page.evaluate(() => { location.hash = '#flows&flow=authorization-code-pkce&step=4'; });
    await expect(flows.position).toHaveText(/^Step 4 of \d+$/);
    await expect(flows.stepTitle).toHaveText(title!);
    // Settings travel in the link too.
    await page.evaluate(() => { location.hash = '#flows&flow=client-credentials&step=2&token=opaque'; });
    await expect(flows.position).toHaveText(/^Step 2 of \d+$/);
    await expect(page.getByLabel('Access token')).toHaveValue('opaque');
  });

  test('presentation mode shows the diagram and the message in large type', async ({ page, requests }) => {
    const flows = new FlowsPage(page);
    await flows.open(requests, '#flows&flow=authorization-code-pkce&step=7');
    await flows.presentationButton.click();
    await expect(flows.presentationButton).toHaveAttribute('aria-pressed', 'true');
    await expect(flows.flowSelect).toBeHidden();
    await expect(flows.diagram).toBeVisible();
    await expect(flows.currentStep.getByText('POST https://auth.tokenlab.example/token')).toBeVisible();
    await flows.pressNext();
    await expect(flows.stepTitle).toHaveText('Tokens');
    await keepScreenshot(page, 'flows-presentation');
    await page.keyboard.press('Escape');
    await expect(flows.flowSelect).toBeVisible();
  });

  test('makes no request while walking, tampering and changing settings', async ({ page, requests }) => {
    const flows = new FlowsPage(page);
    await flows.open(requests);
    await page.getByLabel('Access token').selectOption({ label: 'Opaque' });
    await flows.tamperMode.check();
    await flows.walkToEnd();
    await flows.chooseFlow('OpenID Connect');
    await flows.walkToEnd();
    await page.waitForTimeout(300);
  });

  test('has no serious accessibility findings in light and dark themes', async ({ page, requests }) => {
    const flows = new FlowsPage(page);
    await flows.open(requests, '#flows&flow=openid-connect');
    await flows.tamperMode.check();
    await flows.walkUntil(/^Token request$/);
    await page.getByLabel('Theme').selectOption({ label: 'Light' });
    await expectAxeClean(page);
    await keepScreenshot(page, 'flows-light');
    await page.getByLabel('Theme').selectOption({ label: 'Dark' });
    await flows.walkToEnd();
    await expectAxeClean(page);
    await keepScreenshot(page, 'flows-dark');
  });

  test('fits a 360 px wide screen without horizontal scrolling', async ({ page, requests }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const flows = new FlowsPage(page);
    await flows.open(requests, '#flows&flow=authorization-code-pkce&step=7');
    await flows.tamperMode.check();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await keepScreenshot(page, 'flows-360');
  });
});

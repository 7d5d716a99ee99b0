import * as crypto from 'crypto';
import { test, expect, openApp, expectAxeClean, keepScreenshot, readFixture, b64u, hs256 } from '../fixtures';
import { DebuggerPage } from '../pages/debugger';
import { EncoderPage } from '../pages/encoder';

// Every test also checks, through the fixture, that the page makes no network request after load.


const SECRET = 'a-long-enough-secret-for-hs256-tests-0123456789';
const now = () => Math.floor(Date.now() / 1000);
const liveClaims = () => ({ iss: 'https://idp.example', sub: 'alice', aud: 'api', iat: now() - 60, exp: now() + 3600 });

test.describe('debugger', () => {
  test('an HS256 token with its secret is Verified; one changed payload character makes it Invalid', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    const token = hs256(liveClaims(), SECRET);
    await dbg.paste(token);
    await dbg.expectStatus('No key');
    await dbg.setKey(SECRET);
    await dbg.expectStatus('Verified');
    await expect(dbg.headerPane).toContainText('"HS256"');
    await expect(dbg.payloadPane).toContainText('"alice"');

    const [h, p, s] = token.split('.');
    const i = 10;
    const tampered = `${h}.${p.slice(0, i)}${p[i] === 'A' ? 'B' : 'A'}${p.slice(i + 1)}.${s}`;
    await dbg.paste(tampered);
    await dbg.expectStatus('Invalid signature');
    await expect(dbg.badge('Verified')).toHaveCount(0);
  });

  test('the Bearer prefix is removed with a note and the token is coloured by segment', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    const token = hs256(liveClaims(), SECRET);
    await dbg.paste(`Authorization: Bearer ${token}`);
    await expect(dbg.tokenPane).toContainText("Removed the 'Bearer ' prefix.");
    await expect(dbg.colouredToken).toHaveText(token);
    const legend = page.getByRole('list', { name: 'Colour key' });
    await expect(legend).toContainText('Header');
    await expect(legend).toContainText('Signature');
  });

  test('a long token is drawn in even lines that fit the view, keeps them while a character is typed, and copies as one line', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    const token = hs256({ ...liveClaims(), note: 'x'.repeat(600) }, SECRET);
    await dbg.paste(token);
    await expect(dbg.colouredToken).toHaveText(token);
    // Each line of the view: its characters and whether it stays on one row inside the view.
    const lines = () => dbg.colouredToken.evaluate((view) => {
      const row = parseFloat(getComputedStyle(view).lineHeight);
      return [...view.children].map((line) => {
        const text = document.createRange();
        text.selectNodeContents(line);
        const r = line.getBoundingClientRect();
        return { chars: line.textContent!.length, oneRow: r.height <= row + 1 && text.getBoundingClientRect().right <= r.right };
      });
    });
    const drawn = await lines();
    expect(drawn.length).toBeGreaterThan(10);
    expect(drawn.every((l) => l.oneRow)).toBe(true);
    const full = drawn[0].chars;
    expect(drawn.slice(0, -1).every((l) => l.chars === full)).toBe(true);

    // A character typed mid-token: the text follows, every line still fits, and the lines
    // before and after the one typed in keep their characters.
    const at = Math.floor(token.length / 2);
    await dbg.tokenInput.evaluate((el, at) => (el as HTMLTextAreaElement).setSelectionRange(at, at), at);
    await dbg.tokenInput.press('x');
    const typed = `${token.slice(0, at)}x${token.slice(at)}`;
    await expect(dbg.colouredToken).toHaveText(typed);
    const after = await lines();
    expect(after.every((l) => l.oneRow)).toBe(true);
    expect(after.filter((l) => l.chars !== full).length).toBeLessThanOrEqual(2);
    await dbg.tokenInput.press('Backspace');
    await expect(dbg.colouredToken).toHaveText(token);
    expect((await lines()).map((l) => l.chars)).toEqual(drawn.map((l) => l.chars));

    // Copying a selection of the view gives the token without the breaks between lines.
    const copied = await dbg.colouredToken.evaluate((view) => {
      const range = document.createRange();
      range.selectNodeContents(view);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      const ev = new ClipboardEvent('copy', { clipboardData: new DataTransfer(), bubbles: true, cancelable: true });
      view.dispatchEvent(ev);
      return ev.clipboardData!.getData('text/plain');
    });
    expect(copied).toBe(token);

    // A selection that runs on past the view, into its colour key, is left to the browser (the
    // key's entries keep their line breaks): the view does not take the copy over.
    const takenOver = await dbg.colouredToken.evaluate((view) => {
      const range = document.createRange();
      range.setStart(view, 0);
      range.setEndAfter(document.querySelector('[aria-label="Colour key"]')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      const ev = new ClipboardEvent('copy', { clipboardData: new DataTransfer(), bubbles: true, cancelable: true });
      view.dispatchEvent(ev);
      return ev.defaultPrevented;
    });
    expect(takenOver).toBe(false);
  });

  test('every JSON line and token line shows whole: short lines on one row, long or non-ASCII ones over several, also after the page narrows', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    const token = hs256({ ...liveClaims(), note: 'x'.repeat(300), name: 'José Ünïcödé 😀 名前' }, SECRET);
    await dbg.paste(token);
    const payloadJson = dbg.payloadPane.getByRole('region', { name: 'Payload JSON' });
    await expect(payloadJson).toContainText('"José Ünïcödé 😀 名前"');
    // Each line of a view (the blocks inside it): how many rows its text takes, whether the
    // text stays inside the line's box, and whether the box is exactly that many rows high.
    const linesOf = (view: import('@playwright/test').Locator) => view.evaluate((el) => {
      const row = parseFloat(getComputedStyle(el).lineHeight);
      const isBlock = (s: Element) => getComputedStyle(s).display === 'block';
      const blocks = [...el.querySelectorAll('span')].filter((s) => isBlock(s) && s.textContent !== '' && !s.closest('[hidden]') && ![...s.querySelectorAll('span')].some(isBlock));
      return blocks.map((line) => {
        const text = document.createRange();
        text.selectNodeContents(line);
        const t = text.getBoundingClientRect();
        const r = line.getBoundingClientRect();
        const rows = new Set([...text.getClientRects()].map((q) => Math.round(q.top))).size;
        return { text: line.textContent!, rows, inside: t.bottom <= r.bottom + 1 && t.right <= r.right + 1, fullHeight: Math.abs(r.height - rows * row) <= 2 };
      });
    });
    for (const width of [1280, 700]) {
      await page.setViewportSize({ width, height: 800 });
      await expect.poll(async () => (await linesOf(payloadJson)).every((l) => l.inside && l.fullHeight)).toBe(true);
      const json = await linesOf(payloadJson);
      expect(json.find((l) => l.text.includes('"sub"'))!.rows).toBe(1);
      expect(json.find((l) => l.text.includes('"note"'))!.rows).toBeGreaterThan(1);
      expect(json.find((l) => l.text.includes('"name"'))).toBeTruthy();
      const tokenLines = await linesOf(dbg.colouredToken);
      expect(tokenLines.length).toBeGreaterThan(5);
      expect(tokenLines.every((l) => l.inside && l.rows === 1 && l.fullHeight)).toBe(true);
    }

    // A token with a character that is not base64url (and wider than one): its lines may wrap,
    // and still show whole.
    const broken = `${token.slice(0, 40)}名${token.slice(40)}`;
    await dbg.paste(broken);
    await expect(dbg.colouredToken).toHaveText(broken);
    await expect.poll(async () => (await linesOf(dbg.colouredToken)).every((l) => l.inside && l.fullHeight)).toBe(true);
  });

  test('a character typed mid-payload hides the payload until it is deleted, then the same payload is back', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    // A payload whose base64url length is a multiple of 4: one character more makes its length
    // impossible for base64url.
    let pad = '';
    while (b64u(JSON.stringify({ ...liveClaims(), pad })).length % 4) pad += 'a';
    const token = hs256({ ...liveClaims(), pad }, SECRET);
    await dbg.paste(token);
    const payloadJson = dbg.payloadPane.getByRole('region', { name: 'Payload JSON' });
    await expect(payloadJson).toContainText('"alice"');
    const at = token.indexOf('.') + 10;
    await dbg.tokenInput.evaluate((el, at) => (el as HTMLTextAreaElement).setSelectionRange(at, at), at);
    await dbg.tokenInput.press('x');
    await expect(dbg.payloadPane).toContainText('No payload decoded yet.');
    await expect(payloadJson).toBeHidden();
    await expect(dbg.payloadPane.getByRole('table')).toBeHidden();
    await expect(dbg.timeline).toBeHidden();
    await dbg.tokenInput.press('Backspace');
    await expect(dbg.tokenInput).toHaveValue(token);
    await expect(payloadJson).toBeVisible();
    await expect(dbg.timeline).toBeVisible();
    await expect(payloadJson).toContainText('"alice"');
    await expect(dbg.payloadPane).not.toContainText('No payload decoded yet.');
    // A different payload typed over it replaces what was kept.
    let padB = '';
    while (b64u(JSON.stringify({ ...liveClaims(), sub: 'bob', pad: padB })).length % 4) padB += 'a';
    const other = hs256({ ...liveClaims(), sub: 'bob', pad: padB }, SECRET);
    await dbg.paste(other.slice(0, other.indexOf('.') + 11) + 'x' + other.slice(other.indexOf('.') + 11));
    await expect(payloadJson).toBeHidden();
    await dbg.paste(other);
    await expect(payloadJson).toContainText('"bob"');
    await expect(payloadJson).not.toContainText('"alice"');
  });

  test('RS256 verifies with a PEM public key', async ({ page, requests }) => {
    const { token, pem } = readFixture('rs256.json');
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    await dbg.paste(token);
    await dbg.setKey(pem);
    await dbg.expectStatus('Verified');
    await expect(dbg.signaturePane).toContainText('RSA 2048-bit public key');
  });

  test('ES256 verifies with a JWK', async ({ page, requests }) => {
    const { token, jwk } = readFixture('es256.json');
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    await dbg.paste(token);
    await dbg.setKey(JSON.stringify(jwk, null, 2));
    await dbg.expectStatus('Verified');
    await expect(dbg.signaturePane).toContainText('JWK');
  });

  test('in a pasted JWKS the key is picked by kid and named', async ({ page, requests }) => {
    const { jwks, token_ec2, token_rsa } = readFixture('jwks.json');
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    await dbg.setKey(JSON.stringify(jwks));
    await dbg.paste(token_ec2);
    await dbg.expectStatus('Verified');
    await expect(dbg.status).toContainText('kid "ec-2"');
    await dbg.paste(token_rsa);
    await dbg.expectStatus('Verified');
    await expect(dbg.status).toContainText('kid "rsa-1"');
    await expect(dbg.signaturePane).toContainText('a JWKS with 3 usable keys');
  });

  test('without a kid, the JWKS keys that fit are listed as candidates and the one that verifies is named', async ({ page, requests }) => {
    const { jwks, token_no_kid } = readFixture('jwks.json');
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    await dbg.setKey(JSON.stringify(jwks));
    await dbg.paste(token_no_kid);
    await dbg.expectStatus('Verified');
    const candidates = dbg.status.getByRole('list');
    await expect(candidates.getByRole('listitem')).toHaveCount(2);
    await expect(candidates).toContainText('kid "ec-1"');
    await expect(candidates).toContainText('kid "ec-2"');
    await expect(dbg.status).toContainText(/only the EC P-256 public key \(kid "ec-2"\) verifies/);
  });

  test('a key that cannot be read is explained in place', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    await dbg.paste(hs256(liveClaims(), SECRET));
    await dbg.setKey('-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----');
    await expect(dbg.signaturePane.getByText(/The PEM block/).first()).toBeVisible();
    await expect(dbg.keyInput).toHaveAttribute('aria-invalid', 'true');
    await dbg.setKey('c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA', 'base64url');
    await dbg.expectStatus('Invalid signature');
  });

  test('a redirect URL lists its parameters and opens its tokens', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    const id = hs256({ ...liveClaims(), sub: 'from-fragment', nonce: 'n1' }, SECRET);
    await dbg.paste(`https://app.example/callback#id_token=${id}&state=af0ifjsldkj&token_type=Bearer`);
    const list = page.getByRole('region', { name: 'Tokens in the URL' });
    await expect(list).toContainText('id_token');
    await expect(dbg.payloadPane).toContainText('"from-fragment"');
    await list.getByText('URL parameters').click();
    await expect(list.getByRole('table', { name: 'URL parameters' })).toContainText('af0ifjsldkj');
  });

  test('every sample in the menu loads with its key: each algorithm verifies, the traps do not', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    const titles = (await dbg.sampleMenu.locator('option').allTextContents()).filter((t) => !t.startsWith('Choose'));
    expect(titles.length).toBeGreaterThanOrEqual(16);
    for (const title of titles) {
      await dbg.pickSample(title);
      await expect(dbg.tokenPane).toContainText(`Sample: ${title}.`);
      const expected = title.startsWith('Unsigned') ? 'Unsigned' : title.startsWith('Algorithm confusion') ? 'Key does not fit alg' : 'Verified';
      await expect(dbg.badge(expected), title).toBeVisible();
    }
  });

  test('an expired token says how long ago, and the timeline marks it', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    await dbg.pickSample('Expired token (HS256)');
    await dbg.expectStatus('Verified');
    await expect(dbg.payloadPane).toContainText('Expired: expired 1 h ago.');
    await expect(dbg.timeline).toHaveAccessibleName(/Expired: expired 1 h ago/);
    await expect(dbg.signaturePane).toContainText(/expired 1 h ago/);
    await expect(dbg.findingsPane).toContainText(/expired/i);
  });

  test('moving "now" a day back makes an expired sample live again (teaching)', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    await dbg.pickSample('Expired token (HS256)');
    await expect(dbg.timeline).toHaveAccessibleName(/Expired/);
    await page.getByRole('button', { name: /move now back one hour/ }).click();
    await page.getByRole('button', { name: /move now back one hour/ }).click();
    await expect(dbg.timeline).toHaveAccessibleName(/Live: valid now/);
    await page.getByRole('button', { name: 'Reset to the real time' }).click();
    await expect(dbg.timeline).toHaveAccessibleName(/Expired/);
    await page.getByLabel('Leeway (seconds)').fill('7200');
    await expect(dbg.timeline).toHaveAccessibleName(/Live: valid now.*leeway/);
  });

  test('a broken base64 character is marked, named, and the header still shows', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    const [h, p, s] = hs256(liveClaims(), SECRET).split('.');
    await dbg.paste(`${h}.${p.slice(0, 7)}*${p.slice(8)}.${s}`);
    await expect(dbg.colouredToken.locator('mark')).toHaveText('*');
    await expect(dbg.tokenPane).toContainText(/Payload: The payload is not valid base64url: character '\*' at offset \d+/);
    await expect(dbg.headerPane).toContainText('"HS256"');
    await dbg.expectStatus('Malformed signature');
  });

  test('the claims table reads as a table: a row per claim, the claim its row header, value and meaning its cells, under the column headers', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    await dbg.paste(hs256({ ...liveClaims(), sub: 'alice', role: 'admin' }, SECRET));
    const claims = page.getByRole('table', { name: 'Claims' });
    await expect(claims).toBeVisible();
    await expect(claims.getByRole('columnheader')).toHaveText(['Claim', 'Value', 'Meaning']);
    // A header row and one row per claim: iss, sub, aud, iat, exp, role.
    await expect(claims.getByRole('row')).toHaveCount(7);
    const sub = claims.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /sub/ }) });
    await expect(sub.getByRole('cell')).toHaveCount(2);
    await expect(sub.getByRole('cell').first()).toHaveText('alice');
    await expect(sub.getByRole('cell').last()).toContainText('RFC 7519');
    const role = claims.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /role/ }) });
    await expect(role.getByRole('cell').first()).toHaveText('admin');
    await expect(role.getByRole('cell').last()).toHaveText('Not a registered name (a private or custom member).');
  });

  test('a payload that stops being claims hides the claims table from sight, reading and Tab; it comes back with the new values', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    const token = hs256(liveClaims(), SECRET);
    const [h, , s] = token.split('.');
    const claims = page.getByRole('table', { name: 'Claims' });
    const issLink = claims.getByRole('link', { name: /RFC 7519 §4\.1\.1/ });
    await dbg.paste(token);
    await expect(claims).toBeVisible();
    await expect(issLink).toBeVisible();

    // Mid-edit the payload is plain text: the table is kept in the page (so it comes back
    // quickly) but it is not shown, not in the accessibility tree and not reachable with Tab.
    await dbg.paste(`${h}.${b64u('plain text, not JSON')}.${s}`);
    await expect(dbg.payloadPane).toContainText('plain text, not JSON');
    await expect(claims).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Claims' })).toHaveCount(0);
    const kept = page.getByRole('table', { name: 'Claims', includeHidden: true });
    await expect(kept).toHaveCount(1);
    await expect(kept).toContainText('https://idp.example');
    await expect(kept).toBeHidden();
    await dbg.tokenInput.focus();
    const reached: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      // The accessible name of the table the focus is in, if any.
      reached.push(await page.evaluate(() => document.activeElement?.closest('table')?.caption?.textContent ?? ''));
    }
    expect(reached).toContain('Header parameters');
    expect(reached).not.toContain('Claims');

    await dbg.paste(hs256({ ...liveClaims(), iss: 'https://other.example' }, SECRET));
    await expect(claims).toBeVisible();
    await expect(claims).toContainText('https://other.example');
    await expect(issLink).toBeVisible();
  });

  test('alg none is Unsigned, never Verified, with a critical finding', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    await dbg.pickSample('Unsigned token (alg none)');
    await dbg.expectStatus('Unsigned');
    await dbg.setKey(SECRET);
    await dbg.expectStatus('Unsigned');
    const first = dbg.findingsPane.getByRole('listitem').first();
    await expect(first).toContainText('Critical');
    await expect(first).toContainText(/none/);
    await expect(first.getByRole('link')).toHaveAttribute('href', /rfc8725/);
  });

  test('a token response lists its tokens and each opens with one click', async ({ page, requests }) => {
    const { secret, body } = readFixture('response.json');
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    await dbg.paste(JSON.stringify(body, null, 2));
    await dbg.setKey(secret);
    const list = page.getByRole('region', { name: 'Tokens in the response' });
    await expect(list).toContainText('access_token');
    await expect(list).toContainText('id_token');
    await expect(list).toContainText('refresh_token');
    await expect(dbg.payloadPane).toContainText('"api-user"');
    await list.getByRole('button', { name: 'Open id_token' }).click();
    await expect(dbg.payloadPane).toContainText('"Ada Lovelace"');
    await expect(list.getByRole('button', { name: 'Showing id_token' })).toHaveAttribute('aria-pressed', 'true');
    await dbg.expectStatus('Verified');
    await list.getByText('Response members').click();
    await expect(list).toContainText('expires_at');
  });

  test('#token= in the fragment loads a token, as does #debugger&token=', async ({ page, requests }) => {
    const token = hs256(liveClaims(), SECRET);
    await openApp(page, requests, `#token=${token}`);
    const dbg = new DebuggerPage(page);
    await expect(dbg.tokenInput).toHaveValue(token);
    await expect(dbg.payloadPane).toContainText('"alice"');
    await expect(page).not.toHaveURL(/key=/);

    const other = hs256({ ...liveClaims(), sub: 'bob' }, SECRET);
    await page.goto(`./index.html#debugger&token=${other}`);
    await expect(dbg.payloadPane).toContainText('"bob"');
  });

  test('Edit and re-sign opens the Encoder with this header and payload, and the re-signed token verifies', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    const header = '{"alg":"HS256","typ":"JWT","kid":"k-7"}';
    const payload = '{"sub":"dana","big":12345678901234567890,"roles":["a","b"]}';
    const input = `${b64u(header)}.${b64u(payload)}`;
    const token = `${input}.${b64u(crypto.createHmac('sha256', SECRET).update(input).digest())}`;
    // Absent until there is something to edit.
    await expect(page.getByRole('button', { name: 'Edit and re-sign' })).toHaveCount(0);
    await dbg.paste(token);
    await page.getByRole('button', { name: 'Edit and re-sign' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Encoder' })).toBeVisible();
    // The texts exactly as signed (the big number is not rounded).
    await expect(page.getByLabel('Header', { exact: true })).toHaveValue(header);
    await expect(page.getByLabel('Payload', { exact: true })).toHaveValue(payload);
    await expect(page).toHaveURL(/#encoder$/);
    const resigned = await new EncoderPage(page).tokenText();
    expect(Buffer.from(resigned.split('.')[1], 'base64url').toString()).toBe(payload);
    // Back in the Debugger with the Encoder's key, it verifies.
    await page.getByRole('button', { name: 'Open in Debugger' }).click();
    await expect(dbg.tokenInput).toHaveValue(resigned);
    await dbg.expectStatus('Verified');
  });

  test('expectations feed the claim checks', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    await dbg.paste(hs256(liveClaims(), SECRET));
    await dbg.expectations.click();
    await page.getByLabel('Expected audience (aud)').fill('some-other-api');
    await expect(dbg.signaturePane.getByRole('listitem').filter({ hasText: 'some-other-api' }).first()).toContainText('Failed');
    await page.getByLabel('Expected audience (aud)').fill('api');
    await expect(dbg.signaturePane).not.toContainText('some-other-api');
  });

  test('copy buttons copy their pane and Clear empties the page', async ({ page, requests, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    const token = hs256(liveClaims(), SECRET);
    await dbg.paste(token);
    await dbg.setKey(SECRET);
    await page.getByRole('button', { name: 'Copy header' }).click();
    await expect(dbg.headerPane).toContainText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('{"alg":"HS256","typ":"JWT"}');
    await page.getByRole('button', { name: 'Copy token' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await dbg.clearButton.click();
    await expect(dbg.tokenInput).toHaveValue('');
    await expect(dbg.keyInput).toHaveValue('');
    await expect(dbg.tokenInput).toBeFocused();
    await expect(dbg.headerPane).toContainText('No header decoded yet.');
  });

  test('input over the engine limit is refused with its message', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    await dbg.paste('a'.repeat(2 * 1024 * 1024 + 1));
    await expect(dbg.tokenPane).toContainText('Tokenlab accepts at most 2097152 bytes (2 MiB)');
  });

  test('has no serious accessibility findings with a token loaded, light and dark', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    await dbg.pickSample('RS256 — RSA PKCS#1 v1.5 with SHA-256');
    await dbg.expectStatus('Verified');
    await dbg.expectations.click();
    await page.getByLabel('Theme').selectOption({ label: 'Light' });
    await expectAxeClean(page);
    await keepScreenshot(page, 'debugger-wide-light');
    await page.getByLabel('Theme').selectOption({ label: 'Dark' });
    await expectAxeClean(page);
    await keepScreenshot(page, 'debugger-wide-dark');
    await dbg.pickSample('Algorithm confusion (HS256 with an RSA public key)');
    await expectAxeClean(page);
  });

  test('works at 360 px wide in the dark theme', async ({ page, requests }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await openApp(page, requests);
    await page.getByLabel('Theme').selectOption({ label: 'Dark' });
    const dbg = new DebuggerPage(page);
    await dbg.pickSample('ES256 — ECDSA with P-256 and SHA-256');
    await dbg.expectStatus('Verified');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAxeClean(page);
    await keepScreenshot(page, 'debugger-360-dark');
    await page.getByLabel('Theme').selectOption({ label: 'Light' });
    await keepScreenshot(page, 'debugger-360-light');
  });

  test('MEASURE: a 1 MiB paste never blocks the page for long', async ({ page, requests, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    // A 1 MiB HS256 token: a payload with one big claim.
    const filler = 'x'.repeat(Math.floor((1024 * 1024 * 3) / 4) - 200);
    const big = hs256({ ...liveClaims(), data: filler }, SECRET);
    expect(big.length).toBeGreaterThan(1_000_000);
    await dbg.setKey(SECRET);
    await page.evaluate((text) => navigator.clipboard.writeText(text), big);
    await page.evaluate(() => {
      const w = window as any;
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    const t0 = Date.now();
    // A real paste: the clipboard into the focused field.
    await dbg.tokenInput.focus();
    await page.keyboard.press('Control+V');
    await expect(dbg.payloadPane).toContainText('Showing the first 20,000 of', { timeout: 15_000 });
    await dbg.expectStatus('Verified');
    const settled = Date.now() - t0;
    await page.waitForTimeout(300);
    const tasks: number[] = await page.evaluate(() => (window as any).__longTasks);
    const longest = Math.max(0, ...tasks);
    console.log(
      `MEASURE 1 MiB paste (${big.length} bytes, Ctrl+V): longest main-thread block ${longest.toFixed(0)} ms; ` +
        `${tasks.length} tasks over 50 ms [${tasks.map((t) => t.toFixed(0)).join(', ')}] ms; result shown after ${settled} ms`,
    );
    await expect(dbg.tokenPane).toContainText('This input has 1,048,');
    await expect(dbg.tokenInput).toHaveJSProperty('readOnly', true);
    // Copy gives back the whole token, not the preview in the field.
    await page.getByRole('button', { name: 'Copy token' }).click();
    expect((await page.evaluate(() => navigator.clipboard.readText())).length).toBe(big.length);
    // Loose bound: the goal is 100 ms on a quiet machine; test machines are shared.
    expect(longest).toBeLessThan(1000);
  });

  test('MEASURE: editing a 4 KiB token updates every pane in a few milliseconds', async ({ page, requests }) => {
    await openApp(page, requests);
    const dbg = new DebuggerPage(page);
    const claims: Record<string, unknown> = { ...liveClaims(), scope: 'openid profile email', roles: ['reader', 'writer'] };
    for (let i = 0; b64u(JSON.stringify(claims)).length < 4000; i++) claims[`claim_${i}`] = `value number ${i} of a padded payload`;
    const token = hs256(claims, SECRET);
    // The same token with one claim value edited (and signed again): both decode and verify.
    const edited = hs256({ ...claims, claim_5: 'value number 5 of a padded payloaD' }, SECRET);
    expect(token.length).toBeGreaterThan(4096);
    await dbg.paste(token);
    await dbg.setKey(SECRET);
    await dbg.expectStatus('Verified');

    // Times one edit: from the input event until every pane is updated and laid out.
    const measure = (values: string[]) =>
      page.evaluate(async (values) => {
        const area = document.getElementById('tl-token-input') as HTMLTextAreaElement;
        const afterUpdates = () =>
          new Promise<void>((resolve) => {
            // A message-channel task runs after every microtask (where the UI updates) has run.
            const c = new MessageChannel();
            c.port1.onmessage = () => resolve();
            c.port2.postMessage(0);
          });
        const out: number[] = [];
        for (const value of values) {
          area.value = value;
          const t0 = performance.now();
          area.dispatchEvent(new Event('input', { bubbles: true }));
          await afterUpdates();
          void document.body.offsetHeight; // include style and layout
          out.push(performance.now() - t0);
          await new Promise((r) => setTimeout(r, 20));
        }
        return out;
      }, values);
    const stats = (times: number[]) => {
      const sorted = [...times].sort((a, b) => a - b);
      return { median: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.floor(sorted.length * 0.95)] };
    };

    // (a) Edits that keep the token valid: the steady state of editing a claim.
    const valid = await measure(Array.from({ length: 41 }, (_, i) => (i % 2 === 0 ? edited : token)));
    // (b) One base64url character changed in the encoded payload, as typing in the field does:
    // the payload usually stops being JSON, so the claims table and timeline come and go.
    const at = token.indexOf('.') + 40;
    const typed = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    const typing = await measure(Array.from({ length: 42 }, (_, i) => (i % 2 === 0 ? typed : token)));
    const a = stats(valid.slice(1));
    const b = stats(typing.slice(1, 41));
    console.log(
      `MEASURE 4 KiB token edit (${token.length} bytes, HS256 verified each time): ` +
        `claim edit median ${a.median.toFixed(1)} ms (p95 ${a.p95.toFixed(1)} ms); ` +
        `one base64url character typed median ${b.median.toFixed(1)} ms (p95 ${b.p95.toFixed(1)} ms); 40 edits each`,
    );
    await dbg.expectStatus('Verified');
    expect(a.median).toBeLessThan(100);
  });
});

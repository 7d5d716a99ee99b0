import { Page, Locator, expect } from '@playwright/test';
import { openApp, RequestLog } from '../fixtures';

/** The Encoder section, found by labels and roles only. */
export class EncoderPage {
  constructor(readonly page: Page) {}

  async open(requests: RequestLog, fragment = '#encoder') {
    await openApp(this.page, requests, fragment);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Encoder' })).toBeVisible();
  }

  get header(): Locator { return this.page.getByLabel('Header', { exact: true }); }
  get payload(): Locator { return this.page.getByLabel('Payload', { exact: true }); }
  get alg(): Locator { return this.page.getByLabel('Algorithm', { exact: true }); }
  get key(): Locator { return this.page.getByRole('textbox', { name: /^(Secret|Private key \(PEM or JWK\))$/ }); }
  get encoding(): Locator { return this.page.getByLabel('Secret encoding'); }
  get allowNone(): Locator { return this.page.getByLabel(/Allow alg "none"/); }
  get token(): Locator { return this.page.getByLabel('Signed token', { exact: true }); }
  get tokenPane(): Locator { return this.page.getByRole('region', { name: 'Token' }); }
  get keyPane(): Locator { return this.page.getByRole('region', { name: 'Algorithm and key' }); }
  get editPane(): Locator { return this.page.getByRole('region', { name: 'Header and payload' }); }
  get publicKey(): Locator { return this.page.getByLabel('Public key (SPKI PEM)', { exact: true }); }
  button(name: string): Locator { return this.page.getByRole('button', { name, exact: true }); }

  async tokenText(): Promise<string> {
    await expect(this.token).toHaveText(/^[\w-]+\.[\w-]*\.[\w-]*$/);
    return (await this.token.textContent())!;
  }

  /** Picks an algorithm and waits until a key that fits is in place and a token is shown. */
  async useAlg(alg: string, keyDescription: RegExp) {
    await this.alg.selectOption(alg);
    await expect(this.keyPane).toContainText(keyDescription, { timeout: 20_000 });
    await expect(this.token).toHaveText(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  }

  async publicPem(): Promise<string> {
    await this.page.getByText('Public key to verify with').click();
    return (await this.publicKey.textContent())!;
  }

  async payloadJson(): Promise<any> {
    return JSON.parse(await this.payload.inputValue());
  }

  async headerJson(): Promise<any> {
    return JSON.parse(await this.header.inputValue());
  }
}

/** Decodes one base64url segment of a token as JSON. */
export function segmentJson(token: string, index: number): any {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8'));
}

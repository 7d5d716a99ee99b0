import { Page, Locator, expect } from '@playwright/test';
import { openApp, RequestLog } from '../fixtures';

/** The PKCE section, found by labels and roles only. */
export class PkcePage {
  constructor(readonly page: Page) {}

  async open(requests: RequestLog) {
    await openApp(this.page, requests, '#pkce');
    await expect(this.page.getByRole('heading', { level: 1, name: 'PKCE' })).toBeVisible();
  }

  // Generator
  get length(): Locator { return this.page.getByLabel('Verifier length'); }
  get regenerate(): Locator { return this.page.getByRole('button', { name: 'Regenerate' }); }
  get verifier(): Locator { return this.page.getByLabel('code_verifier', { exact: true }); }
  get s256(): Locator { return this.page.getByLabel('S256 code_challenge', { exact: true }); }
  get plain(): Locator { return this.page.getByLabel('plain code_challenge', { exact: true }); }
  get selfCheck(): Locator { return this.page.getByText('Self-check passed'); }

  // Checker
  get checkVerifier(): Locator { return this.page.getByLabel('code_verifier to check'); }
  get checkChallenge(): Locator { return this.page.getByLabel('code_challenge to check'); }
  get checkMethod(): Locator { return this.page.getByLabel('code_challenge_method').first(); }
  get checkPane(): Locator { return this.page.getByRole('region', { name: 'Check a verifier against a challenge' }); }

  async check(verifier: string, challenge: string, method: 'S256' | 'plain' = 'S256') {
    await this.checkMethod.selectOption(method);
    await this.checkVerifier.fill(verifier);
    await this.checkChallenge.fill(challenge);
  }

  // Authorization URL builder
  get urlPane(): Locator { return this.page.getByRole('region', { name: 'Authorization request URL' }); }
  field(label: string): Locator { return this.urlPane.getByLabel(label, { exact: true }); }
  get url(): Locator { return this.page.getByLabel('Authorization URL', { exact: true }); }
  async urlText(): Promise<string> { return (await this.url.textContent()) ?? ''; }
}

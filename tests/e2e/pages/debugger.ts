import { expect, Locator, Page } from '@playwright/test';

/** The Debugger section, found by labels and roles only. */
export class DebuggerPage {
  readonly tokenInput: Locator;
  readonly keyInput: Locator;
  readonly encoding: Locator;
  readonly sampleMenu: Locator;
  readonly clearButton: Locator;
  readonly tokenPane: Locator;
  readonly colouredToken: Locator;
  readonly headerPane: Locator;
  readonly payloadPane: Locator;
  readonly signaturePane: Locator;
  readonly findingsPane: Locator;
  readonly status: Locator;
  readonly timeline: Locator;
  readonly expectations: Locator;

  constructor(readonly page: Page) {
    this.tokenInput = page.getByLabel('Encoded token');
    this.keyInput = page.getByLabel('Verification key');
    this.encoding = page.getByLabel('Secret encoding');
    this.sampleMenu = page.getByLabel('Sample token');
    this.clearButton = page.getByRole('button', { name: 'Clear', exact: true });
    this.tokenPane = page.getByRole('region', { name: 'Token', exact: true });
    this.colouredToken = page.getByRole('region', { name: 'Token coloured by segment' });
    this.headerPane = page.getByRole('region', { name: 'Header', exact: true });
    this.payloadPane = page.getByRole('region', { name: 'Payload', exact: true });
    this.signaturePane = page.getByRole('region', { name: 'Signature', exact: true });
    this.findingsPane = page.getByRole('region', { name: 'Security findings' });
    this.status = page.getByRole('status', { name: 'Signature status' });
    this.timeline = page.getByRole('img', { name: /^Validity timeline/ });
    this.expectations = page.getByText('Expectations (iss, aud, nonce, at_hash …)');
  }

  /** Pastes text into the token field (as a paste: the whole value at once). */
  async paste(text: string) {
    await this.tokenInput.fill(text);
  }

  /** Pastes a verification key and, for secrets, picks its encoding. */
  async setKey(text: string, encoding?: 'UTF-8' | 'base64' | 'base64url' | 'hex') {
    await this.keyInput.fill(text);
    if (encoding) await this.encoding.selectOption({ label: encoding });
  }

  /** Loads a sample token (and its key) from the menu. */
  async pickSample(title: string) {
    await this.sampleMenu.selectOption({ label: title });
  }

  /** The status badge's label, e.g. "Verified" (exact text, so "Invalid signature" never matches "Verified"). */
  badge(label: string): Locator {
    return this.status.getByText(label, { exact: true });
  }

  async expectStatus(label: string) {
    await expect(this.badge(label)).toBeVisible();
  }
}

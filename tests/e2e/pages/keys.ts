import { Page, Locator, expect } from '@playwright/test';
import { openApp, RequestLog } from '../fixtures';

/** One pane of the Keys section (generator or converter) with its key view. */
export class KeyPane {
  constructor(readonly root: Locator) {}

  output(label: 'Private key' | 'Public key' | 'Secret' | 'Thumbprint (RFC 7638)'): Locator {
    return this.root.getByLabel(label, { exact: true });
  }

  async text(label: 'Private key' | 'Public key' | 'Secret' | 'Thumbprint (RFC 7638)'): Promise<string> {
    return (await this.output(label).textContent()) ?? '';
  }

  async format(legend: 'Private key format' | 'Public key format' | 'Secret format', option: string) {
    await this.root.getByRole('group', { name: legend }).getByLabel(option, { exact: true }).check();
  }

  fact(name: string): Locator {
    return this.root.locator('dt', { hasText: name }).locator('xpath=following-sibling::dd[1]');
  }
}

/** The Keys section, found by labels and roles only. */
export class KeysPage {
  readonly generator: KeyPane;
  readonly converter: KeyPane;

  constructor(readonly page: Page) {
    this.generator = new KeyPane(page.getByRole('region', { name: 'Generate a key' }));
    this.converter = new KeyPane(page.getByRole('region', { name: 'Convert a key' }));
  }

  async open(requests: RequestLog) {
    await openApp(this.page, requests, '#keys');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Keys' })).toBeVisible();
  }

  get keyType(): Locator { return this.page.getByLabel('Key type'); }
  get generateButton(): Locator { return this.page.getByRole('button', { name: 'Generate', exact: true }); }
  get cancelButton(): Locator { return this.page.getByRole('button', { name: 'Cancel' }); }
  get status(): Locator { return this.page.getByRole('status', { name: 'Key generation progress' }); }
  get convertInput(): Locator { return this.page.getByLabel('Key to convert'); }
  get secretEncoding(): Locator { return this.page.getByLabel('Read a secret as'); }

  /** Generates a key of the kind labelled `label` (e.g. "RSA 2048") and waits for it. */
  async generate(label: string, timeout = 30_000) {
    await this.keyType.selectOption({ label });
    await this.generateButton.click();
    await expect(this.status).toContainText('Generated an', { timeout });
  }

  async convert(text: string) {
    await this.convertInput.fill(text);
  }
}

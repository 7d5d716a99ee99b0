import { test as base, expect } from '@playwright/test';
import * as path from 'path';

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
});

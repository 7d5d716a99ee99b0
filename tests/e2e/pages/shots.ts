import { Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Saves a tall page as several screenshots of at most `tile` px each (test-results/screenshots/
 * <name>-<i>.png), so that a phone-width page can be looked at without being scaled down.
 */
export async function keepTiles(page: Page, name: string, tile = 1000) {
  const dir = path.join(__dirname, '..', 'test-results', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const { width, height } = await page.evaluate(() => ({
    width: document.documentElement.clientWidth,
    height: document.documentElement.scrollHeight,
  }));
  for (let y = 0, i = 0; y < height; y += tile, i++) {
    await page.screenshot({
      path: path.join(dir, `${name}-${i}.png`),
      fullPage: true,
      clip: { x: 0, y, width, height: Math.min(tile, height - y) },
    });
  }
}

// The first token pasted after a cold load, for two (or more) release builds, interleaved load by
// load: `node bench/ab_first_paste.mjs <dist-a> <dist-b> [loads]`. From the paste (the field's
// value set and its input event) to the frame in which the claims table is on the page, the last
// part of the Debugger to appear, measured in the page. Two cases per build: the paste with
// nothing before it, and the paste 150 ms after the pointer entered the token field (as a mouse
// user's pointer does before a paste; a keyboard user's focus does the same). With AB_NET as in
// ab_load.mjs. Figures, not pass/fail.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serveDir, emulateLink } from './static_server.mjs';
import { pasteUntilDrawn, appStarted } from './probes.mjs';

const require = createRequire(path.resolve('tests/e2e/package.json'));
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const loads = /^\d+$/.test(args.at(-1) ?? '') ? Number(args.pop()) : 10;
if (args.length < 2) {
  console.error('usage: node bench/ab_first_paste.mjs <dist-a> <dist-b> [loads]');
  process.exit(2);
}
const token = fs.readFileSync(path.resolve('bench/token-4k.txt'), 'utf8').trim();
const net = process.env.AB_NET ? process.env.AB_NET.split(',').map(Number) : null;
const served = await Promise.all(args.map((d) => serveDir(d, { brotli: !!net })));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const cases = ['no intent', 'pointer 150 ms before'];
const drawn = args.map(() => cases.map(() => []));
for (let i = 0; i < loads; i++) {
  const order = i % 2 ? [...args.keys()].reverse() : [...args.keys()];
  for (const c of cases.keys()) {
    for (const j of order) {
      const ctx = await browser.newContext({ serviceWorkers: 'block' });
      const page = await ctx.newPage();
      if (net) await emulateLink(ctx, page, ...net);
      await page.goto(served[j].base + 'index.html');
      await appStarted(page);
      await page.waitForTimeout(300);
      const { drawn: ms } = await page.evaluate(pasteUntilDrawn, { token, intentMs: c === 1 ? 150 : 0 });
      drawn[j][c].push(ms);
      await ctx.close();
    }
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
args.forEach((d, j) => {
  console.log(`${d}: first 4 KB paste to the claims table drawn: ${cases.map((c, k) => `${c} ${median(drawn[j][k]).toFixed(0)} ms`).join(', ')} (medians of ${loads})`);
});
await browser.close();
for (const s of served) s.server.close();

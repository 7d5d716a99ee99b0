// A 4 KB token pasted as soon as the token field is drawn after a cold load (in the first
// animation frame after the field is in the page: with the prerendered first screen that is its
// plain-HTML field, before the app has started), and the time from navigation start until the
// claims table is on screen. Builds interleaved load by load, as in ab_load.mjs:
// `node bench/ab_paste_at_load.mjs <dist-a> <dist-b> [loads]` (AB_NET=<kbit/s>,<rtt ms> as there).
// Figures, not pass/fail.
import path from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { serveDir, emulateLink } from './static_server.mjs';
const require = createRequire(path.resolve('tests/e2e/package.json'));
const { chromium } = require('playwright-core');
const args = process.argv.slice(2);
const loads = /^\d+$/.test(args.at(-1) ?? '') ? Number(args.pop()) : 12;
const net = process.env.AB_NET ? process.env.AB_NET.split(',').map(Number) : null;
const token = fs.readFileSync(path.resolve('bench/token-4k.txt'), 'utf8').trim();
const served = await Promise.all(args.map((d) => serveDir(d, { brotli: !!net })));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const res = args.map(() => ({ typed: [], drawn: [] }));
for (let i = 0; i < loads; i++) {
  const order = i % 2 ? [...args.keys()].reverse() : [...args.keys()];
  for (const j of order) {
    const ctx = await browser.newContext({ serviceWorkers: 'block' });
    const page = await ctx.newPage();
    if (net) await emulateLink(ctx, page, ...net);
    await page.addInitScript((token) => {
      window.__p = {};
      new MutationObserver((_, obs) => {
        const box = document.querySelector('textarea');
        if (!box) return;
        obs.disconnect();
        // paste in the first frame in which the field is drawn
        requestAnimationFrame(() => {
          window.__p.typed = performance.now();
          const box = document.querySelector('textarea');
          window.__p.shell = !!document.getElementById('tl-prerendered');
          box.focus();
          box.value = token;
          box.dispatchEvent(new Event('input', { bubbles: true }));
          const shown = () => [...document.querySelectorAll('table caption')].some((c) => c.textContent === 'Claims' && c.closest('table').getBoundingClientRect().height > 0);
          const poll = () => { if (shown()) requestAnimationFrame(() => { window.__p.drawn = performance.now(); }); else requestAnimationFrame(poll); };
          poll();
        });
      }).observe(document, { subtree: true, childList: true });
    }, token);
    await page.goto(served[j].base + 'index.html', { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__p?.drawn !== undefined, null, { timeout: 20000 });
    const { typed, drawn, shell } = await page.evaluate(() => window.__p);
    res[j].shell = (res[j].shell ?? 0) + (shell ? 1 : 0);
    res[j].typed.push(typed); res[j].drawn.push(drawn);
    await ctx.close();
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
args.forEach((d, j) => console.log(`${d}: pasted at ${median(res[j].typed).toFixed(0)} ms, claims drawn at ${median(res[j].drawn).toFixed(0)} ms, into the prerendered field ${res[j].shell ?? 0} times (median of ${loads})`));
await browser.close(); for (const s of served) s.server.close();

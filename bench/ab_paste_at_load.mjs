// A 4 KB token pasted as soon as the token field is drawn after a cold load (in the first
// animation frame after the field is in the page: with the prerendered first screen that is its
// plain-HTML field, before the app has started), and the time from navigation start until the
// claims table is on screen. Builds interleaved load by load, as in ab_load.mjs:
// `node bench/ab_paste_at_load.mjs <dist-a> <dist-b> [loads]` (AB_NET=<kbit/s>,<rtt ms> as there).
// Figures, not pass/fail.
import fs from 'node:fs';
import path from 'node:path';
import { abArgs, interleaved, median } from './ab.mjs';

const ab = abArgs('ab_paste_at_load.mjs', 12);
const token = fs.readFileSync(path.resolve('bench/token-4k.txt'), 'utf8').trim();
const res = ab.dists.map(() => ({ typed: [], drawn: [], shell: 0 }));
await interleaved(ab, async ({ page, base, build }) => {
  await page.addInitScript((token) => {
    window.__p = {};
    new MutationObserver((_, obs) => {
      if (!document.querySelector('textarea')) return;
      obs.disconnect();
      // The paste, in the first frame in which the field is drawn (the field found again: the
      // app may have replaced the prerendered one by then).
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
  await page.goto(base + 'index.html', { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__p?.drawn !== undefined, null, { timeout: 20000 });
  const { typed, drawn, shell } = await page.evaluate(() => window.__p);
  res[build].shell += shell ? 1 : 0;
  res[build].typed.push(typed);
  res[build].drawn.push(drawn);
});
ab.dists.forEach((d, j) => console.log(`${d}: pasted at ${median(res[j].typed).toFixed(0)} ms, claims drawn at ${median(res[j].drawn).toFixed(0)} ms, into the prerendered field ${res[j].shell} times (median of ${ab.loads})`));

// Keystrokes in a 4 KB token for two (or more) release builds, interleaved page by page:
// `node bench/ab_keystroke.mjs <dist-a> <dist-b> [pages]`. Each page is loaded, the app started,
// and 100 claim edits and 100 raw base64url edits made (`keystrokeEdits` in probes.mjs, as in
// browser.mjs); the first 30 of each kind are left out (V8 still optimising the wasm). Prints the
// medians over all pages of script alone and script + layout. Figures, not pass/fail.
import fs from 'node:fs';
import path from 'node:path';
import { abArgs, interleaved, median } from './ab.mjs';
import { appStarted, keystrokeEdits } from './probes.mjs';

const ab = abArgs('ab_keystroke.mjs', 6);
const token = fs.readFileSync(path.resolve('bench/token-4k.txt'), 'utf8').trim();
const kinds = ['claim', 'base64url'];
const seen = ab.dists.map(() => Object.fromEntries(kinds.map((k) => [k, { script: [], layout: [] }])));
await interleaved(ab, async ({ page, base, build }) => {
  await page.goto(base + 'index.html');
  await appStarted(page);
  const out = await page.evaluate(keystrokeEdits, { token, warm: 30, edits: 100 });
  for (const k of kinds) {
    seen[build][k].script.push(...out[k].script);
    seen[build][k].layout.push(...out[k].layout);
  }
});
ab.dists.forEach((d, j) => {
  const tm = (xs) => { const s = [...xs].sort((a, b) => a - b); const c = s.slice(Math.floor(s.length * 0.1), Math.ceil(s.length * 0.9)); return c.reduce((a, b) => a + b, 0) / c.length; };
  const figures = kinds.map((k) => `${k} edit: script ${median(seen[j][k].script).toFixed(2)} (mean10 ${tm(seen[j][k].script).toFixed(3)}), script + layout ${median(seen[j][k].layout).toFixed(2)} (mean10 ${tm(seen[j][k].layout).toFixed(3)}) ms`);
  console.log(`${d}: ${figures.join('; ')} (medians of ${ab.loads} pages × 70 edits)`);
});

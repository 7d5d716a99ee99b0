// The first token pasted after a cold load, for two (or more) release builds, interleaved load by
// load: `node bench/ab_first_paste.mjs <dist-a> <dist-b> [loads]`. From the paste (the field's
// value set and its input event) to the frame in which the claims table is on the page, the last
// part of the Debugger to appear, measured in the page. Two cases per build: the paste with
// nothing before it, and the paste 150 ms after the pointer entered the token field (as a mouse
// user's pointer does before a paste; a keyboard user's focus does the same). With AB_NET as in
// ab_load.mjs. Figures, not pass/fail.
import fs from 'node:fs';
import path from 'node:path';
import { abArgs, interleaved, median } from './ab.mjs';
import { pasteUntilDrawn, appStarted } from './probes.mjs';

const ab = abArgs('ab_first_paste.mjs', 10);
const token = fs.readFileSync(path.resolve('bench/token-4k.txt'), 'utf8').trim();
const cases = ['no intent', 'pointer 150 ms before'];
const drawn = ab.dists.map(() => cases.map(() => []));
await interleaved(ab, async ({ page, base, build, round }) => {
  await page.goto(base + 'index.html');
  await appStarted(page);
  await page.waitForTimeout(300);
  const { drawn: ms } = await page.evaluate(pasteUntilDrawn, { token, intentMs: round === 1 ? 150 : 0 });
  drawn[build][round].push(ms);
}, [...cases.keys()]);
ab.dists.forEach((d, j) => {
  console.log(`${d}: first 4 KB paste to the claims table drawn: ${cases.map((c, k) => `${c} ${median(drawn[j][k]).toFixed(0)} ms`).join(', ')} (medians of ${ab.loads})`);
});

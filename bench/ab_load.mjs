// Cold load of two (or more) release builds, interleaved load by load, so that a busy machine
// slows them alike: `node bench/ab_load.mjs <dist-a> <dist-b> [loads]`. Prints, per build, the
// medians (from navigation start) of: the token field in the page and its frame drawn; the first
// contentful paint (with the prerendered first screen, its plain-HTML field is on screen, taking
// input, from then; see `loadMarks` in probes.mjs); the app mounted (its own field in the page)
// and its first frame drawn; and the mount itself (from the end of the main wasm's instantiation
// to the app's field). Figures, not pass/fail. Use it to compare two builds: the same build's
// cold-load median moves by tens of milliseconds between runs on a shared machine.
// With AB_NET=<kbit/s>,<rtt ms> (e.g. AB_NET=10000,40) the files are sent brotli-compressed (their
// .br copies) over a link Chromium throttles to that speed and round-trip time, as from a real host.
import { abArgs, interleaved, median } from './ab.mjs';
import { loadMarks, loadTimes } from './probes.mjs';

const ab = abArgs('ab_load.mjs', 20);
const keys = ['field', 'drawn', 'onScreen', 'app', 'appDrawn', 'mount'];
const times = ab.dists.map(() => Object.fromEntries(keys.map((k) => [k, []])));
await interleaved(ab, async ({ page, base, build }) => {
  await page.addInitScript(loadMarks);
  await page.goto(base + 'index.html', { waitUntil: 'commit' });
  const t = await loadTimes(page);
  if (t.inst !== undefined) t.mount = t.app - t.inst;
  for (const k of keys) if (t[k] !== undefined) times[build][k].push(t[k]);
});
const ms = (xs, digits = 0) => (xs.length ? `${median(xs).toFixed(digits)} ms` : '-');
ab.dists.forEach((d, j) => {
  const t = times[j];
  console.log(`${d}: token field in page ${ms(t.field)}, its frame drawn ${ms(t.drawn)}, first contentful paint ${ms(t.onScreen)}, app mounted ${ms(t.app)}, its frame drawn ${ms(t.appDrawn)}, mount ${ms(t.mount, 1)} (median of ${ab.loads})`);
});

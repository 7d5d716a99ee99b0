// Cold load of two (or more) release builds, interleaved load by load, so that a busy machine
// slows them alike: `node bench/ab_load.mjs <dist-a> <dist-b> [loads]`. Prints, per build, the
// medians (from navigation start) of: the token field on screen, taking input (with the
// prerendered first screen that is its plain-HTML field; see `loadMarks` in probes.mjs); the app
// mounted (its own field in the page); and the mount itself (from the end of the main wasm's
// instantiation to the app's field). Figures, not pass/fail. Use it to compare two builds: the
// same build's cold-load median moves by tens of milliseconds between runs on a shared machine.
// With AB_NET=<kbit/s>,<rtt ms> (e.g. AB_NET=10000,40) the files are sent brotli-compressed (their
// .br copies) over a link Chromium throttles to that speed and round-trip time, as from a real host.
import path from 'node:path';
import { createRequire } from 'node:module';
import { serveDir, emulateLink } from './static_server.mjs';
import { loadMarks, loadTimes } from './probes.mjs';

const require = createRequire(path.resolve('tests/e2e/package.json'));
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const loads = /^\d+$/.test(args.at(-1) ?? '') ? Number(args.pop()) : 20;
if (args.length < 2) {
  console.error('usage: node bench/ab_load.mjs <dist-a> <dist-b> [loads]');
  process.exit(2);
}
const net = process.env.AB_NET ? process.env.AB_NET.split(',').map(Number) : null;
const served = await Promise.all(args.map((d) => serveDir(d, { brotli: !!net })));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const onScreen = args.map(() => []);
const drawn = args.map(() => []);
const field = args.map(() => []);
const appDrawn = args.map(() => []);
const app = args.map(() => []);
const mount = args.map(() => []);
for (let i = 0; i < loads; i++) {
  // Alternate which build goes first, so neither always loads right after the other.
  const order = i % 2 ? [...args.keys()].reverse() : [...args.keys()];
  for (const j of order) {
    const ctx = await browser.newContext({ serviceWorkers: 'block' });
    const page = await ctx.newPage();
    if (net) await emulateLink(ctx, page, ...net);
    await page.addInitScript(loadMarks);
    await page.goto(served[j].base + 'index.html', { waitUntil: 'commit' });
    const t = await loadTimes(page);
    onScreen[j].push(t.onScreen);
    drawn[j].push(t.drawn);
    field[j].push(t.field);
    appDrawn[j].push(t.appDrawn);
    app[j].push(t.app);
    if (t.inst !== undefined) mount[j].push(t.app - t.inst);
    await ctx.close();
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
args.forEach((d, j) => {
  const m = mount[j].length ? `${median(mount[j]).toFixed(1)} ms` : '-';
  console.log(`${d}: token field in page ${median(field[j]).toFixed(0)}, frame drawn ${median(drawn[j]).toFixed(0)}, first contentful paint ${median(onScreen[j]).toFixed(0)} ms, app mounted ${median(app[j]).toFixed(0)}, its frame drawn ${median(appDrawn[j]).toFixed(0)} ms, mount ${m} (median of ${loads})`);
});
await browser.close();
for (const s of served) s.server.close();

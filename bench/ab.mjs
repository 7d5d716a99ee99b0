// What the A/B scripts (ab_load.mjs, ab_first_paste.mjs, ab_paste_at_load.mjs) and browser.mjs
// share: headless Chromium as the benchmarks launch it, and the interleaved visits of two or more
// release builds, load by load, so that a busy machine slows them alike.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serveDir, emulateLink } from './static_server.mjs';

const require = createRequire(path.resolve('tests/e2e/package.json'));
const { chromium } = require('playwright-core');

// Chromium features the benchmarks turn off, as well as Playwright's own list. Every context
// Playwright opens is a new browser window, and headless Chromium 156 preloads each window's
// omnibox popup (a WebUI page, `chrome://omnibox-popup.top-chrome/`) in a renderer of its own
// while the page loads. Traced on this 2-core machine (2026-11-24): during one cold load that
// renderer ran for about 470 ms of CPU (350 ms on its main thread), more than the page's own
// renderer, and the page's first contentful paint moved from about 140 ms to 200-240 ms. A
// user's browser window has its omnibox already; loading a page in it pays none of this.
// Turning off the preloading alone, or the popup alone, did not remove it; the four do.
const QUIET_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup', 'PreloadTopChromeWebUI'];
let disabledFeatures = null;

/** Debian's headless Chromium with what could run in the background turned off. */
export async function launchChromium() {
  const launch = (features) => chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--disable-features=${features.join(',')}`],
  });
  if (disabledFeatures) return launch(disabledFeatures);
  // Chromium keeps only the last `--disable-features` of its command line, and Playwright puts
  // its own list (PaintHolding and others) before the arguments given here: the browser is
  // launched once to read that list from its command line, then again with both lists.
  const first = await launch(QUIET_FEATURES);
  // (the browser is a child of this process; Playwright 1.65 no longer hands out its pid)
  const argv = execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' }).trim().split('\n')
    .flatMap((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
  await first.close();
  const lists = argv.filter((a) => a.startsWith('--disable-features=')).map((a) => a.slice('--disable-features='.length).split(','));
  disabledFeatures = [...new Set([...lists.flat(), ...QUIET_FEATURES])].filter(Boolean);
  return launch(disabledFeatures);
}

/** The command line of an A/B script: `<dist-a> <dist-b> [...] [loads]`, and AB_NET. */
export function abArgs(script, defaultLoads) {
  const dists = process.argv.slice(2);
  const loads = /^\d+$/.test(dists.at(-1) ?? '') ? Number(dists.pop()) : defaultLoads;
  if (dists.length < 2) {
    console.error(`usage: node bench/${script} <dist-a> <dist-b> [loads]`);
    process.exit(2);
  }
  // AB_NET=<kbit/s>,<rtt ms>: files sent as their brotli copies over a link Chromium throttles.
  const net = process.env.AB_NET ? process.env.AB_NET.split(',').map(Number) : null;
  return { dists, loads, net };
}

/** Serves each build and calls `visit({ page, base, build, round })` in a fresh context (empty
 *  cache, no service worker) `loads` times per build and round, builds alternating which goes
 *  first from one load to the next. */
export async function interleaved({ dists, loads, net }, visit, rounds = [0]) {
  const served = await Promise.all(dists.map((d) => serveDir(d, { brotli: !!net })));
  const browser = await launchChromium();
  for (let i = 0; i < loads; i++) {
    const order = i % 2 ? [...dists.keys()].reverse() : [...dists.keys()];
    for (const round of rounds) {
      for (const build of order) {
        const ctx = await browser.newContext({ serviceWorkers: 'block' });
        const page = await ctx.newPage();
        if (net) await emulateLink(ctx, page, ...net);
        await visit({ page, base: served[build].base, build, round });
        await ctx.close();
      }
    }
  }
  await browser.close();
  for (const s of served) s.server.close();
}

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

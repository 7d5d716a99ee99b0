// What the A/B scripts (ab_load.mjs, ab_first_paste.mjs, ab_paste_at_load.mjs) and browser.mjs
// share: headless Chromium as the benchmarks launch it, and the interleaved visits of two or more
// release builds, load by load, so that a busy machine slows them alike.
import path from 'node:path';
import { createRequire } from 'node:module';
import { serveDir, emulateLink } from './static_server.mjs';

const require = createRequire(path.resolve('tests/e2e/package.json'));
const { chromium } = require('playwright-core');

/** Debian's headless Chromium with what could run in the background turned off. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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

// Browser benchmark: the release dist/ in Debian's headless Chromium on loopback.
// Prints figures (it asserts nothing): cold load to interactive (median of N fresh loads), decode +
// render of a 4 KB token per keystroke (median, p95), the longest main-thread block while pasting
// 1 MiB, WebCrypto verify per op (the browser's native ceiling for the same operations), a key
// pressed in the Encoder's payload per signing algorithm, the Flows server switched to RS256, and
// the Debugger's time control moved with a sample token and its key.
// Usage: node bench/browser.mjs [dist-dir] [loads]
import fs from 'node:fs';
import path from 'node:path';
import { serveDir, emulateLink } from './static_server.mjs';
import { pasteUntilDrawn, loadMarks, loadTimes, appStarted, keystrokeEdits, typedKeystrokes, encoderKeystrokes, flowsRsaSwitch, timeControlSteps } from './probes.mjs';
import { launchChromium, median } from './ab.mjs';

const dist = path.resolve(process.argv[2] ?? 'dist');
const loads = Number(process.argv[3] ?? 10);
const { server, base } = await serveDir(dist);
const token4k = fs.readFileSync(path.resolve('bench/token-4k.txt'), 'utf8').trim();

const browser = await launchChromium();
const expectValue = async (loc, v) => { for (let i = 0; i < 100 && (await loc.inputValue()) !== v; i++) await new Promise((r) => setTimeout(r, 5)); };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]; };
const out = [];
const row = (name, value, goal) => out.push([name, value, goal]);
/** A page in a fresh context (empty cache, no service worker), the app started in it. */
const startedPage = async () => {
  const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
  await page.goto(base + 'index.html');
  await appStarted(page);
  return page;
};

// 1. Cold load: a fresh context (empty cache, no service worker) each time. The points of the load
//    are noted in the page (`loadMarks` in probes.mjs; Playwright's round trips not counted):
//    - the token field on screen, taking input: the first contentful paint. The release page's
//      prerendered first screen (scripts/prerender.mjs) is drawn from its HTML, its field taking
//      typing and pasting before the app has started; what is typed there is decoded once it has;
//    - the app mounted (its own field in the page), and its first frame drawn (the start of the
//      frame after it: the page as the app draws it is on screen).
const times = { onScreen: [], field: [], app: [], appDrawn: [], typed: [] };
for (let i = 0; i < loads; i++) {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.addInitScript(loadMarks);
  await page.goto(base + 'index.html', { waitUntil: 'commit' });
  const t = await loadTimes(page);
  for (const k of ['onScreen', 'field', 'app', 'appDrawn']) times[k].push(t[k]);
  await ctx.close();
}
// The same loads, through Playwright: the field found, a key pressed in it and read back.
for (let i = 0; i < Math.min(loads, 10); i++) {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.goto(base + 'index.html', { waitUntil: 'commit' });
  const box = page.getByLabel('Encoded token');
  await box.press('a');
  await expectValue(box, 'a');
  times.typed.push(await page.evaluate(() => performance.now()));
  await ctx.close();
}
const ms = (xs) => `${median(xs).toFixed(0)} ms`;
row(`cold load: token field on screen, taking input (first contentful paint; median of ${loads})`, ms(times.onScreen), '≤ 150 ms');
row('cold load: token field in the page (parsed from the HTML)', ms(times.field), '');
row('cold load: app mounted / its first frame drawn', `${ms(times.app)} / ${ms(times.appDrawn)}`, '');
row('cold load: first key typed and read back, via Playwright', ms(times.typed), '');

// 1a. The same over a link like a good mobile or home connection (Chromium throttles to 10 Mbit/s
//     and 40 ms round trips), with the files sent as their brotli copies, as from a real host:
//     here the bytes of the first load count, which loopback hides.
{
  const { server: brServer, base: brBase } = await serveDir(dist, { brotli: true });
  const slow = { onScreen: [], app: [] };
  for (let i = 0; i < 10; i++) {
    const ctx = await browser.newContext({ serviceWorkers: 'block' });
    const page = await ctx.newPage();
    await emulateLink(ctx, page, 10_000, 40);
    await page.addInitScript(loadMarks);
    await page.goto(brBase + 'index.html', { waitUntil: 'commit' });
    const t = await loadTimes(page);
    slow.onScreen.push(t.onScreen);
    slow.app.push(t.app);
    await ctx.close();
  }
  brServer.close();
  row('cold load over 10 Mbit/s, 40 ms RTT, brotli: token field on screen / app mounted (median of 10)', `${ms(slow.onScreen)} / ${ms(slow.app)}`, '');
}

// 1b. The first token pasted after a cold load: V8 compiles each wasm function the first time it
//     runs, so the first decode and render of a page cost more than any later one. Two figures:
//     the longest task (what blocks input), and the time until the frame showing all of it (the
//     claims table last) is drawn.
const firstBlock = [], firstDrawn = [];
for (let i = 0; i < 5; i++) {
  const page = await startedPage();
  await page.waitForTimeout(300);
  const { longest: block, drawn } = await page.evaluate(pasteUntilDrawn, { token: token4k, timeoutMs: 5000, settleMs: 300 });
  firstBlock.push(block);
  firstDrawn.push(drawn);
  await page.context().close();
}
row('4 KB token pasted first after load: longest task / drawn (median of 5)', `${median(firstBlock).toFixed(0)} / ${median(firstDrawn).toFixed(0)} ms`, '');

// 2. Keystrokes (`keystrokeEdits` in probes.mjs): script alone, and script + layout, for claim edits
// and raw base64url edits. The first 30 edits after load are reported apart: V8 starts every wasm
// function in its baseline compiler and moves the hot ones to its optimising compiler while they
// run, which takes about 25 edits here. The figures after that are the steady state. They come
// from KEYSTROKE_PAGES fresh pages (5 unless set), pooled: one page's median moved by up to half a
// millisecond from one run to the next on this shared machine (2026-11-24).
// Then, in the same pages, keys pressed in the field (`typedKeystrokes`, since 2026-11-24, fourth
// session): setting the field's whole value from script, as `keystrokeEdits` does, makes the field
// lay out all its text again, which a typed key does inside the browser's own text editing,
// before the app hears of it. A key pressed is split into that editing (keydown → input event)
// and the app's decode + render (input event → updated and laid out).
const WARM = 30;
const EDITS = 100;
const KEYSTROKE_PAGES = Number(process.env.KEYSTROKE_PAGES ?? 5);
const keystrokes = {
  claim: { script: [], layout: [], first: [] },
  base64url: { script: [], layout: [], first: [] },
};
const typedModes = ['claim', 'base64url', 'caret'];
const typed = Object.fromEntries(typedModes.map((m) => [m, { editing: [], render: [], total: [] }]));
// The last page stays open for 3 and 4.
let page;
for (let i = 0; i < KEYSTROKE_PAGES; i++) {
  if (page) await page.context().close();
  page = await startedPage();
  const got = await page.evaluate(keystrokeEdits, { token: token4k, warm: WARM, edits: EDITS });
  for (const mode of ['claim', 'base64url']) for (const k of ['script', 'layout', 'first']) keystrokes[mode][k].push(...got[mode][k]);
  const keys = await typedKeystrokes(page, { token: token4k, warm: WARM, edits: EDITS });
  for (const mode of typedModes) for (const k of ['editing', 'render', 'total']) typed[mode][k].push(...keys[mode][k]);
}
const pooled = `${KEYSTROKE_PAGES} pages × ${EDITS - WARM}`;
for (const mode of ['claim', 'base64url']) {
  const { script, layout } = keystrokes[mode];
  row(`4 KB token, ${mode} edit (${pooled}): script, median / p95`, `${median(script).toFixed(2)} / ${p95(script).toFixed(2)} ms`, '');
  row(`4 KB token, ${mode} edit (${pooled}): script + layout, median / p95`, `${median(layout).toFixed(2)} / ${p95(layout).toFixed(2)} ms`, mode === 'claim' ? 'median ≤ 2 ms' : '');
}
const typedRows = [['editing', "the browser's text editing (keydown → input event)"], ['render', 'decode + render (input event → laid out)'], ['total', 'keydown → laid out']];
for (const mode of typedModes) {
  for (const [k, what] of typedRows) {
    const xs = typed[mode][k];
    row(`4 KB token, key pressed, ${mode === 'caret' ? 'typed at the caret and deleted' : `${mode} edit`} (${pooled}): ${what}, median / p95`, `${median(xs).toFixed(2)} / ${p95(xs).toFixed(2)} ms`, mode === 'claim' && k === 'render' ? 'median ≤ 2 ms' : '');
  }
}
{
  const { first } = keystrokes.claim;
  row(`4 KB token, first ${WARM} claim edits after load (${KEYSTROKE_PAGES} pages): script + layout, median / max`, `${median(first).toFixed(2)} / ${Math.max(...first).toFixed(2)} ms`, '');
}

// 3. A 1 MiB paste: the longest main-thread block, in the page the keystrokes above warmed up
//    (as before 2026-11-24), and as the first input of a fresh page (V8 compiles the code it
//    runs then; median of 3 pages).
const pasteMiB = async () => {
  const blocks = [];
  const obs = new PerformanceObserver((l) => l.getEntries().forEach((e) => blocks.push(e.duration)));
  obs.observe({ entryTypes: ['longtask'] });
  const part = 'eyJhbGciOiJIUzI1NiJ9';
  const big = (part.repeat(Math.ceil((1 << 20) / part.length))).slice(0, 1 << 20);
  const box = document.querySelector('textarea');
  const t0 = performance.now();
  box.value = big;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  const syncMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 1500));
  obs.disconnect();
  return { syncMs, longest: Math.max(0, ...blocks), count: blocks.length };
};
const paste = await page.evaluate(pasteMiB);
row('1 MiB paste, after the keystrokes: longest main-thread block', `${Math.max(paste.longest, paste.syncMs).toFixed(0)} ms (${paste.count} long tasks)`, '≤ 100 ms');
const freshPastes = [];
for (let i = 0; i < 3; i++) {
  const fresh = await startedPage();
  const p = await fresh.evaluate(pasteMiB);
  freshPastes.push(Math.max(p.longest, p.syncMs));
  await fresh.context().close();
}
row('1 MiB paste, first input of a fresh page: longest main-thread block (median of 3)', `${median(freshPastes).toFixed(0)} ms`, '≤ 100 ms');

// 4. WebCrypto verify per op: the browser's native ceiling for the same operations.
const webcrypto = await page.evaluate(async () => {
  const enc = new TextEncoder().encode('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ');
  const s = crypto.subtle;
  const res = {};
  const timeit = async (name, f) => {
    await f();
    let n = 0; const t0 = performance.now();
    while (performance.now() - t0 < 300 || n < 5) { await f(); n++; }
    res[name] = ((performance.now() - t0) * 1000) / n;
  };
  const hk = await s.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const hs = await s.sign('HMAC', hk, enc);
  await timeit('verify_HS256', () => s.verify('HMAC', hk, hs, enc));
  const rk = await s.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, false, ['sign', 'verify']);
  const rs = await s.sign('RSASSA-PKCS1-v1_5', rk.privateKey, enc);
  await timeit('verify_RS256', () => s.verify('RSASSA-PKCS1-v1_5', rk.publicKey, rs, enc));
  const ek = await s.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const es = await s.sign({ name: 'ECDSA', hash: 'SHA-256' }, ek.privateKey, enc);
  await timeit('verify_ES256', () => s.verify({ name: 'ECDSA', hash: 'SHA-256' }, ek.publicKey, es, enc));
  try {
    const dk = await s.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    const ds = await s.sign('Ed25519', dk.privateKey, enc);
    await timeit('verify_EdDSA', () => s.verify('Ed25519', dk.publicKey, ds, enc));
  } catch { res.verify_EdDSA = NaN; }
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) await s.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign']);
  res.keygen_RSA2048 = ((performance.now() - t0) * 1000) / 3;
  return res;
});
for (const [k, v] of Object.entries(webcrypto)) console.log(`WEBCRYPTO ${k} ${v.toFixed(1)}`);

// 5. Keys pressed in the Encoder's payload (`encoderKeystrokes` in probes.mjs, since 2026-11-24,
//    seventh session): each key signs the token again, so the algorithm's signing cost is in every
//    keystroke there. Fresh pages opened on `#encoder`, 30 keys per algorithm after 10.
const ENCODER_ALGS = ['HS256', 'RS256', 'ES256', 'EdDSA'];
const encoderPages = 3;
const encoderKeys = Object.fromEntries(ENCODER_ALGS.map((a) => [a, []]));
for (let i = 0; i < encoderPages; i++) {
  const enc = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
  await enc.goto(base + 'index.html#encoder');
  await enc.getByLabel('Payload', { exact: true }).waitFor();
  const got = await encoderKeystrokes(enc, { algs: ENCODER_ALGS, warm: 10, edits: 40 });
  for (const a of ENCODER_ALGS) encoderKeys[a].push(...got[a]);
  await enc.context().close();
}
row(`Encoder, key pressed in the payload (${encoderPages} pages × 30 per algorithm): sign + render, median ${ENCODER_ALGS.join(' / ')}`, ENCODER_ALGS.map((a) => median(encoderKeys[a]).toFixed(1)).join(' / ') + ' ms', '');

// 6. The Flows section's simulated server switched to RS256 (`flowsRsaSwitch` in probes.mjs, since
//    2026-11-24, seventh session): its RSA key is made then, by WebCrypto off the page's thread.
const flowsSwitch = { longest: [], ready: [] };
for (let i = 0; i < 3; i++) {
  const fl = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
  await fl.goto(base + 'index.html#flows&flow=client-credentials');
  await fl.getByText(/^Step 1 of \d+$/).waitFor();
  const got = await flowsRsaSwitch(fl);
  flowsSwitch.longest.push(got.longest);
  flowsSwitch.ready.push(got.ready);
  await fl.context().close();
}
row('Flows, server switched to RS256 (its key made): longest main-thread task / run shown (median of 3)', `${median(flowsSwitch.longest).toFixed(0)} / ${median(flowsSwitch.ready).toFixed(0)} ms`, '');

// 7. The Debugger's time control moved with a sample token and its key (`timeControlSteps` in
//    probes.mjs, since 2026-11-24, seventh session): the same token analysed again.
const TIME_SAMPLES = ['hs256', 'es256', 'es512'];
const timeSteps = Object.fromEntries(TIME_SAMPLES.map((t) => [t, []]));
for (let i = 0; i < 2; i++) {
  for (const sample of TIME_SAMPLES) {
    const tp = await startedPage();
    timeSteps[sample].push(...(await timeControlSteps(tp, { sample, warm: 10, steps: 40 })));
    await tp.context().close();
  }
}
row(`Debugger, time control moved, sample token and its key (2 pages × 30): script + layout, median ${TIME_SAMPLES.join(' / ')}`, TIME_SAMPLES.map((t) => median(timeSteps[t]).toFixed(1)).join(' / ') + ' ms', '');

await browser.close();
server.close();
console.log('\nBrowser benchmark (release dist/, headless Chromium, loopback)');
for (const [name, value, goal] of out) console.log(`  ${name.padEnd(52)} ${String(value).padStart(26)}   goal ${goal}`);

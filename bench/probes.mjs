// Functions run in the page by the benchmarks (`page.evaluate(fn, arg)`): each is self-contained,
// as Playwright sends its source text.

// Pastes `token` into the token field (its value set and an input event), after a pointer over
// the field `intentMs` earlier when that is set, and waits for the frame in which the last part of
// the Debugger to appear (the claims table) is painted: the next animation frame after it is on
// the page (giving up after `timeoutMs`). Returns the milliseconds from the paste to that frame,
// and the longest task seen until `settleMs` after it.
export async function pasteUntilDrawn({ token, intentMs = 0, timeoutMs = 10000, settleMs = 0 }) {
  const blocks = [];
  const obs = new PerformanceObserver((l) => l.getEntries().forEach((e) => blocks.push(e.duration)));
  obs.observe({ entryTypes: ['longtask'] });
  const box = document.querySelector('textarea');
  if (intentMs) {
    box.dispatchEvent(new PointerEvent('pointerenter'));
    await new Promise((r) => setTimeout(r, intentMs));
  }
  const t0 = performance.now();
  box.value = token;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  const claimsShown = () => [...document.querySelectorAll('table caption')]
    .some((c) => c.textContent === 'Claims' && c.closest('table').getBoundingClientRect().height > 0);
  while (!claimsShown() && performance.now() - t0 < timeoutMs) await new Promise((r) => requestAnimationFrame(() => r()));
  await new Promise((r) => requestAnimationFrame(() => r()));
  const drawn = performance.now() - t0;
  if (settleMs) await new Promise((r) => setTimeout(r, settleMs));
  obs.disconnect();
  return { drawn, longest: Math.max(0, ...blocks) };
}

// An init script (`page.addInitScript(loadMarks)`) that notes, in `window.__t`, when a cold load
// reaches each point (ms from navigation start):
// - `field`: the token field is in the page. In a build with the prerendered first screen
//   (scripts/prerender.mjs) that is its field, parsed with the HTML; it takes input from then on.
// - `onScreen`: the first contentful paint, or `field` if that is later: the field is drawn.
// - `inst`: the main wasm module is instantiated (the first `instantiateStreaming` to finish).
// - `app`: the app's own token field is in the page (the app has mounted; in a build without the
//   prerendered screen this is `field`).
export function loadMarks() {
  const t = (window.__t = {});
  const is = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (...a) => { const r = await is(...a); t.inst ??= performance.now(); return r; };
  new PerformanceObserver((l) => l.getEntries().forEach((e) => { if (e.name === 'first-contentful-paint') t.fcp = e.startTime; }))
    .observe({ type: 'paint', buffered: true });
  new MutationObserver((_, obs) => {
    const field = document.querySelector('textarea');
    if (!field) return;
    if (t.field === undefined) {
      t.field = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() => { t.drawn = performance.now(); }));
    }
    if (!document.getElementById('tl-prerendered')) {
      t.app = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() => { t.appDrawn = performance.now(); }));
      obs.disconnect();
    }
  }).observe(document, { subtree: true, childList: true });
}

// After `loadMarks`: waits until the app has mounted and its first contentful paint is known,
// and returns `window.__t` with `onScreen` set. It asks the page every 50 ms with a bare
// `evaluate`: Playwright's selector engine (`waitFor`, `waitForFunction`) would be injected into
// the page and run on its main thread during the load being measured (about 20 ms, traced).
export async function loadTimes(page) {
  for (let i = 0; i < 400; i++) {
    const t = await page.evaluate(() => window.__t);
    if (t?.appDrawn !== undefined && t?.drawn !== undefined && t?.fcp !== undefined) return { ...t, onScreen: Math.max(t.field, t.fcp) };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('loadTimes: the app did not mount within 20 s');
}

// Waits until the app has started: its own token field is in the page, in place of the
// prerendered one (a build without the prerendered screen: the field is there).
export async function appStarted(page) {
  await page.waitForFunction(() => document.querySelector('textarea') && !document.getElementById('tl-prerendered'));
}

// Edits of a 4 KB token in the token field, one keystroke each: the field's value set and its
// input event, then every update the app schedules (Leptos runs effects in microtasks, which all
// finish before the browser renders), then a forced style + layout. Two kinds of edit: a claim
// value changed in the decoded JSON (the token stays well formed), and a raw base64url character
// changed mid-payload (which may break the JSON, the worst case for the panes). Returns per kind
// the milliseconds of script alone and of script + layout for the edits after the first `warm`,
// and (claim edits only) script + layout for the first `warm`.
export async function keystrokeEdits({ token, warm, edits }) {
  const box = document.querySelector('textarea');
  const [h, p, s] = token.split('.');
  const json = atob(p.replace(/-/g, '+').replace(/_/g, '/'));
  const b64u = (t) => btoa(t).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const out = {};
  for (const mode of ['claim', 'base64url']) {
    const script = [], layout = [], first = [];
    for (let i = 0; i < edits; i++) {
      let edited;
      if (mode === 'claim') edited = `${h}.${b64u(json.replace('value', `valu${i % 2 ? 'E' : 'e'}${i}`))}.${s}`;
      else {
        const at = Math.floor(token.length / 2) + (i % 10);
        edited = token.slice(0, at) + (i % 2 ? 'A' : 'B') + token.slice(at + 1);
      }
      const t0 = performance.now();
      box.value = edited;
      box.dispatchEvent(new Event('input', { bubbles: true }));
      for (let k = 0; k < 200; k++) await Promise.resolve();
      const t1 = performance.now();
      void document.body.offsetHeight;
      const t2 = performance.now();
      if (mode === 'claim' && i < warm) first.push(t2 - t0);
      else if (i >= warm) { script.push(t1 - t0); layout.push(t2 - t0); }
      await new Promise((r) => requestAnimationFrame(() => r()));
      await new Promise((r) => setTimeout(r, 10));
    }
    out[mode] = { script, layout, first };
  }
  return out;
}

// Keys pressed in the token field, as a user types (unlike `keystrokeEdits`, which sets the
// field's whole value from script): the browser edits the field's text itself, then the app gets
// its input event. Run from Node (`typedKeystrokes(page, …)`, not `page.evaluate`): each edit
// selects one character of the field, waits for a frame, and presses the key that replaces it
// (Playwright's `keyboard.press`, through the DevTools protocol as real key events). In the page,
// listeners on `window` note the time at `keydown` (capture, before anything else), at `input`
// (capture, before the app's own listener on the field, so after the browser's text editing),
// and at `input` again in the bubble phase, after the app's listener and the microtasks it
// queued (Leptos's effects), then after a forced style + layout. Two kinds of edit, in pairs (the
// second puts the first character back): a claim edit (a letter in a claim's value changed
// case, one base64url character, so the token stays well formed) and a raw base64url character
// changed mid-payload (which may break the JSON); and (`caret`, since 2026-11-24, fifth session)
// a character typed at the caret mid-payload, then deleted with Backspace: the token's length
// changes, so its payload does not decode until the Backspace. Returns per kind, for the edits after the
// first `warm`: `editing` (keydown → input event: the browser's text editing of the field),
// `render` (input event → updated and laid out: the app's decode + render) and `total`.
export async function typedKeystrokes(page, { token, warm, edits }) {
  await page.evaluate(() => {
    window.__typed = [];
    let t0 = null;
    let tInput = 0;
    addEventListener('keydown', () => { t0 = performance.now(); }, true);
    addEventListener('input', () => { tInput = performance.now(); }, true);
    addEventListener('input', async () => {
      if (t0 === null) return;
      const start = t0;
      t0 = null;
      for (let k = 0; k < 200; k++) await Promise.resolve();
      void document.body.offsetHeight;
      const end = performance.now();
      window.__typed.push({ editing: tInput - start, render: end - tInput, total: end - start });
    });
  });
  // Where one typed character toggles the case of a letter inside a claim's string value: the
  // letter is the first byte of a base64 group, whose 0x20 bit is in the group's first character.
  const [h, p] = token.split('.');
  const json = Buffer.from(p, 'base64url').toString('latin1');
  const claimAt = [];
  for (const m of json.matchAll(/:"([^"\\]{8,})"/g)) {
    if (claimAt.length === 10) break;
    for (let o = m.index + 2; o < m.index + m[0].length - 1; o++) {
      if (o % 3 || !/[a-z]/.test(json[o])) continue;
      const q = Buffer.from(json.slice(0, o) + json[o].toUpperCase() + json.slice(o + 1), 'latin1').toString('base64url');
      const c = (o / 3) * 4;
      if (q.slice(0, c) === p.slice(0, c) && q.slice(c + 1) === p.slice(c + 1)) {
        claimAt.push({ at: h.length + 1 + c, to: q[c] });
        break;
      }
    }
  }
  if (claimAt.length < 10) throw new Error(`typedKeystrokes: only ${claimAt.length} claim values to edit in the token`);
  const out = {};
  for (const mode of ['claim', 'base64url', 'caret']) {
    await page.evaluate(pasteUntilDrawn, { token, timeoutMs: 5000 });
    const seen = { editing: [], render: [], total: [] };
    for (let i = 0; i < edits; i++) {
      const pair = Math.floor(i / 2) % 10;
      let at, to;
      let width = 1;
      if (mode === 'claim') ({ at, to } = claimAt[pair]);
      else if (mode === 'base64url') {
        at = Math.floor(token.length / 2) + pair;
        to = token[at] === 'B' ? 'C' : 'B';
      } else {
        // A character typed at the caret mid-payload, then deleted with Backspace.
        at = Math.floor(token.length / 2) + pair * 37 + (i % 2);
        to = i % 2 ? 'Backspace' : 'x';
        width = 0;
      }
      if (i % 2 && mode !== 'caret') to = token[at];
      await page.evaluate(({ at, width }) => {
        const box = document.querySelector('textarea');
        box.focus();
        box.setSelectionRange(at, at + width);
        return new Promise((r) => requestAnimationFrame(() => setTimeout(r, 10)));
      }, { at, width });
      await page.keyboard.press(to);
      const m = await page.evaluate(() => window.__typed.pop());
      if (!m) throw new Error('typedKeystrokes: the key press gave no input event');
      if (i >= warm) for (const k of Object.keys(seen)) seen[k].push(m[k]);
    }
    const now = await page.evaluate(() => document.querySelector('textarea').value);
    if (now !== token) throw new Error('typedKeystrokes: the field does not hold the token again after the edits');
    out[mode] = seen;
  }
  return out;
}

// Keys pressed in the Encoder's payload editor, for each algorithm in `algs` (since 2026-11-24,
// seventh session): the Encoder signs the token again on every keystroke, and the findings under
// it analyse that token with the key, so with an RSA or EC key a key pressed costs a signature
// (RSA-2048 about 15 ms in wasm here) on top of the redraw. Run from Node on a page showing the
// Encoder (`#encoder`). For each algorithm it picks it (the Encoder makes a key that fits), waits
// for the token, then presses `edits` keys, each replacing one letter of the payload's "sub"
// value by the same letter in the other case (the JSON stays valid, so each key signs), and times
// from the input event (capture) to the app's work done and laid out, as `typedKeystrokes`'
// `render`. Since 2026-11-24, eighth session, the Encoder's RSA signatures come from WebCrypto,
// whose answer arrives in a later task: so the time runs until the new token is in the page
// (a `MutationObserver` on the token, after the app's microtasks), then its work done and laid
// out. Returns `{ [alg]: [ms, …] }` for the keys after the first `warm`.
export async function encoderKeystrokes(page, { algs, warm, edits }) {
  await page.evaluate(() => {
    window.__encoderKeys = [];
    let tInput = null;
    let before = null;
    addEventListener('input', () => {
      tInput = performance.now();
      before = document.getElementById('tl-encoder-token')?.textContent;
    }, true);
    const settled = async () => { for (let k = 0; k < 200; k++) await Promise.resolve(); };
    addEventListener('input', async () => {
      if (tInput === null) return;
      const start = tInput;
      tInput = null;
      const out = document.getElementById('tl-encoder-token');
      await settled();
      if (out && out.textContent === before) {
        await new Promise((resolve) => {
          const done = () => { mo.disconnect(); clearTimeout(timer); resolve(); };
          const mo = new MutationObserver(() => { if (out.textContent !== before) done(); });
          mo.observe(out, { subtree: true, childList: true, characterData: true });
          const timer = setTimeout(done, 2000);
        });
        await settled();
      }
      void document.body.offsetHeight;
      window.__encoderKeys.push(performance.now() - start);
    });
  });
  const token = page.getByLabel('Signed token', { exact: true });
  const out = {};
  for (const alg of algs) {
    await page.getByLabel('Algorithm', { exact: true }).selectOption(alg);
    const algOf = (t) => { try { return JSON.parse(Buffer.from(t.split('.')[0], 'base64url').toString()).alg; } catch { return null; } };
    for (let waited = 0; algOf((await token.textContent()) ?? '') !== alg; waited += 50) {
      if (waited > 20000) throw new Error(`encoderKeystrokes: no ${alg} token after 20 s`);
      await page.waitForTimeout(50);
    }
    const times = [];
    for (let i = 0; i < edits; i++) {
      const before = await token.textContent();
      await page.evaluate(() => {
        const box = [...document.querySelectorAll('label')].find((l) => l.textContent.trim() === 'Payload').control;
        box.focus();
        const at = box.value.search(/"sub": *"/) + box.value.slice(box.value.search(/"sub": *"/)).indexOf('"', 6) + 1;
        box.setSelectionRange(at, at + 1);
        return new Promise((r) => requestAnimationFrame(() => setTimeout(r, 10)));
      });
      const ch = await page.evaluate(() => { const b = document.activeElement; return b.value[b.selectionStart]; });
      await page.keyboard.press(ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase());
      const ms = await page.evaluate(() => window.__encoderKeys.pop());
      if (ms === undefined) throw new Error('encoderKeystrokes: the key press gave no input event');
      if ((await token.textContent()) === before) throw new Error(`encoderKeystrokes: ${alg}: the token did not change with the payload`);
      if (i >= warm) times.push(ms);
    }
    out[alg] = times;
  }
  return out;
}

// The Flows section's simulated server switched to RS256 (since 2026-11-24, seventh session):
// its RSA-2048 key is made on first use. Run from Node on a page showing a flow (`#flows&…`, step
// 1 on screen). Picks RS256 in "Server signs with" and waits for the run to start again with it
// (the status gone, step 1 shown, `alg=RS256` in the fragment). Returns the longest main-thread
// task meanwhile (long-task observer, 0 when none reached 50 ms) and the time from the pick to the
// run shown (Playwright's round trips included).
export async function flowsRsaSwitch(page) {
  await page.evaluate(() => {
    window.__flowsTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__flowsTasks.push(e.duration))).observe({ entryTypes: ['longtask'] });
  });
  const t0 = Date.now();
  await page.getByLabel('Server signs with').selectOption('RS256');
  await page.waitForFunction(() => !document.body.innerText.includes("Generating the simulated server's RSA key")
    && /Step 1 of \d+/.test(document.body.innerText) && location.hash.endsWith('alg=RS256'), null, { timeout: 30000 });
  const ready = Date.now() - t0;
  await page.waitForTimeout(300);
  return { longest: await page.evaluate(() => Math.max(0, ...window.__flowsTasks)), ready };
}

// The Debugger's time control moved (since 2026-11-24, seventh session): the token and its key
// stay, so the page analyses the same token again (claims, timeline, and the signature, whose
// verdict `LastKey` keeps). Run from Node on a started page: picks the sample token `sample`
// (token and key), then sets the "shift the clock" slider `steps` times from script (value and
// input event) and times each to the app's work done and laid out. Returns the times after the
// first `warm`.
export async function timeControlSteps(page, { sample, warm, steps }) {
  await page.getByLabel('Sample token').selectOption(sample);
  await page.waitForTimeout(1500);
  return page.evaluate(async ({ warm, steps }) => {
    const slider = document.getElementById('tl-dbg-shift');
    if (!slider) throw new Error('timeControlSteps: no time slider');
    const times = [];
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      slider.value = String(Number(slider.min) + (((i * 7) % 50) * (Number(slider.max) - Number(slider.min))) / 50);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      for (let k = 0; k < 200; k++) await Promise.resolve();
      void document.body.offsetHeight;
      if (i >= warm) times.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 5)));
    }
    return times;
  }, { warm, steps });
}

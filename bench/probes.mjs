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

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

// Keystrokes in a 4 KB token for two (or more) release builds, interleaved page by page:
// `node bench/ab_keystroke.mjs <dist-a> <dist-b> [pages]`. Each page is loaded, the app started,
// and 100 claim edits and 100 raw base64url edits made (`keystrokeEdits` in probes.mjs, as in
// browser.mjs); the first 30 of each kind are left out (V8 still optimising the wasm). Prints the
// medians over all pages of script alone and script + layout. Figures, not pass/fail.
// `AB_TYPED=1`: keys pressed in the field instead (`typedKeystrokes` in probes.mjs), the medians of
// the browser's text editing, the app's decode + render, and both, for the two kinds of edit and
// for a character typed at the caret and deleted (`caret`).
import fs from 'node:fs';
import path from 'node:path';
import { abArgs, interleaved, median } from './ab.mjs';
import { appStarted, keystrokeEdits, typedKeystrokes } from './probes.mjs';

const ab = abArgs('ab_keystroke.mjs', 6);
const token = fs.readFileSync(path.resolve('bench/token-4k.txt'), 'utf8').trim();
const typed = !!process.env.AB_TYPED;
const kinds = typed ? ['claim', 'base64url', 'caret'] : ['claim', 'base64url'];
const figures = typed ? ['editing', 'render', 'total'] : ['script', 'layout'];
const names = { script: 'script', layout: 'script + layout', editing: 'editing', render: 'decode + render', total: 'total' };
const seen = ab.dists.map(() => Object.fromEntries(kinds.map((k) => [k, Object.fromEntries(figures.map((f) => [f, []]))])));
await interleaved(ab, async ({ page, base, build }) => {
  await page.goto(base + 'index.html');
  await appStarted(page);
  const args = { token, warm: 30, edits: 100 };
  const out = typed ? await typedKeystrokes(page, args) : await page.evaluate(keystrokeEdits, args);
  for (const k of kinds) for (const f of figures) seen[build][k][f].push(...out[k][f]);
});
ab.dists.forEach((d, j) => {
  const line = kinds.map((k) => `${k} edit: ${figures.map((f) => `${names[f]} ${median(seen[j][k][f]).toFixed(2)}`).join(', ')} ms`);
  console.log(`${d}: ${line.join('; ')} (medians of ${ab.loads} pages × 70 ${typed ? 'keys pressed' : 'edits'})`);
});

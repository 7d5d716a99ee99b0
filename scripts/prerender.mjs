// Prerenders the Debugger's first screen into a release build's index.html (called by
// scripts/postbuild.py, after the split, the inlining and the CSP, before the service worker).
//
// Why: until the wasm is compiled and the app has mounted (about 150 ms after the HTML on a
// loopback cold load, more on a slow link), a page that only mounts shows nothing. With the first
// screen in the HTML, the page is drawn as soon as it is parsed and its token field takes typing
// and pasting at once; the app replaces the screen when it starts and carries over the field's
// text, focus and selection (src/prerendered.rs).
//
// How: the built app itself is loaded in headless Chromium (light theme, empty storage, no
// service worker), and its DOM, once every module of the first screen is loaded, is saved: no
// hand-written copy that could drift from the app. Leptos's position markers (empty comments) are
// dropped; every control but the token field is `disabled`, since nothing is behind it yet.
//
// Usage: node scripts/prerender.mjs DIR   (DIR: the build, index.html edited in place)
// Exits with 3, changing nothing, when Playwright or Chromium is not installed (scripts/setup.sh
// --test installs both); postbuild.py then warns and ships the build without the screen.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? 'dist');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let chromium;
try {
  ({ chromium } = createRequire(path.join(root, 'tests/e2e/package.json'))('playwright-core'));
} catch {
  console.error('prerender: playwright-core is not installed (scripts/setup.sh --test installs it)');
  process.exit(3);
}
if (!fs.existsSync(chromiumPath)) {
  console.error(`prerender: no Chromium at ${chromiumPath} (scripts/setup.sh --test installs it)`);
  process.exit(3);
}

const { serveDir } = await import(path.join(root, 'bench/static_server.mjs'));
const indexPath = path.join(dir, 'index.html');
const index = fs.readFileSync(indexPath, 'utf8');
if (index.includes('id="tl-prerendered"')) throw new Error('prerender: index.html already has a prerendered screen');

const { server, base } = await serveDir(dir);
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
let screen;
try {
  const ctx = await browser.newContext({ serviceWorkers: 'block', colorScheme: 'light' });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(base + 'index.html');
  await page.getByLabel('Encoded token').waitFor({ state: 'visible', timeout: 30_000 });
  // The Debugger's decoding code is fetched right after the first frame; let it settle.
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  if (errors.length) throw new Error(`prerender: the app reported errors:\n${errors.join('\n')}`);
  screen = await page.evaluate(() => {
    const live = [...document.querySelectorAll('textarea')].find((t) => t.labels?.[0]?.textContent.trim() === 'Encoded token');
    const box = document.createElement('div');
    for (const node of document.body.childNodes) {
      if (node.nodeType === Node.ELEMENT_NODE && ['NOSCRIPT', 'SCRIPT'].includes(node.tagName)) continue;
      if (node.nodeType === Node.TEXT_NODE && !node.textContent.trim()) continue;
      box.appendChild(node.cloneNode(true));
    }
    // Leptos's markers: meaningless in static HTML, and inside a <textarea> they would be its text.
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_COMMENT);
    const comments = [];
    while (walker.nextNode()) comments.push(walker.currentNode);
    comments.forEach((c) => c.remove());
    const field = live?.id ? box.querySelector(`#${CSS.escape(live.id)}`) : null;
    for (const control of box.querySelectorAll('button, select, input, textarea')) {
      if (control !== field) control.setAttribute('disabled', '');
    }
    return {
      html: box.innerHTML,
      fieldId: field?.id ?? '',
      enabled: box.querySelectorAll('button:not([disabled]), select:not([disabled]), input:not([disabled]), textarea:not([disabled])').length,
      main: box.querySelectorAll('main').length,
    };
  });
} finally {
  await browser.close();
  server.close();
}

// What the page relies on (src/prerendered.rs): the token field, with an id, is the one control
// that is not disabled.
if (!screen.fieldId || screen.enabled !== 1 || screen.main !== 1) {
  throw new Error(`prerender: unexpected first screen: ${JSON.stringify({ ...screen, html: undefined })}`);
}
// The CSP allows no inline styles or scripts but its hashed ones.
if (/\sstyle=|<script|\son[a-z]+=/i.test(screen.html)) throw new Error('prerender: the first screen has inline style, script or handlers');

const noscript = index.match(/<noscript>[\s\S]*?<\/noscript>/);
if (!noscript) throw new Error('prerender: no <noscript> in index.html to put the screen after');
const html = index.replace(noscript[0], `${noscript[0]}\n    <div id="tl-prerendered">${screen.html}</div>`);
fs.writeFileSync(indexPath, html);
console.log(`prerender: the Debugger's first screen is in index.html (${(screen.html.length / 1024).toFixed(1)} KB of HTML)`);

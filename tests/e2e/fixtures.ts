import { test as base, expect, Page, Request } from '@playwright/test';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** A JSON file of tests/e2e/fixtures/ (tokens and keys made by make-fixtures.mjs), parsed. */
export function readFixture(name: string) {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8'));
}

/** base64url without padding, as in a JWS. */
export const b64u = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** An HS256 token made with Node's crypto (independent of Tokenlab's engine). */
export function hs256(claims: object, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(claims))}`;
  return `${input}.${b64u(crypto.createHmac('sha256', secret).update(input).digest())}`;
}

/**
 * The build's lazily loaded section modules: every .wasm in dist/ but the main `*_bg.wasm`.
 * Opening the Encoder, Keys, PKCE or Flows for the first time fetches that section's modules from
 * the page's own origin (scripts/postbuild.py); that is the app loading its code, and the only
 * request the page may make after it is interactive.
 */
const dist = path.resolve(__dirname, process.env.TOKENLAB_DIST ?? '../../dist');
export const sectionModules = new Set(
  fs.readdirSync(dist).filter((n) => n.endsWith('.wasm') && !n.endsWith('_bg.wasm')),
);

/** A GET of one of the app's own section modules, by name, from `origin`, with no query. */
export function isSectionModule(request: string, origin: string): boolean {
  const [method, url] = request.split(' ');
  const u = new URL(url);
  const name = u.pathname.split('/').pop() ?? '';
  return method === 'GET' && u.origin === origin && u.search === '' && sectionModules.has(name);
}

/** Every request the page made, split at the moment the app became interactive. */
export class RequestLog {
  readonly duringLoad: string[] = [];
  readonly afterLoad: string[] = [];
  private loaded = false;

  constructor(page: Page) {
    page.on('request', (r: Request) => {
      (this.loaded ? this.afterLoad : this.duringLoad).push(`${r.method()} ${r.url()}`);
    });
  }

  markLoaded() {
    this.loaded = true;
  }

  /** Before a deliberate reload: the page's own files may be fetched again. */
  markLoading() {
    this.loaded = false;
  }
}

/**
 * Waits until the app is interactive: the shell and the section are rendered and, where the page
 * registers its offline service worker (http/https), that worker is active — it fetches the
 * page's own files once while installing, which belongs to loading, not to use.
 */
export async function waitInteractive(page: Page) {
  await expect(page.getByText('Everything runs in this page; nothing is sent anywhere.')).toBeVisible();
  await expect(page.getByRole('main')).not.toBeEmpty();
  // The release page is drawn from its prerendered first screen before the app runs; there every
  // control but the token field is disabled. The theme picker, on every section, is enabled once
  // the app has started.
  await expect(page.getByLabel('Theme')).toBeEnabled();
  await page.evaluate(async () => {
    if (!location.protocol.startsWith('http') || !('serviceWorker' in navigator)) return;
    await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 5000))]);
  });
}

/** Reloads the app (a new visit) and waits until it is interactive again. */
export async function reloadApp(page: Page, log: RequestLog) {
  log.markLoading();
  await page.reload();
  await waitInteractive(page);
  log.markLoaded();
}

/** Opens the app and waits until it is interactive (the header and the section are rendered). */
export async function openApp(page: Page, log: RequestLog, fragment = '') {
  await page.goto(`./index.html${fragment}`);
  await waitInteractive(page);
  log.markLoaded();
}

type Fixtures = { requests: RequestLog; cspViolations: string[]; pageErrors: string[] };

/**
 * The privacy guarantee (PRODUCT.md H3) is checked in every test: after the app is interactive the
 * page makes no request but the GET of a section's own code the first time it is opened, and
 * while loading it only fetches its own files from the origin.
 */
export const test = base.extend<Fixtures>({
  cspViolations: [async ({ page }, use) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text());
    });
    await use(violations);
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
  }, { auto: true }],
  // A panic in the app's wasm reaches the page as an uncaught `RuntimeError: unreachable` (the
  // release build aborts on panic); no test may end with one, or with any other uncaught error.
  pageErrors: [async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await use(errors);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  }, { auto: true }],
  requests: [async ({ page, baseURL }, use) => {
    const log = new RequestLog(page);
    await use(log);
    const origin = new URL(baseURL!).origin;
    const foreign = log.duringLoad.filter((r) => !r.split(' ')[1].startsWith(origin) && !r.split(' ')[1].startsWith('data:'));
    expect(foreign, 'requests to other origins while loading').toEqual([]);
    const afterLoad = log.afterLoad.filter((r) => !isSectionModule(r, origin));
    expect(afterLoad, 'requests after the app became interactive').toEqual([]);
  }, { auto: true }],
});

/** Runs axe-core in the page and fails on serious or critical findings. */
export async function expectAxeClean(page: Page) {
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(async () => {
    // @ts-ignore axe is injected above
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n: any) => n.target.join(' ')).slice(0, 5) }));
  });
  const serious = result.filter((v: any) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
}

/** Saves a screenshot as a kept test artifact under test-results/screenshots/. */
export async function keepScreenshot(page: Page, name: string) {
  const dir = path.join(__dirname, 'test-results', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

export { expect };

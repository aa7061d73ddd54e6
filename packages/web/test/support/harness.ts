// The portal's end-to-end harness: the real server (built portal and API, in process, listening
// on a port, on a fresh database with a manual clock) and Debian's Chromium driven by
// playwright-core, one page at a time. Screenshots go to test-results/portal/ (git-ignored).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../../../server/test/support/app.ts';
import { REPO_ROOT } from '../../../server/test/support/server-process.ts';
import { startSmtpPeer, type ReceivedMail } from '../../../server/src/modules/notifications/testing.ts';
import { deliverAllDue } from '../../../server/src/modules/notifications/workers.ts';
import { buildPortal, DIST } from '../../build.ts';
import { CHROMIUM_PATH, ensureChromium } from './chromium.ts';

export const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'portal');
/** Chromium as this machine needs it: no sandbox as root, and no calls home on a closed network. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const PHONE = { width: 375, height: 812 };
/**
 * The server's clock in these flows: fixed, so that every date they show is known, and years
 * ahead of the real date, because the browser drops a session cookie whose expiry (set by the
 * server's clock) is already past by its own, real, clock.
 */
export const E2E_START = '2036-11-21T00:30:00Z';
/** Keys made for the flows stay redeemable past E2E_START. */
export const E2E_REDEEM_BY = '2045-12-31';
/** The largest support-case file here: small, so a flow shows the size refusal without megabytes. */
export const E2E_ATTACHMENT_MAX_BYTES = 64 * 1024;

export interface Portal {
  t: TestApp;
  baseUrl: string;
  /** Delivers every mail due now (as the delivery worker would) and returns those sent to `to`. */
  mailTo(to: string): Promise<ReceivedMail[]>;
  /** A fresh browser context (its own cookies), in a language and a size, with its one page. */
  open(options?: { locale?: 'ja-JP' | 'en-US'; viewport?: { width: number; height: number } }): Promise<Page>;
  /** Runs a flow; when it fails, the page it left is kept as a screenshot named after it. */
  run(name: string, flow: (portal: Portal) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function startPortal(): Promise<Portal> {
  ensureChromium();
  await buildPortal({ ifStale: true });
  const peer = await startSmtpPeer();
  // No sign-in or key-entry limit in the way: every browser here comes from 127.0.0.1.
  const t = await createTestApp({ portalDir: DIST, signInLimitPerMinute: 10_000, keyEntryFailureLimit: 10_000, smtp: { url: peer.url }, attachmentMaxBytes: E2E_ATTACHMENT_MAX_BYTES });
  const baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  // The public URL is where browsers reach this server, known once it listens: mail is written
  // when it is sent, so its links lead here.
  t.ctx.config.publicUrl = baseUrl;
  // playwright-core gives every launch a fresh temporary profile (--user-data-dir) of its own.
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const portal: Portal = {
    t,
    baseUrl,
    async mailTo(to) {
      await deliverAllDue(t.ctx);
      return peer.received.filter((mail) => mail.envelope.to.includes(to));
    },
    async open(options = {}) {
      // One page at a time: the machine has two cores.
      await context?.close();
      context = await browser.newContext({ baseURL: baseUrl, locale: options.locale ?? 'en-US', viewport: options.viewport ?? { width: 1280, height: 900 }, acceptDownloads: true });
      context.setDefaultTimeout(20_000);
      page = await context.newPage();
      watchForProblems(page);
      return page;
    },
    async run(name, flow) {
      try {
        await flow(portal);
      } catch (error) {
        await page?.screenshot({ path: join(SCREENSHOTS, `failed-${name}.png`), fullPage: true }).catch(() => {});
        throw error;
      }
    },
    async close() {
      await context?.close();
      await browser.close();
      await t.close();
      await peer.close();
    },
  };
  return portal;
}

/** What went wrong in each page: uncaught errors and CSP refusals fail the test that caused them. */
const pageProblems = new WeakMap<Page, string[]>();

function watchForProblems(page: Page): void {
  const problems: string[] = [];
  pageProblems.set(page, problems);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
}

function assertNoPageProblems(page: Page): void {
  assert.deepEqual(pageProblems.get(page) ?? [], [], 'the page ran without errors or CSP violations');
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core in the page: no serious or critical violation, and a screenshot of what was checked. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  // Chromium keeps the full page's height as the scroll extent after such a shot, until the
  // window changes: a click then scrolls the page under the pointer between press and release,
  // and is lost. Changing the window size and back restores it.
  const viewport = page.viewportSize();
  if (viewport) {
    await page.setViewportSize({ ...viewport, height: viewport.height + 1 });
    await page.setViewportSize(viewport);
  }
  // Evaluated through the DevTools protocol, which the page's CSP does not govern; the portal's
  // own scripts stay under it.
  await page.evaluate(AXE_SOURCE);
  // Page code as text: it runs in the browser, not under this file's Node types.
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `${name}: accessibility`);
  assertNoPageProblems(page);
}

/** At phone width nothing but a table's own scrolling region is wider than the screen. */
export async function assertFitsWidth(page: Page): Promise<void> {
  const width = await page.evaluate<number>('document.documentElement.scrollWidth');
  assert.ok(width <= PHONE.width, `the page is ${width}px wide at ${PHONE.width}px`);
}

export interface Person {
  email: string;
  password: string;
}

/** Signs in through the sign-in page, whatever the portal's language. */
export async function signIn(page: Page, person: Person, path = '/'): Promise<void> {
  await page.goto(path);
  await page.locator('input[name=email]').fill(person.email);
  await page.locator('input[name=password]').fill(person.password);
  await page.locator('form button[type=submit]').click();
  await page.locator('.site-header').waitFor();
}

/**
 * Moves focus with the Tab key alone until the focused element matches `selector` or is named
 * `name` (its text or aria-label), as a person on a keyboard would; fails if it never is.
 */
export async function tabTo(page: Page, target: { selector?: string; name?: string }, maxPresses = 80): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    const reached = await page.evaluate<boolean>(`((target) => {
      const element = document.activeElement;
      if (!element || element === document.body) return false;
      if (target.selector && !element.matches(target.selector)) return false;
      return !target.name || element.getAttribute('aria-label') === target.name || element.textContent.trim() === target.name;
    })(${JSON.stringify(target)})`);
    if (reached) return;
  }
  assert.fail(`Tab never reached ${JSON.stringify(target)}`);
}

/** On the redemption page (in English): types the keys, has them checked and added, and goes on. */
export async function enterKeys(page: Page, keys: readonly string[]): Promise<void> {
  await page.getByLabel('Product keys', { exact: true }).fill(keys.join('\n'));
  await page.getByRole('button', { name: `Check and add ${keys.length} keys` }).click();
  await page.getByRole('status').filter({ hasText: `${keys.length} keys added.` }).waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
}

/** Makes an API token on the page's API tokens page, as a person would; returns the secret it shows once. */
export async function createApiToken(page: Page, token: { name: string; role: string; valid: string }): Promise<string> {
  const form = page.getByRole('region', { name: 'New token' });
  await form.getByLabel('Name', { exact: true }).fill(token.name);
  await form.getByLabel(token.role).check();
  await form.getByLabel('Valid').selectOption({ label: token.valid });
  await form.getByRole('button', { name: 'Create the token' }).click();
  const shown = form.getByRole('status').filter({ hasText: `The token ${token.name} was created.` });
  await shown.waitFor();
  return (await shown.locator('code').textContent())!;
}

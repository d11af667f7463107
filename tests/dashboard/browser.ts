// Browser test support: builds the dashboard if needed, starts the server, launches Debian's
// chromium, logs in.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type PocketBase from 'pocketbase';
import { buildDashboard } from '../../scripts/build-dashboard.ts';
import {
  type StartOptions,
  startServer,
  TEST_SUPERUSER,
  type TestServer,
  tempDir,
} from '../support/server.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
// CI installs chromium (.ci/run): there a missing browser is an error, never a silent skip.
if (!hasChromium && process.env.CI === 'true')
  throw new Error(`CI=true but ${CHROMIUM} is missing: the dashboard tests must run in CI`);
if (!hasChromium)
  console.warn(`[dashboard tests] skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

const ROOT = resolve(import.meta.dir, '../..');

/** Newest modification time of the files under a directory. */
function newest(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((m, e) => Math.max(m, statSync(join(e.parentPath, e.name)).mtimeMs), 0);
}

/** The server serves dist/dashboard from disk under `bun run`: (re)build when absent or older than its sources. */
export async function ensureDashboardBuilt(): Promise<void> {
  const index = join(ROOT, 'dist/dashboard/index.html');
  const script = statSync(join(ROOT, 'scripts/build-dashboard.ts')).mtimeMs;
  const sources = Math.max(newest(join(ROOT, 'dashboard')), script);
  if (!existsSync(index) || statSync(index).mtimeMs < sources) await buildDashboard();
}

/** A started server that serves the built dashboard. */
export async function startDashboardServer(options?: StartOptions): Promise<TestServer> {
  await ensureDashboardBuilt();
  return startServer(options);
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Screenshots go to a temp dir (printed once); `SCREENSHOTS_DIR` overrides it. */
export const shotsDir = process.env.SCREENSHOTS_DIR ?? tempDir('satchel-shots-');
mkdirSync(shotsDir, { recursive: true });

export async function shot(page: Page, name: string): Promise<void> {
  // A panel still sliding in would be caught half-transparent (endless pulses don't count).
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
  await page.screenshot({ path: join(shotsDir, `${name}.png`) });
}

export async function login(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/_/`);
  await page.fill('input[name=email]', TEST_SUPERUSER.email);
  await page.fill('input[name=password]', TEST_SUPERUSER.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('nav.rail');
}

/** Collects page errors so a test can assert the app never threw. */
export function trackErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

export interface DashboardSession {
  server: TestServer;
  browser: Browser;
  page: Page;
  /** What the page threw (see `trackErrors`). */
  pageErrors: string[];
}

export interface SessionOptions {
  /** Viewport height; the width is always 1280. */
  height?: number;
  /** Playwright's bound on each wait and action (ms); `null` leaves Playwright's own default. */
  timeout?: number | null;
  /** Fills the server, as a superuser, before the browser opens it (collections, records, settings). */
  seed?: (pb: PocketBase) => Promise<void>;
  /** Grants clipboard read and write to the server's origin. */
  clipboard?: boolean;
  /** Runs on the new page before it loads anything (e.g. a request listener). */
  onPage?: (page: Page) => void;
  /** Logs in as the test superuser (default); `false` leaves a blank page. */
  login?: boolean;
}

/** The set-up of a browser test file: server, seed, chromium, one page, login. */
export async function openDashboard(options: SessionOptions = {}): Promise<DashboardSession> {
  const { height = 800, timeout = 10_000, seed, clipboard, onPage } = options;
  const server = await startDashboardServer();
  let browser: Browser | undefined;
  try {
    if (seed) await seed(await server.superuserClient());
    browser = await launch();
    const viewport = { width: 1280, height };
    let page: Page;
    if (clipboard) {
      const context = await browser.newContext({ viewport });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      page = await context.newPage();
    } else {
      page = await browser.newPage({ viewport });
    }
    if (timeout !== null) page.setDefaultTimeout(timeout);
    onPage?.(page);
    const pageErrors = trackErrors(page);
    if (options.login !== false) await login(page, server.url);
    return { server, browser, page, pageErrors };
  } catch (e) {
    // The caller never gets the pieces to close: a failed set-up closes them itself.
    await closeDashboard(browser, server);
    throw e;
  }
}

/** The tear-down matching `openDashboard`; either piece may be missing when set-up failed. */
export async function closeDashboard(browser?: Browser, server?: TestServer): Promise<void> {
  await browser?.close();
  await server?.stop();
}

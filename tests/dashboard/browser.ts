// Browser test support: builds the dashboard if needed, launches Debian's chromium, logs in.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildDashboard } from '../../scripts/build-dashboard.ts';
import { TEST_SUPERUSER, tempDir } from '../support/server.ts';

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

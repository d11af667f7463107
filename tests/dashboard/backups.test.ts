// The Backups page in chromium: create (named), progress of a running job, upload, download, restore
// and delete, each through the page's buttons and checked through the SDK.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../support/server.ts';
import { closeDashboard, hasChromium, openDashboard, shot } from './browser.ts';

const T = 60_000; // a browser test on 2 busy cores; the npm test default too

describe.skipIf(!hasChromium)('backups page (chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    ({ server, browser, page, pageErrors } = await openDashboard({
      seed: async (pb) => {
        await pb.collections.create({ name: 'notes', fields: [{ name: 'title', type: 'text' }] });
        await pb.collection('notes').create({ title: 'kept' });
      },
    }));
  }, 60_000);

  afterAll(() => closeDashboard(browser, server), T);

  const sdk = () => server.superuserClient();
  const keys = async () => (await (await sdk()).backups.getFullList()).map((b) => b.key).sort();
  const row = (key: string) => `tr[data-key="${key}"]`;

  test(
    'a named backup is created from the page and listed',
    async () => {
      await page.goto(`${server.url}/_/#/backups`);
      await page.waitForSelector('text=No backups yet.');
      await page.fill('input[name=backup-name]', 'first.zip');
      await page.click('text=+ New backup');
      await page.waitForSelector(row('first.zip'));
      expect(await keys()).toEqual(['first.zip']);
      expect(await page.inputValue('input[name=backup-name]')).toBe('');
    },
    T,
  );

  test(
    'a running job shows its phase and bytes, locks the buttons, and the list reloads when it ends',
    async () => {
      const state = server.app.core.backups;
      state.running = {
        kind: 'backup',
        key: 'other-tab.zip',
        phase: 'archive',
        done: 5 * 1024 * 1024,
        total: 10 * 1024 * 1024,
        startedAt: Date.now(),
      };
      try {
        await page.goto(`${server.url}/_/#/backups`);
        await page.reload();
        const status = page.locator('.backup-progress');
        await status.waitFor();
        expect(await status.textContent()).toContain('Backing up other-tab.zip');
        expect(await status.textContent()).toContain('Writing the archive… 5.0 of 10.0 MB (50%)');
        expect(await page.getAttribute('.backup-progress progress', 'value')).toBe(
          String(5 * 1024 * 1024),
        );
        expect(await page.isDisabled('text=+ New backup')).toBe(true);
        await shot(page, 'backups-progress');
        state.running.phase = 'store';
        state.running.done = state.running.total = 0;
        await page.waitForSelector('.backup-progress >> text=Storing the archive…');
      } finally {
        state.running = null;
      }
      await page.locator('.backup-progress').waitFor({ state: 'detached' });
      expect(await page.isDisabled('text=+ New backup')).toBe(false);
    },
    T,
  );

  test(
    'upload through the file picker, then download opens the file-token URL',
    async () => {
      const su = await sdk();
      const blob = await (
        await fetch(su.backups.getDownloadURL(await su.files.getToken(), 'first.zip'))
      ).arrayBuffer();
      await page.setInputFiles('input[name=backup-file]', {
        name: 'uploaded.zip',
        mimeType: 'application/zip',
        buffer: Buffer.from(blob),
      });
      await page.waitForSelector(row('uploaded.zip'));
      expect(await keys()).toEqual(['first.zip', 'uploaded.zip']);

      // The download opens in a new tab: its request is the context's, not the page's.
      const request = page
        .context()
        .waitForEvent('request', (r) => r.url().includes('/api/backups/uploaded.zip'));
      await page.click(`${row('uploaded.zip')} >> text=Download`);
      const url = new URL((await request).url());
      expect(url.pathname).toBe('/api/backups/uploaded.zip');
      expect(url.searchParams.get('token')).toBeTruthy();
    },
    T,
  );

  test(
    'restore brings back the backed-up records; delete removes a backup',
    async () => {
      const su = await sdk();
      await su.collection('notes').create({ title: 'after the backup' });
      await page.click(`${row('first.zip')} >> text=Restore`);
      await page.click('[data-testid=confirm-yes]');
      await page.waitForSelector('text=Restored first.zip');
      const titles = (await (await sdk()).collection('notes').getFullList()).map((r) => r.title);
      expect(titles).toEqual(['kept']);

      await page.click(`${row('uploaded.zip')} >> text=Delete`);
      await page.click('[data-testid=confirm-yes]');
      await page.locator(row('uploaded.zip')).waitFor({ state: 'detached' });
      expect(await keys()).toEqual(['first.zip']);
      expect(pageErrors).toEqual([]);
    },
    T,
  );
});

// PocketBase's smaller pieces in chromium: SQL console, superuser IPs, duplicate and copy JSON,
// drag-and-drop onto file fields, the read-only id, and the Auto theme.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../support/server.ts';
import { closeDashboard, hasChromium, openDashboard, shot } from './browser.ts';

const T = 60_000; // a browser test on 2 busy cores; the npm test default too

describe.skipIf(!hasChromium)('dashboard extras (chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    ({ server, browser, page, pageErrors } = await openDashboard({
      clipboard: true,
      seed: async (pb) => {
        await pb.collections.create({
          name: 'notes',
          fields: [
            { name: 'title', type: 'text' },
            { name: 'tags', type: 'json' },
            { name: 'attachment', type: 'file', maxSelect: 1 },
          ],
        });
        await pb.collection('notes').create({ title: 'first', tags: ['a'] });
      },
    }));
  }, 60_000);

  afterAll(() => closeDashboard(browser, server), T);

  const sdk = () => server.superuserClient();
  const SQL = '[data-code=query] .cm-content';

  test(
    'SQL console: a read shows the rows, a write the affected count, bad SQL the error',
    async () => {
      await page.click('nav.rail >> [aria-label="SQL console"]');
      await page.fill(SQL, 'SELECT title, tags FROM notes ORDER BY title');
      await page.click('[data-testid=sql-run]');
      await page.waitForSelector('table.sql-result td:has-text("first")');
      expect(await page.locator('table.sql-result th').allTextContents()).toEqual([
        'title',
        'tags',
      ]);
      expect(await page.textContent('[data-testid=sql-summary]')).toContain('1 row(s)');
      await shot(page, 'sql-console');

      await page.fill(SQL, "UPDATE notes SET title = 'renamed'");
      await page.keyboard.press('Control+Enter');
      await page.waitForSelector('[data-testid=sql-summary]:has-text("1 row(s) affected")');
      expect((await (await sdk()).collection('notes').getFullList())[0]?.title).toBe('renamed');

      // Table and column names complete from the collections.
      await page.fill(SQL, '');
      await page.click(SQL);
      await page.keyboard.type('SELECT * FROM no');
      await page.waitForSelector('.cm-tooltip-autocomplete >> text=notes');
      await page.keyboard.press('Escape');

      await page.fill(SQL, 'SELEKT nothing');
      await page.click('[data-testid=sql-run]');
      await page.waitForSelector('.error-box');
    },
    T,
  );

  /** Clicks save and waits for the server's answer to the settings PATCH. */
  const saveSettings = async () => {
    const answered = page.waitForResponse(
      (r) => r.url().endsWith('/api/settings') && r.request().method() === 'PATCH',
    );
    await page.click('[data-testid=settings-save]');
    expect((await answered).status()).toBe(200);
  };

  test(
    'the superuser IP allow-list saves through the settings API',
    async () => {
      await page.goto(`${server.url}/_/#/settings/application`);
      await page.fill('input[name=superuserIPs]', '127.0.0.1, 10.0.0.0/8');
      await saveSettings();
      expect((await (await sdk()).settings.getAll()).superuserIPs).toEqual([
        '127.0.0.1',
        '10.0.0.0/8',
      ]);
      await shot(page, 'settings-superuser-ips');
      await page.fill('input[name=superuserIPs]', '');
      await saveSettings();
      expect((await (await sdk()).settings.getAll()).superuserIPs).toEqual([]);
    },
    T,
  );

  test(
    'the id is read-only on an existing record; Copy JSON puts the record on the clipboard',
    async () => {
      const [rec] = await (await sdk()).collection('notes').getFullList();
      await page.goto(`${server.url}/_/#/collections/notes`);
      await page.click(`tr[data-id="${rec!.id}"]`);
      expect(await page.getAttribute('.panel input[name=id]', 'readonly')).not.toBeNull();
      await page.click('[data-testid=copy-json]');
      await page.waitForSelector('.toast:has-text("copied")');
      const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
      expect(copied).toMatchObject({ id: rec!.id, title: rec!.title, tags: ['a'] });
    },
    T,
  );

  test(
    'Duplicate opens a new record with the values; saving creates a second record',
    async () => {
      await page.click('[data-testid=duplicate]');
      await page.waitForSelector('.panel h2:has-text("New notes record")');
      expect(await page.inputValue('.panel input[name=id]')).toBe('');
      expect(await page.inputValue('.panel input[name=title]')).toBe('renamed');
      await page.fill('.panel input[name=title]', 'copy');
      await page.click('[data-testid=record-save]');
      await page.waitForSelector('.panel', { state: 'detached' });
      const list = await (await sdk()).collection('notes').getFullList({ sort: 'title' });
      expect(list.map((r) => [r.title, r.tags])).toEqual([
        ['copy', ['a']],
        ['renamed', ['a']],
      ]);
    },
    T,
  );

  test(
    'a file dropped onto a file field is uploaded on save',
    async () => {
      await page.click('text=+ New record');
      await page.fill('.panel input[name=title]', 'with a dropped file');
      // A real drop event carrying a File, as the browser fires it for a file dragged from the desktop.
      await page.evaluate(() => {
        const zone = document.querySelector('[data-dropzone=attachment]')!;
        const data = new DataTransfer();
        data.items.add(new File(['hello drop'], 'dropped.txt', { type: 'text/plain' }));
        zone.dispatchEvent(
          new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }),
        );
        zone.dispatchEvent(
          new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }),
        );
      });
      await page.waitForSelector('.file-item.new:has-text("dropped.txt")');
      await page.click('[data-testid=record-save]');
      await page.waitForSelector('.panel', { state: 'detached' });
      const pb = await sdk();
      const rec = await pb.collection('notes').getFirstListItem('title = "with a dropped file"');
      expect(rec.attachment).toMatch(/^dropped_\w+\.txt$/);
      const res = await fetch(pb.files.getURL(rec, rec.attachment));
      expect(await res.text()).toBe('hello drop');
    },
    T,
  );

  test(
    'the Auto theme follows the system; light and dark stick',
    async () => {
      const html = () => page.getAttribute('html', 'data-theme');
      const pref = () => page.getAttribute('[aria-label="Toggle dark mode"]', 'data-theme-pref');
      await page.emulateMedia({ colorScheme: 'light' });
      await page.evaluate(() => localStorage.removeItem('satchel_theme'));
      await page.reload();
      await page.waitForSelector('nav.rail');
      expect(await pref()).toBe('auto');
      expect(await html()).toBe('light');
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');

      // Auto (dark system) → light → dark → Auto
      await page.click('[aria-label="Toggle dark mode"]');
      expect([await pref(), await html()]).toEqual(['light', 'light']);
      await page.click('[aria-label="Toggle dark mode"]');
      expect([await pref(), await html()]).toEqual(['dark', 'dark']);
      await page.emulateMedia({ colorScheme: 'light' });
      expect(await html()).toBe('dark'); // a fixed choice ignores the system
      await page.click('[aria-label="Toggle dark mode"]');
      expect([await pref(), await html()]).toEqual(['light', 'light']);
      await page.click('[aria-label="Toggle dark mode"]');
      expect([await pref(), await html()]).toEqual(['auto', 'light']);
      await page.reload();
      await page.waitForSelector('nav.rail');
      expect([await pref(), await html()]).toEqual(['auto', 'light']);
    },
    T,
  );

  test('the page never threw', () => {
    expect(pageErrors).toEqual([]);
  });
});

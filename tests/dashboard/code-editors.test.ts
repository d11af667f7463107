// The CodeMirror inputs in chromium: filter autocomplete and history, the view kept in the URL
// across a reload, JSON validation and folding, SQL highlighting in the view query.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../support/server.ts';
import { closeDashboard, hasChromium, login, openDashboard, shot } from './browser.ts';

const T = 60_000; // a browser test on 2 busy cores; the npm test default too
const FILTER = '[data-code=filter] .cm-content';
const TOOLTIP = '.cm-tooltip-autocomplete';

describe.skipIf(!hasChromium)('code editors (chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    ({ server, browser, page, pageErrors } = await openDashboard({
      seed: async (pb) => {
        await pb.collections.create({
          name: 'items',
          fields: [
            { name: 'title', type: 'text' },
            { name: 'views', type: 'number' },
            { name: 'data', type: 'json' },
            { name: 'created', type: 'autodate', onCreate: true },
          ],
        });
        for (let i = 0; i < 35; i++)
          await pb.collection('items').create({ title: `item ${i}`, views: i });
      },
    }));
  }, 60_000);

  afterAll(() => closeDashboard(browser, server), T);

  const hash = () => page.evaluate(() => location.hash);
  /** The query of the current route: `#/collections/items?filter=…` → { filter: … }. */
  const params = () =>
    page.evaluate(() =>
      Object.fromEntries(new URLSearchParams(location.hash.split('?')[1] ?? '').entries()),
    );
  const filterText = () => page.textContent(FILTER);

  test(
    'the filter autocompletes fields and operators, and searches on Enter',
    async () => {
      await page.goto(`${server.url}/_/#/collections/items`);
      await page.waitForSelector('td:has-text("item 34")');
      await page.click(FILTER);
      await page.keyboard.type('vi');
      await page.waitForSelector(`${TOOLTIP} >> text=views`);
      await shot(page, 'records-filter-autocomplete');
      await page.keyboard.press('Enter'); // takes the completion, does not search
      expect(await filterText()).toBe('views');
      await page.keyboard.type(' ');
      await page.waitForSelector(`${TOOLTIP} >> text=>=`);
      const ops = await page.locator(`${TOOLTIP} li`).allTextContents();
      expect(ops.some((o) => o.startsWith('!='))).toBe(true);
      await page.keyboard.press('Escape');
      await page.keyboard.type('>= 2');
      // Highlighted: the number and the operator are tokens of their own.
      expect(await page.locator(`${FILTER} span`).count()).toBeGreaterThanOrEqual(3);
      await page.keyboard.press('Enter');
      await page.waitForSelector('.pager >> text=Total: 33');
      expect(await params()).toEqual({ filter: 'views >= 2' });
    },
    T,
  );

  test(
    'filter, sort, page and hidden columns live in the URL and survive a reload',
    async () => {
      await page.click('th[data-col=views]'); // descending
      await page.waitForSelector('th[data-col=views]:has-text("↓")');
      await page.click('text=Next ›');
      await page.waitForSelector('.pager >> text=Page 2 of 2');
      await page.click('.searchbar >> text=Columns');
      await page.locator('.menu label', { hasText: 'data' }).click();
      await page.waitForSelector('th[data-col=data]', { state: 'detached' });
      await page.click('.searchbar >> text=Columns');
      const url = await hash();
      expect(await params()).toEqual({
        filter: 'views >= 2',
        sort: '-views',
        page: '2',
        hidden: 'data',
      });

      await page.reload();
      await page.waitForSelector('.pager >> text=Page 2 of 2');
      expect(await hash()).toBe(url);
      expect(await filterText()).toBe('views >= 2');
      expect(await page.textContent('.pager')).toContain('Total: 33');
      expect(await page.isVisible('th[data-col=views]:has-text("↓")')).toBe(true);
      expect(await page.locator('th[data-col=data]').count()).toBe(0);
      // Page 2 of views >= 2 sorted descending: the three smallest, 4, 3 and 2.
      expect(await page.locator('td[data-col=views]').allTextContents()).toEqual(['4', '3', '2']);

      // The same link opened in a fresh tab shows the same view.
      const other = await browser.newPage();
      other.setDefaultTimeout(10_000);
      await login(other, server.url);
      // A full load of the shared link (not a same-document hash change).
      await other.goto('about:blank');
      await other.goto(`${server.url}/_/#${url.slice(1)}`);
      await other.waitForSelector('.pager >> text=Page 2 of 2');
      expect(await other.locator('td[data-col=views]').allTextContents()).toEqual(['4', '3', '2']);
      await other.close();
    },
    T,
  );

  test(
    'the filter has undo history and offers the filters used before',
    async () => {
      await page.click(FILTER);
      await page.keyboard.press('End');
      await page.keyboard.type(' && title != ""');
      expect(await filterText()).toBe('views >= 2 && title != ""');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+z');
      expect(await filterText()).toBe('views >= 2');
      await page.keyboard.press('Control+a');
      await page.keyboard.press('Delete');
      await page.keyboard.press('Control+Space');
      const recent = page.locator(`${TOOLTIP} li`, { hasText: 'views >= 2' });
      await recent.waitFor();
      expect(await recent.textContent()).toContain('recent');
    },
    T,
  );

  test(
    'JSON fields: invalid JSON is marked, nested values fold, valid JSON saves',
    async () => {
      await page.goto(`${server.url}/_/#/collections/items`);
      await page.click('text=+ New record');
      const json = '.panel [data-code=data] .cm-content';
      await page.waitForSelector(json);
      await page.fill(json, '{"a": ');
      await page.waitForSelector('.panel [data-code=data] .cm-lint-marker-error');
      expect(await page.textContent('.panel')).toContain('Invalid JSON');
      await page.fill(json, '{\n  "tags": [\n    "x",\n    "y"\n  ],\n  "n": 1\n}');
      await page.waitForSelector('.panel [data-code=data] .cm-lint-marker-error', {
        state: 'detached',
      });
      expect(await page.locator('.panel [data-code=data] .cm-foldGutter').count()).toBe(1);
      await shot(page, 'record-json-editor');
      await page.fill('.panel input[name=title]', 'with json');
      await page.click('[data-testid=record-save]');
      await page.waitForSelector('.panel', { state: 'detached' });
      const rec = await (await server.superuserClient())
        .collection('items')
        .getFirstListItem('title = "with json"');
      expect(rec.data).toEqual({ tags: ['x', 'y'], n: 1 });
    },
    T,
  );

  test(
    'the view query is a SQL editor with highlighting',
    async () => {
      await page.click('text=+ New collection');
      await page.fill('.panel input[name=name]', 'item_titles');
      await page.selectOption('.panel select[name=type]', 'view');
      const q = '[data-code=viewQuery] .cm-content';
      await page.waitForSelector(q);
      // Esc closes the completion list, not the whole dialog.
      await page.click(q);
      await page.keyboard.type('SELECT * FROM it');
      await page.waitForSelector(`${TOOLTIP} >> text=items`);
      await page.keyboard.press('Escape');
      await page.waitForSelector(TOOLTIP, { state: 'detached' });
      expect(await page.locator('[role=alertdialog]').count()).toBe(0);
      expect(await page.isVisible('.panel input[name=name]')).toBe(true);
      await page.fill(q, 'SELECT id, title FROM items WHERE views > 30');
      expect(await page.locator(`${q} span`).count()).toBeGreaterThanOrEqual(3);
      await page.click('.panel >> text=Preview');
      await page.waitForSelector('.dry-run >> text=title: text');
      await page.click('[data-testid=collection-save]');
      await page.waitForSelector('h1:has-text("item_titles")');
      await page.waitForSelector('td:has-text("item 34")');
    },
    T,
  );

  test('the page never threw', () => {
    expect(pageErrors).toEqual([]);
  });
});

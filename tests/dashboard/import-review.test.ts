// Importing collections shows what would be added, changed and deleted, and applies only on confirm.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import type { CollectionModel } from 'pocketbase';
import type { TestServer } from '../support/server.ts';
import { closeDashboard, hasChromium, openDashboard, shot } from './browser.ts';

const T = 60_000; // a browser test on 2 busy cores; the npm test default too

describe.skipIf(!hasChromium)('import review (chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    ({ server, browser, page, pageErrors } = await openDashboard({
      height: 900,
      seed: async (pb) => {
        await pb.collections.create({
          name: 'articles',
          fields: [
            { name: 'title', type: 'text' },
            { name: 'body', type: 'text' },
            { name: 'views', type: 'number' },
          ],
        });
        await pb.collections.create({ name: 'legacy', fields: [{ name: 'x', type: 'text' }] });
      },
    }));
  }, 60_000);

  afterAll(() => closeDashboard(browser, server), T);

  const names = async () =>
    (await (await server.superuserClient()).collections.getFullList()).map((c) => c.name).sort();

  test(
    'the review lists added, changed and deleted collections and fields; nothing changes before Confirm',
    async () => {
      const pb = await server.superuserClient();
      const all = await pb.collections.getFullList();
      const articles = all.find((c) => c.name === 'articles')!;
      // Edit the export as a user would: articles drops `body`, requires `title`, gains `tags`
      // and a list rule; `legacy` is left out; `comments` is new.
      const edited: Partial<CollectionModel>[] = all
        .filter((c) => c.name !== 'legacy')
        .map(({ created: _c, updated: _u, ...rest }) => rest as CollectionModel);
      const a = edited.find((c) => c.name === 'articles')!;
      a.listRule = '';
      a.fields = articles.fields
        .filter((f) => f.name !== 'body')
        .map((f) => (f.name === 'title' ? { ...f, required: true } : f));
      a.fields.push({ name: 'tags', type: 'json' } as never);
      edited.push({
        name: 'comments',
        type: 'base',
        fields: [{ name: 'text', type: 'text' }] as never,
      });

      await page.click('text=Import / export');
      await page.fill('.panel textarea[name=import]', JSON.stringify(edited));
      await page
        .locator('.panel .toggle', { hasText: 'Delete collections' })
        .locator('input')
        .check();
      await page.click('[data-testid=import-review-open]');
      await page.waitForSelector('[data-testid=import-review]');
      await shot(page, 'import-review');

      const review = page.locator('[data-testid=import-review]');
      expect(await review.locator('[data-diff=added]').allTextContents()).toEqual([
        expect.stringContaining('comments'),
      ]);
      expect(await review.locator('[data-diff=deleted]').allTextContents()).toEqual([
        expect.stringContaining('legacy'),
      ]);
      const changed = review.locator('[data-diff=changed]');
      expect(await changed.count()).toBe(1);
      expect(await changed.getAttribute('data-name')).toBe('articles');
      const text = (sel: string) => changed.locator(sel).allTextContents();
      expect(await text('[data-field-diff=added]')).toEqual([expect.stringContaining('tags')]);
      expect(await text('[data-field-diff=deleted]')).toEqual([expect.stringContaining('body')]);
      expect(await text('[data-field-diff=changed]')).toEqual([
        expect.stringMatching(/title.*required/),
      ]);
      expect(await text('[data-field-diff=keys]')).toEqual([expect.stringContaining('listRule')]);

      // Reviewing applied nothing.
      expect(await names()).not.toContain('comments');
      expect(await names()).toContain('legacy');

      // Back keeps the pasted text; the second review applies.
      await page.click('.panel-foot >> text=Back');
      expect(await page.inputValue('.panel textarea[name=import]')).toContain('comments');
      await page.click('[data-testid=import-review-open]');
      await page.click('[data-testid=import-apply]');
      await page.waitForSelector('[data-collection=comments]');
      const after = await names();
      expect(after).toContain('comments');
      expect(after).not.toContain('legacy');
      const got = await (await server.superuserClient()).collections.getOne('articles');
      expect(got.fields.map((f) => f.name)).not.toContain('body');
      expect(got.fields.map((f) => f.name)).toContain('tags');
      expect(got.fields.find((f) => f.name === 'title')?.required).toBe(true);
      expect(got.listRule).toBe('');
    },
    T,
  );

  test(
    'an import that matches the current schema says there is nothing to change',
    async () => {
      const pb = await server.superuserClient();
      const all = (await pb.collections.getFullList()).filter((c) => !c.system);
      await page.click('text=Import / export');
      await page.fill('.panel textarea[name=import]', JSON.stringify(all));
      await page.click('[data-testid=import-review-open]');
      await page.waitForSelector('text=Nothing to change');
      expect(await page.isDisabled('[data-testid=import-apply]')).toBe(true);
    },
    T,
  );

  test('the page never threw', () => {
    expect(pageErrors).toEqual([]);
  });
});

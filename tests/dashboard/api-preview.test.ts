// The API preview page in chromium: a collection's endpoints from /api/openapi.json, with their
// parameters, body fields (required marked), rules and the SDK call.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../support/server.ts';
import { closeDashboard, hasChromium, openDashboard, shot } from './browser.ts';

const T = 60_000;

describe.skipIf(!hasChromium)('API preview (chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    ({ server, browser, page, pageErrors } = await openDashboard({
      seed: async (pb) => {
        await pb.collections.create({
          name: 'posts',
          listRule: '',
          fields: [
            { name: 'title', type: 'text', required: true },
            { name: 'status', type: 'select', values: ['draft', 'live'], maxSelect: 1 },
          ],
        });
      },
    }));
  }, 60_000);
  afterAll(() => closeDashboard(browser, server), T);

  const chosen = async () => ({
    path: await page.textContent('[data-testid=api-path]'),
    snippet: await page.textContent('[data-testid=api-snippet]'),
    text: await page.textContent('[data-testid=api-op]'),
  });

  test(
    'from the records page: list, create and delete of a base collection',
    async () => {
      await page.goto(`${server.url}/_/#/collections/posts`);
      await page.click('[data-testid=api-preview]');
      await page.waitForSelector('[data-testid=api-op]');
      expect(page.url()).toEndWith('#/collections/posts/api');
      const list = await chosen();
      expect(list.path).toBe('/api/collections/posts/records');
      expect(list.snippet).toContain('pb.collection("posts").getList(1, 30');
      for (const p of ['page', 'perPage', 'sort', 'filter', 'expand', 'fields', 'skipTotal']) {
        await page.waitForSelector(`.api-fields td code:text-is("${p}")`);
      }
      expect(list.text).toContain('public');
      await shot(page, 'api-preview-list');

      await page.click('[data-testid=api-create]');
      await page.waitForSelector('[data-testid=api-op] h2:has-text("Create")');
      const create = await chosen();
      expect(create.snippet).toContain('pb.collection("posts").create(');
      expect(create.snippet).toContain('title: …');
      expect(create.text).toContain('Body (application/json)');
      const title = page.locator('.api-fields tr', { has: page.locator('code:text-is("title")') });
      expect(await title.textContent()).toContain('required');
      const status = page.locator('.api-fields tr', {
        has: page.locator('code:text-is("status")'),
      });
      expect(await status.textContent()).toContain('"draft" | "live"');
      expect(create.text).toContain('superusers only');

      await page.click('[data-testid=api-delete]');
      await page.waitForSelector('[data-testid=api-op] h2:has-text("Delete")');
      const del = await chosen();
      expect(del.path).toBe('/api/collections/posts/records/{id}');
      expect(del.text).toContain('DELETE');
      expect(del.text).toContain('204');
    },
    T,
  );

  test(
    "an auth collection lists its auth routes with the bodies' schemas",
    async () => {
      await page.goto(`${server.url}/_/#/collections/users/api`);
      await page.click('[data-testid=api-auth-with-password]');
      await page.waitForSelector('[data-testid=api-op] h2:has-text("auth with password")');
      const auth = await chosen();
      expect(auth.path).toBe('/api/collections/users/auth-with-password');
      expect(auth.snippet).toContain('authWithPassword(');
      for (const field of ['identity', 'password']) {
        const row = page.locator('.api-fields tr', {
          has: page.locator(`code:text-is("${field}")`),
        });
        expect(await row.textContent()).toContain('required');
      }
      const optional = page.locator('.api-fields tr', {
        has: page.locator('code:text-is("identityField")'),
      });
      expect(await optional.textContent()).not.toContain('required');
      expect(pageErrors).toEqual([]);
    },
    T,
  );
});

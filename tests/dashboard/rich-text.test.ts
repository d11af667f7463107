// The rich-text editor of `editor` fields in chromium: loaded only when a form needs it, typing
// and formatting, images from the record's files, convertURLs, sanitised output read back by the SDK.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import type { RecordModel } from 'pocketbase';
import sharp from 'sharp';
import type { TestServer } from '../support/server.ts';
import { closeDashboard, hasChromium, openDashboard, shot } from './browser.ts';

const T = 60_000; // a browser test on 2 busy cores; the npm test default too
const PNG = await sharp({
  create: { width: 40, height: 30, channels: 3, background: { r: 30, g: 140, b: 90 } },
})
  .png()
  .toBuffer();

describe.skipIf(!hasChromium)('rich-text editor (chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let record: RecordModel;
  const requested: string[] = [];

  beforeAll(async () => {
    ({ server, browser, page, pageErrors } = await openDashboard({
      height: 900,
      seed: async (pb) => {
        await pb.collections.create({
          name: 'pages',
          fields: [
            { name: 'title', type: 'text' },
            { name: 'body', type: 'editor' },
            { name: 'summary', type: 'editor', convertURLs: true },
            { name: 'photos', type: 'file', maxSelect: 3 },
          ],
        });
        const form = new FormData();
        form.append('title', 'first page');
        form.append('photos', new Blob([PNG], { type: 'image/png' }), 'green.png');
        record = await pb.collection('pages').create(form);
      },
      onPage: (page) => page.on('request', (r) => requested.push(r.url())),
    }));
  }, 60_000);

  afterAll(() => closeDashboard(browser, server), T);

  const richChunk = () => requested.filter((u) => /\/rich-text-[a-z0-9]+\.js$/.test(u));
  const body = '[data-rich=body] .rt-body';

  test(
    'the editor chunk loads only when a form has an editor field',
    async () => {
      await page.goto(`${server.url}/_/#/collections/pages`);
      await page.waitForSelector(`tr[data-id="${record.id}"]`);
      expect(richChunk()).toEqual([]);
      await page.click(`tr[data-id="${record.id}"]`);
      await page.waitForSelector('[data-rich=body][data-ready]');
      expect(richChunk()).toHaveLength(1);
    },
    T,
  );

  test(
    'typing, bold, a list and an image from the record are saved as sanitised HTML',
    async () => {
      await page.click(body);
      await page.keyboard.type('Hello ');
      await page.keyboard.press('Control+b');
      await page.keyboard.type('bold');
      await page.keyboard.press('Control+b');
      await page.keyboard.type(' world');
      await page.keyboard.press('Enter');
      await page.click('[data-rich=body] [data-cmd=makeUnorderedList]');
      await page.keyboard.type('first item');
      await page.keyboard.press('Enter');
      await page.click('[data-rich=body] [data-cmd=image]');
      await page.click(`[data-rich=body] [data-image="${record.photos[0]}"]`);
      await page.waitForSelector(`${body} img`);

      // The same image in the convertURLs field is stored root-relative.
      await page.click('[data-rich=summary] .rt-body');
      await page.keyboard.type('Summary');
      await page.click('[data-rich=summary] [data-cmd=image]');
      await page.click(`[data-rich=summary] [data-image="${record.photos[0]}"]`);
      await shot(page, 'rich-text-editor');

      // Hostile HTML typed into the source view is cleaned on the way out.
      await page.click('[data-rich=body] [data-cmd=source]');
      const source = page.locator('[data-rich=body] textarea');
      const current = await source.inputValue();
      expect(current).toContain('<b>bold</b>');
      await source.fill(
        `${current}<p><img src="x" onerror="alert(1)"><script>alert(2)</script>` +
          '<a href="javascript:alert(3)">bad link</a></p>',
      );
      await page.click('[data-rich=body] [data-cmd=source]');
      await page.waitForSelector(`${body} >> text=bad link`);

      await page.click('[data-testid=record-save]');
      await page.waitForSelector('.panel', { state: 'detached' });
      const saved = await (await server.superuserClient()).collection('pages').getOne(record.id);
      const html = String(saved.body);
      expect(html).toMatch(/<p>Hello(&nbsp;| )<b>bold<\/b> world<\/p>/);
      expect(html).toMatch(/<ul><li>first item(<br>)?<\/li>/);
      expect(html).toContain('<a>bad link</a>'); // the javascript: href is gone, the text stays
      expect(html).toContain(`<img src="${server.url}/api/files/`);
      expect(html).toContain('bad link');
      for (const bad of ['onerror', '<script', 'javascript:']) expect(html).not.toContain(bad);
      expect(String(saved.summary)).toMatch(/<img src="\/api\/files\/[^"]+green[^"]*\.png"/);
    },
    T,
  );

  test(
    'the saved HTML reads back into the editor',
    async () => {
      await page.click(`tr[data-id="${record.id}"]`);
      await page.waitForSelector(`${body} b:has-text("bold")`);
      expect(await page.locator(`${body} li`).first().textContent()).toBe('first item');
      expect(await page.locator(`${body} img[src*="/api/files/"]`).count()).toBe(1);
      // Nothing changed: closing does not ask.
      await page.keyboard.press('Escape');
      await page.waitForSelector('.panel', { state: 'detached' });
    },
    T,
  );

  test('the page never threw', () => {
    expect(pageErrors).toEqual([]);
  });
});

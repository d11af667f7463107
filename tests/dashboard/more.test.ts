// More dashboard flows in chromium: file uploads (single, multiple, protected, removal), impersonation, import/export, the install link.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import type { TestServer } from '../support/server.ts';
import {
  closeDashboard,
  hasChromium,
  launch,
  openDashboard,
  shot,
  startDashboardServer,
} from './browser.ts';

const T = 60_000; // a browser test on 2 busy cores; the npm test default too
/** Real PNGs made with sharp: the server sniffs them and makes thumbs from them. */
const png = (r: number, g: number, b: number) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();
const RED = await png(220, 40, 40);
const BLUE = await png(40, 80, 220);

async function bytes(url: string): Promise<Buffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** Waits until an image has really loaded (a broken thumb has naturalWidth 0). */
async function loaded(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((sel) => {
    const img = document.querySelector(sel) as HTMLImageElement | null;
    return !!img && img.complete && img.naturalWidth > 0;
  }, selector);
}

describe.skipIf(!hasChromium)('dashboard extras (chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    ({ server, browser, page, pageErrors } = await openDashboard({
      timeout: null,
      seed: async (pb) => {
        await pb.collections.create({
          name: 'docs',
          fields: [
            { name: 'title', type: 'text' },
            { name: 'image', type: 'file', maxSelect: 1, mimeTypes: ['image/png'] },
            { name: 'gallery', type: 'file', maxSelect: 5, thumbs: ['100x100'] },
            { name: 'secret', type: 'file', maxSelect: 1, protected: true },
          ],
        });
      },
    }));
  }, 60_000);

  afterAll(() => closeDashboard(browser, server));

  test(
    'uploads an image from the record form: thumb in the table, stored byte-identical',
    async () => {
      await page.goto(`${server.url}/_/#/collections/docs`);
      await page.click('text=+ New record');
      await page.fill('.panel input[name=title]', 'with image');
      await page.setInputFiles('.panel input[type=file][name=image]', {
        name: 'red.png',
        mimeType: 'image/png',
        buffer: RED,
      });
      await page.waitForSelector('.file-item.new:has-text("red.png") img');
      await page.click('[data-testid=record-save]');
      await page.waitForSelector('.panel', { state: 'detached' });
      const thumb = await page.waitForSelector('td[data-col=image] img.thumb');
      await loaded(page, 'td[data-col=image] img.thumb');
      expect(await thumb.getAttribute('src')).toContain('thumb=100x100');

      const pb = await server.superuserClient();
      const [rec] = await pb.collection('docs').getFullList();
      expect(rec?.image).toMatch(/^red_\w+\.png$/);
      expect(await bytes(pb.files.getURL(rec!, rec!.image))).toEqual(RED);
      const small = await sharp(
        await bytes(pb.files.getURL(rec!, rec!.image, { thumb: '100x100' })),
      ).metadata();
      expect([small.width, small.height]).toEqual([100, 100]);
    },
    T,
  );

  test(
    'several files at once, a protected file previewed with a file token, removing a kept file',
    async () => {
      const pb = await server.superuserClient();
      const [rec] = await pb.collection('docs').getFullList();
      await page.click(`tr[data-id="${rec!.id}"]`);
      await page.setInputFiles('.panel input[type=file][name=gallery]', [
        { name: 'a.png', mimeType: 'image/png', buffer: RED },
        { name: 'b.png', mimeType: 'image/png', buffer: BLUE },
      ]);
      await page.setInputFiles('.panel input[type=file][name=secret]', {
        name: 'private.png',
        mimeType: 'image/png',
        buffer: BLUE,
      });
      await page.waitForSelector('#field_gallery .file-item.new >> nth=1');
      await page.keyboard.press('Control+s');
      await page.waitForSelector('.panel', { state: 'detached' });

      const saved = await pb.collection('docs').getOne(rec!.id);
      expect(saved.gallery).toHaveLength(2);
      expect(saved.image).toBe(rec!.image);
      const [a, b] = saved.gallery as string[];
      expect(await bytes(pb.files.getURL(saved, a!))).toEqual(RED);
      expect(await bytes(pb.files.getURL(saved, b!))).toEqual(BLUE);
      // Protected: refused without a token, identical bytes with one.
      expect((await fetch(pb.files.getURL(saved, saved.secret))).status).toBe(404);
      const token = await pb.files.getToken();
      expect(await bytes(pb.files.getURL(saved, saved.secret, { token }))).toEqual(BLUE);

      // The table's protected thumb carries a token and loads.
      await loaded(page, 'td[data-col=secret] img.thumb');
      expect(await page.getAttribute('td[data-col=secret] img.thumb', 'src')).toContain('token=');

      await page.click(`tr[data-id="${rec!.id}"]`);
      await loaded(page, `#field_secret .file-item[data-file="${saved.secret}"] img`);
      await loaded(page, `#field_gallery .file-item[data-file="${b}"] img`);
      await shot(page, 'record-form-files');
      await page.click(`[aria-label="Remove ${a}"]`);
      await page.keyboard.press('Control+s');
      await page.waitForSelector('.panel', { state: 'detached' });
      const after = await pb.collection('docs').getOne(rec!.id);
      expect(after.gallery).toEqual([b]);
      expect(after.secret).toBe(saved.secret);
      await loaded(page, 'td[data-col=gallery] img.thumb');
      await shot(page, 'records-files');
    },
    T,
  );

  test(
    'auth records: verified toggle, impersonate token works through the SDK',
    async () => {
      const pb = await server.superuserClient();
      const user = await pb.collection('users').create({
        email: 'u1@example.com',
        password: 'secret123456',
        passwordConfirm: 'secret123456',
      });
      await pb.collection('users').create({
        email: 'u2@example.com',
        password: 'secret123456',
        passwordConfirm: 'secret123456',
      });
      await page.goto(`${server.url}/_/#/collections/users`);
      await page.click(`tr[data-id="${user.id}"]`);
      await page.check('.panel input[name=verified]');
      await page.keyboard.press('Control+s');
      await page.waitForSelector('.panel', { state: 'detached' });
      expect((await pb.collection('users').getOne(user.id)).verified).toBe(true);

      await page.click(`tr[data-id="${user.id}"]`);
      await page.click('text=Impersonate (1 h token)');
      await page.waitForSelector('.token-box textarea');
      const token = await page.inputValue('.token-box textarea');
      const as = server.client();
      as.authStore.save(token);
      expect(as.authStore.isValid).toBe(true);
      expect(as.authStore.isSuperuser).toBe(false);
      // The default users rules show a user only themselves: the token is u1's.
      const seen = await as.collection('users').getFullList();
      expect(seen.map((r) => r.email)).toEqual(['u1@example.com']);
      expect((await as.collection('users').getOne(user.id)).id).toBe(user.id);
      await shot(page, 'auth-record');
      await page.keyboard.press('Escape');
    },
    T,
  );

  test(
    'exports the schema and imports a new collection from JSON',
    async () => {
      await page.click('text=Import / export');
      const exported = JSON.parse(await page.inputValue('.panel textarea[readonly]')) as {
        name: string;
      }[];
      expect(exported.map((c) => c.name)).toContain('docs');
      const incoming = [
        { name: 'imported_things', type: 'base', fields: [{ name: 'label', type: 'text' }] },
      ];
      await page.fill('.panel textarea[name=import]', JSON.stringify(incoming));
      await page.click('[data-testid=import-review-open]');
      await page.waitForSelector('[data-diff=added][data-name=imported_things]');
      await page.click('[data-testid=import-apply]');
      await page.waitForSelector('[data-collection=imported_things]');
      const pb = await server.superuserClient();
      expect((await pb.collections.getOne('imported_things')).fields.map((f) => f.name)).toContain(
        'label',
      );
    },
    T,
  );

  test('the page never threw', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('first run install link (chromium)', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startDashboardServer({ noSuperuser: true });
    browser = await launch();
  }, 60_000);

  afterAll(() => closeDashboard(browser, server));

  test(
    'a superuser token in #/pbinstal/<token> creates the first real superuser',
    async () => {
      // Stand-in for the installer account `serve` will create (PocketBase: __pbinstaller@example.com).
      const { upsertSuperuser } = await import('../../src/core/auth/superusers.ts');
      await upsertSuperuser(server.app.core, '__pbinstaller@example.com', 'installer-password-123');
      const installer = server.client();
      await installer
        .collection('_superusers')
        .authWithPassword('__pbinstaller@example.com', 'installer-password-123');

      const page = await browser.newPage();
      await page.goto(`${server.url}/_/#/pbinstal/${installer.authStore.token}`);
      await page.fill('input[name=email]', 'owner@example.com');
      await page.fill('input[name=password]', 'owner-password-1');
      await page.fill('input[name=passwordConfirm]', 'owner-password-1');
      await shot(page, 'install');
      await page.click('button[type=submit]');
      await page.waitForSelector('nav.rail');
      const owner = server.client();
      await owner
        .collection('_superusers')
        .authWithPassword('owner@example.com', 'owner-password-1');
      expect(owner.authStore.isSuperuser).toBe(true);
    },
    T,
  );
});

// More dashboard flows in chromium: file upload, auth record actions, import/export, the install link.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../support/server.ts';
import { ensureDashboardBuilt, hasChromium, launch, login, shot, trackErrors } from './browser.ts';

const T = 30_000;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe.skipIf(!hasChromium)('dashboard extras (chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    await ensureDashboardBuilt();
    server = await startServer();
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    pageErrors = trackErrors(page);
    const pb = await server.superuserClient();
    await pb.collections.create({
      name: 'docs',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'image', type: 'file', maxSelect: 1, mimeTypes: ['image/png'] },
      ],
    });
    await login(page, server.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test(
    'uploads a file from the record form (or shows why the server refused it)',
    async () => {
      const pb = await server.superuserClient();
      const probe = await pb
        .collection('docs')
        .create({ title: 'probe', image: new File([PNG], 'probe.png', { type: 'image/png' }) })
        .then(
          (r) =>
            pb
              .collection('docs')
              .delete(r.id)
              .then(() => true),
          () => false,
        );
      await page.goto(`${server.url}/_/#/collections/docs`);
      await page.click('text=+ New record');
      await page.fill('.panel input[name=title]', 'with image');
      await page.setInputFiles('.panel input[type=file][name=image]', {
        name: 'dot.png',
        mimeType: 'image/png',
        buffer: PNG,
      });
      await page.waitForSelector('.file-item.new:has-text("dot.png")');
      await page.click('[data-testid=record-save]');
      if (probe) {
        await page.waitForSelector('td[data-col=image] img.thumb');
        const [rec] = await pb.collection('docs').getFullList();
        expect(rec?.image).toMatch(/^dot_\w+\.png$/);
      } else {
        // File uploads arrive with another issue: the server's refusal is shown, nothing breaks.
        await page.waitForSelector('.panel .error-box');
        console.warn(
          '[dashboard tests] the server does not accept uploads yet: upload path not exercised',
        );
        await page.keyboard.press('Escape');
      }
    },
    T,
  );

  test(
    'auth records: verified toggle, impersonate token',
    async () => {
      const pb = await server.superuserClient();
      const user = await pb.collection('users').create({
        email: 'u1@example.com',
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
      await page.waitForSelector('.token-box textarea, .auth-actions .error-box');
      if (await page.isVisible('.token-box textarea')) {
        const token = await page.inputValue('.token-box textarea');
        const res = await fetch(`${server.url}/api/collections/users/records/${user.id}`, {
          headers: { authorization: token },
        });
        expect(res.status).toBe(200);
      } else {
        // Impersonation is not on the server yet: its error is shown in place.
        expect((await page.textContent('.auth-actions .error-box'))?.length).toBeGreaterThan(0);
        console.warn('[dashboard tests] impersonate not supported by the server yet');
      }
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
      await page.click('.panel-foot >> text=Import');
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
    await ensureDashboardBuilt();
    server = await startServer({ noSuperuser: true });
    browser = await launch();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

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

// Never lose work: Esc, Cancel, Reset and navigation ask before discarding a changed form; unload warns.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../support/server.ts';
import { closeDashboard, hasChromium, login, openDashboard } from './browser.ts';

const T = 60_000; // a browser test on 2 busy cores; the npm test default too
const QUESTION = 'You have unsaved changes';

describe.skipIf(!hasChromium)('unsaved changes guard (chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    ({ server, browser, page, pageErrors } = await openDashboard({
      seed: async (pb) => {
        await pb.collections.create({ name: 'notes', fields: [{ name: 'title', type: 'text' }] });
      },
    }));
  }, 60_000);

  afterAll(() => closeDashboard(browser, server), T);

  const dialog = () => page.locator('[role=alertdialog]');
  const keep = async () => {
    await dialog().waitFor();
    expect(await dialog().textContent()).toContain(QUESTION);
    await dialog().locator('text=Cancel').click();
    await dialog().waitFor({ state: 'detached' });
  };
  const discard = async () => {
    await dialog().waitFor();
    await page.click('[data-testid=confirm-yes]');
    await dialog().waitFor({ state: 'detached' });
  };

  test(
    'collection editor: an untouched form closes at once; a changed one asks on Esc, Cancel and navigation',
    async () => {
      await page.goto(`${server.url}/_/#/collections/notes`);
      await page.click('text=+ New collection');
      await page.waitForSelector('.panel input[name=name]');
      await page.click('.panel-foot >> text=Cancel');
      await page.waitForSelector('.panel', { state: 'detached' });
      expect(await dialog().count()).toBe(0);

      await page.click('text=+ New collection');
      await page.fill('.panel input[name=name]', 'almost_lost');
      await page.keyboard.press('Escape');
      await keep();
      expect(await page.inputValue('.panel input[name=name]')).toBe('almost_lost');
      await page.click('.panel-foot >> text=Cancel');
      await keep();
      // Leaving for another page (a link, the back button) asks too, and staying keeps the URL.
      await page.evaluate(() => {
        location.hash = '#/settings';
      });
      await keep();
      expect(await page.evaluate(() => location.hash)).toBe('#/collections/notes');
      expect(await page.isVisible('.panel input[name=name]')).toBe(true);

      await page.keyboard.press('Escape');
      await discard();
      await page.waitForSelector('.panel', { state: 'detached' });
      const names = (await (await server.superuserClient()).collections.getFullList()).map(
        (c) => c.name,
      );
      expect(names).not.toContain('almost_lost');
    },
    T,
  );

  test(
    'collection editor: saving never asks',
    async () => {
      await page.click('text=+ New collection');
      await page.fill('.panel input[name=name]', 'kept');
      await page.click('[data-testid=collection-save]');
      await page.waitForSelector('h1:has-text("kept")');
      expect(await dialog().count()).toBe(0);
    },
    T,
  );

  test(
    'record form: Cancel on a changed record asks; Yes discards',
    async () => {
      await page.goto(`${server.url}/_/#/collections/notes`);
      await page.click('text=+ New record');
      await page.fill('.panel input[name=title]', 'draft text');
      await page.click('.panel-foot >> text=Cancel');
      await keep();
      expect(await page.inputValue('.panel input[name=title]')).toBe('draft text');
      await page.mouse.click(5, 400); // the backdrop
      await discard();
      await page.waitForSelector('.panel', { state: 'detached' });
      expect(await (await server.superuserClient()).collection('notes').getFullList()).toHaveLength(
        0,
      );
    },
    T,
  );

  test(
    'settings: Reset and switching sections ask when the section has changes',
    async () => {
      await page.goto(`${server.url}/_/#/settings/application`);
      await page.fill('input[name="meta.appName"]', 'Renamed');
      await page.click('.savebar >> text=Reset');
      await keep();
      expect(await page.inputValue('input[name="meta.appName"]')).toBe('Renamed');
      await page.click('.side-list >> text=Mail settings');
      await keep();
      expect(await page.evaluate(() => location.hash)).toBe('#/settings/application');
      await page.click('.savebar >> text=Reset');
      await discard();
      expect(await page.inputValue('input[name="meta.appName"]')).toBe('Acme');
      // Clean again: switching sections no longer asks.
      await page.click('.side-list >> text=Mail settings');
      await page.waitForSelector('h1:has-text("Mail settings")');
      expect(await dialog().count()).toBe(0);
    },
    T,
  );

  test(
    'token options: a changed duration asks before leaving; saving clears it',
    async () => {
      await page.goto(`${server.url}/_/#/settings/tokens`);
      const users = page.locator('[data-collection=users]');
      await users.locator('input').first().fill('1234');
      await page.click('.side-list >> text=Crons');
      await keep();
      expect(await page.evaluate(() => location.hash)).toBe('#/settings/tokens');
      await users.locator('button:has-text("Save users")').click();
      await page.waitForSelector('.toast:has-text("Token options of users saved")');
      await page.click('.side-list >> text=Crons');
      await page.waitForSelector('h1:has-text("Crons")');
      expect(await dialog().count()).toBe(0);
    },
    T,
  );

  test(
    'the browser warns before unloading a page with unsaved changes',
    async () => {
      const other = await browser.newPage();
      await login(other, server.url);
      await other.goto(`${server.url}/_/#/settings/application`);
      // A real click and real keys: Chromium only asks after the user has interacted with the page.
      await other.click('input[name="meta.appName"]');
      await other.keyboard.type(' unsaved');
      const dialog = other.waitForEvent('dialog', { timeout: 10_000 });
      // Leaving the dashboard: the browser asks; staying aborts the navigation.
      const leaving = other.goto('about:blank').then(
        () => 'left',
        () => 'stayed',
      );
      const d = await dialog;
      expect(d.type()).toBe('beforeunload');
      await d.dismiss();
      expect(await leaving).toBe('stayed');
      expect(other.url()).toContain('/_/#/settings/application');
      await other.close();
    },
    T,
  );

  test('the page never threw', () => {
    expect(pageErrors).toEqual([]);
  });
});

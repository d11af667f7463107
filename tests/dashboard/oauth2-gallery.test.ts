// OAuth2 providers configured from the searchable gallery: each provider's own settings, OIDC
// endpoints, Apple's generated client secret, then the server's auth methods reflect them.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { generateKeyPairSync } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../support/server.ts';
import { closeDashboard, hasChromium, openDashboard, shot } from './browser.ts';

const T = 60_000; // a browser test on 2 busy cores; the npm test default too
const APPLE_KEY = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe.skipIf(!hasChromium)('OAuth2 provider gallery (chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    ({ server, browser, page, pageErrors } = await openDashboard({ height: 900 }));
  }, 60_000);

  afterAll(() => closeDashboard(browser, server), T);

  const tiles = () =>
    page
      .locator('[data-testid=provider-gallery] [data-provider]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-provider')));
  const openGallery = async (search: string) => {
    await page.click('[data-testid=add-provider]');
    await page.waitForSelector('[data-testid=provider-gallery]');
    await page.fill('input[name=provider-search]', search);
  };

  test(
    'the gallery searches providers; GitHub is added with its own settings',
    async () => {
      await page.goto(`${server.url}/_/#/collections/users`);
      await page.click('[data-testid=edit-collection]');
      await page.click('.tabs >> text=Options');
      await openGallery('');
      expect((await tiles()).length).toBeGreaterThan(25);
      await page.fill('input[name=provider-search]', 'git');
      expect((await tiles()).sort()).toEqual(['gitea', 'gitee', 'github', 'gitlab']);
      await shot(page, 'oauth2-gallery');
      await page.click('[data-provider=github]');
      await page.fill('input[name="provider.clientId"]', 'gh-client');
      expect(await page.isDisabled('[data-testid=provider-done]')).toBe(true); // no secret yet
      // Esc on the half-filled provider asks first; staying keeps what was typed.
      await page.keyboard.press('Escape');
      await page.click('[role=alertdialog] >> text=Cancel');
      expect(await page.inputValue('input[name="provider.clientId"]')).toBe('gh-client');
      await page.fill('input[name="provider.clientSecret"]', 'gh-secret');
      await page.fill('input[name="provider.displayName"]', 'Company GitHub');
      await page.locator('.toggle', { hasText: 'Use PKCE' }).locator('input').uncheck();
      // Plain GitHub has fixed endpoints: no URL fields.
      expect(await page.locator('input[name="provider.authURL"]').count()).toBe(0);
      await page.click('[data-testid=provider-done]');
      await page.waitForSelector('[data-configured=github]:has-text("Company GitHub")');

      await openGallery('github');
      expect(await page.isDisabled('[data-provider=github]')).toBe(true);
      await page.keyboard.press('Escape');
    },
    T,
  );

  test(
    'OpenID Connect needs its endpoints; Apple gets a client secret generated from its key',
    async () => {
      await openGallery('oidc');
      await page.click('[data-provider=oidc]');
      await page.fill('input[name="provider.clientId"]', 'oidc-client');
      await page.fill('input[name="provider.clientSecret"]', 'oidc-secret');
      expect(await page.isDisabled('[data-testid=provider-done]')).toBe(true);
      await page.fill('input[name="provider.authURL"]', 'https://id.example.com/authorize');
      await page.fill('input[name="provider.tokenURL"]', 'https://id.example.com/token');
      await page.fill('input[name="provider.userInfoURL"]', 'https://id.example.com/userinfo');
      await page.click('[data-testid=provider-done]');
      await page.waitForSelector('[data-configured=oidc]');

      await openGallery('apple');
      await page.click('[data-provider=apple]');
      await page.fill('input[name="provider.clientId"]', 'com.example.web');
      await page.fill('input[name="apple.teamId"]', 'ABCDE12345');
      await page.fill('input[name="apple.keyId"]', 'KEY1234567');
      await page.fill('textarea[name="apple.privateKey"]', APPLE_KEY);
      await shot(page, 'oauth2-apple');
      await page.click('text=Generate and use as client secret');
      await page.waitForFunction(() =>
        (
          document.querySelector('input[name="provider.clientSecret"]') as HTMLInputElement
        )?.value.startsWith('eyJ'),
      );
      const secret = await page.inputValue('input[name="provider.clientSecret"]');
      expect(secret.split('.')).toHaveLength(3);
      const claims = JSON.parse(Buffer.from(secret.split('.')[1]!, 'base64url').toString());
      expect(claims).toMatchObject({ iss: 'ABCDE12345', sub: 'com.example.web' });
      await page.click('[data-testid=provider-done]');
      await page.waitForSelector('[data-configured=apple]');

      await page.click('[data-testid=collection-save]');
      await page.waitForSelector('.panel', { state: 'detached' });
    },
    T,
  );

  test(
    'the saved providers are what the server uses for logins',
    async () => {
      const pb = await server.superuserClient();
      const users = await pb.collections.getOne('users');
      expect(users.oauth2.enabled).toBe(true);
      const byName = Object.fromEntries(
        (users.oauth2.providers as Record<string, unknown>[]).map((p) => [p.name, p]),
      );
      expect(Object.keys(byName)).toEqual(['github', 'oidc', 'apple']);
      expect(byName.github).toMatchObject({
        clientId: 'gh-client',
        displayName: 'Company GitHub',
        pkce: false,
      });
      expect(byName.oidc).toMatchObject({
        authURL: 'https://id.example.com/authorize',
        tokenURL: 'https://id.example.com/token',
        userInfoURL: 'https://id.example.com/userinfo',
      });

      const methods = await server.client().collection('users').listAuthMethods();
      const listed = Object.fromEntries(methods.oauth2.providers.map((p) => [p.name, p]));
      expect(listed.github?.displayName).toBe('Company GitHub');
      expect(listed.github?.authURL).toContain('client_id=gh-client');
      expect(listed.github?.authURL).not.toContain('code_challenge'); // PKCE off
      expect(listed.oidc?.authURL).toStartWith('https://id.example.com/authorize?');
      expect(listed.oidc?.authURL).toContain('code_challenge');
    },
    T,
  );

  test(
    'editing a saved provider keeps its secret when the field is left empty',
    async () => {
      await page.click('[data-testid=edit-collection]');
      await page.click('.tabs >> text=Options');
      await page.click('[data-configured=github] >> text=Edit');
      expect(await page.inputValue('input[name="provider.clientSecret"]')).toBe('');
      await page.fill('input[name="provider.displayName"]', 'GitHub (staff)');
      await page.click('[data-testid=provider-done]');
      await page.click('[data-testid=collection-save]');
      await page.waitForSelector('.panel', { state: 'detached' });
      const methods = await server.client().collection('users').listAuthMethods();
      const github = methods.oauth2.providers.find((p) => p.name === 'github');
      expect(github?.displayName).toBe('GitHub (staff)');
      expect(github?.authURL).toContain('client_id=gh-client');
    },
    T,
  );

  test('the page never threw', () => {
    expect(pageErrors).toEqual([]);
  });
});

// The dashboard's fixed answers that need no built dashboard: PocketBase's UI extension routes.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ noSuperuser: true });
});
afterAll(() => server.stop());

// PocketBase 0.40.4 with no UI extensions: `/_/extensions.js` → 200, `text/javascript`, empty;
// `/_/extensions`, `/_/extensions/`, `/_/extensions/foo.js` → 404 `File not found.`
describe('UI extensions', () => {
  test('extensions.js is an empty script', async () => {
    const res = await server.fetch('/_/extensions.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript');
    expect(await res.text()).toBe('');
  });

  test('nothing under extensions/: 404 envelope', async () => {
    for (const path of ['/_/extensions', '/_/extensions/', '/_/extensions/foo/main.js']) {
      const res = await server.fetch(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(await res.json()).toEqual({ status: 404, message: 'File not found.', data: {} });
    }
  });
});

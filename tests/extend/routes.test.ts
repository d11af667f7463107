// Custom routes from a native hooks file: middlewares (per route and app-wide), auth helpers, errors.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type HooksServer, hooksLayout, startWithHooks } from './support.ts';

const ROUTES = `import {
  BadRequestError, requireAuth, requireGuestOnly, requireSuperuserAuth, routerAdd, routerUse,
} from 'satchel';

// App-wide: every matched route answers with this header.
routerUse(async (e) => {
  const res = await e.next();
  res.headers.set('x-hooks', 'yes');
  return res;
});

const stamp = (label: string) => async (e) => {
  e.set('trail', [...((e.get('trail') as string[]) ?? []), label]);
  return e.next();
};

routerAdd('GET', '/api/me', (e) => ({ id: e.auth?.record.id, trail: e.get('trail') }),
  stamp('a'), stamp('b'), requireAuth());
routerAdd('GET', '/api/users-only', () => ({ ok: true }), requireAuth('users'));
routerAdd('GET', '/api/admin', () => ({ ok: true }), requireSuperuserAuth());
routerAdd('GET', '/api/guests', () => 'welcome', requireGuestOnly());
routerAdd('GET', '/api/files/{path...}', (e) => e.string(200, e.params.path));
routerAdd('POST', '/api/fail', () => { throw new BadRequestError('Nope.', { x: { code: 'c', message: 'Must be set.' } }); });
routerAdd('GET', '/api/empty', () => {});
`;

let server: HooksServer;
let userToken = '';
let superToken = '';
beforeAll(async () => {
  server = await startWithHooks(hooksLayout({ 'routes.ts': ROUTES }), false);
  const su = await server.superuser();
  superToken = su.authStore.token;
  await su.collection('users').create({
    email: 'u@example.com',
    password: '1234567890',
    passwordConfirm: '1234567890',
  });
  const auth = await server
    .fetch('/api/collections/users/auth-with-password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'u@example.com', password: '1234567890' }),
    })
    .then((r) => r.json() as Promise<{ token: string }>);
  userToken = auth.token;
});
afterAll(() => server.stop());

const as = (token: string) => (token ? { headers: { authorization: token } } : {});

describe('custom routes', () => {
  const cases: [string, string, 'guest' | 'user' | 'superuser', number, string | null][] = [
    ['requireAuth: guest', '/api/me', 'guest', 401, 'requires valid record authorization token'],
    ['requireAuth: user, after the route middlewares', '/api/me', 'user', 200, '"trail":["a","b"]'],
    ['requireAuth(users): superuser', '/api/users-only', 'superuser', 403, 'not allowed'],
    ['requireAuth(users): user', '/api/users-only', 'user', 200, '"ok":true'],
    ['requireSuperuserAuth: user', '/api/admin', 'user', 403, 'not allowed'],
    ['requireSuperuserAuth: superuser', '/api/admin', 'superuser', 200, '"ok":true'],
    ['requireGuestOnly: user', '/api/guests', 'user', 400, 'only by guests'],
    ['requireGuestOnly: guest', '/api/guests', 'guest', 200, '"welcome"'],
    ['rest wildcard', '/api/files/a/b.txt', 'guest', 200, 'a/b.txt'],
    ['no response → 204', '/api/empty', 'guest', 204, null],
  ];
  for (const [name, path, caller, status, fragment] of cases) {
    test(name, async () => {
      const token = caller === 'user' ? userToken : caller === 'superuser' ? superToken : '';
      const res = await server.fetch(path, as(token));
      expect(res.status).toBe(status);
      expect(res.headers.get('x-hooks')).toBe(status < 400 ? 'yes' : null);
      if (fragment) expect(await res.text()).toContain(fragment);
    });
  }

  test('a thrown error class answers its status in the error envelope', async () => {
    const res = await server.fetch('/api/fail', { method: 'POST' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      status: 400,
      message: 'Nope.',
      data: { x: { code: 'c', message: 'Must be set.' } },
    });
  });

  test('an unmatched path is a 404 (app-wide middlewares skip it)', async () => {
    const res = await server.fetch('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('x-hooks')).toBeNull();
  });
});

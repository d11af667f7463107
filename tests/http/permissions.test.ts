// Who may call what: superuser-only APIs and null rules, as guest, auth record and superuser (fixture data).
import {
  afterAllWithFixture,
  beforeAllWithFixture,
  describeWithFixture,
} from '../support/fixture.ts';
import { type Scenario, scenarios } from '../support/scenario.ts';
import { copyFixture, FIXTURE_TOKENS, startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAllWithFixture(async () => {
  server = await startServer({ dir: copyFixture() });
});
afterAllWithFixture(() => server.stop());

const SU = FIXTURE_TOKENS.superuser;
const USER = FIXTURE_TOKENS.user;
const NEED_AUTH = 'The request requires valid record authorization token.';
const NOT_ALLOWED = 'The authorized record is not allowed to perform this action.';
const ONLY_SU = 'Only superusers can perform this action.';

/** The same request as guest (401), as a users record (403) and as a superuser (`ok`). */
function superuserOnly(
  name: string,
  base: Omit<Scenario, 'name' | 'status'>,
  ok: number,
): Scenario[] {
  return [
    { ...base, name: `${name} as guest → 401`, status: 401, contains: [NEED_AUTH], hooks: [] },
    {
      ...base,
      name: `${name} as user → 403`,
      auth: USER,
      status: 403,
      contains: [NOT_ALLOWED],
      hooks: [],
    },
    { ...base, name: `${name} as superuser → ${ok}`, auth: SU, status: ok },
  ];
}

describeWithFixture('superuser-only APIs', () => {
  scenarios(
    () => server,
    [
      ...superuserOnly('list collections', { url: '/api/collections' }, 200),
      ...superuserOnly('view a collection', { url: '/api/collections/demo1' }, 200),
      ...superuserOnly('scaffolds', { url: '/api/collections/meta/scaffolds' }, 200),
      ...superuserOnly('oauth2 providers', { url: '/api/collections/meta/oauth2-providers' }, 200),
      ...superuserOnly(
        'create a collection',
        { method: 'POST', url: '/api/collections', body: { name: 'perm_new_a', type: 'base' } },
        200,
      ),
      ...superuserOnly(
        'import collections',
        { method: 'PUT', url: '/api/collections/import', body: { collections: [] } },
        400,
      ),
      ...superuserOnly('read settings', { url: '/api/settings' }, 200),
      ...superuserOnly(
        'patch settings',
        { method: 'PATCH', url: '/api/settings', body: { meta: { appName: 'perm test' } } },
        200,
      ),
      {
        name: 'settings as superuser never show the smtp password',
        url: '/api/settings',
        auth: SU,
        status: 200,
        contains: ['"appName"'],
        notContains: ['"password"'],
      },
    ],
  );
});

describeWithFixture('collection API rules (null = superusers only)', () => {
  scenarios(
    () => server,
    [
      {
        name: 'demo1 (all rules null) view as guest → 403',
        url: '/api/collections/demo1/records/84nmscqy84lsi1t',
        status: 403,
        contains: [ONLY_SU],
      },
      {
        name: 'demo1 view as user → 403',
        url: '/api/collections/demo1/records/84nmscqy84lsi1t',
        auth: USER,
        status: 403,
        contains: [ONLY_SU],
      },
      {
        name: 'demo1 view as superuser → 200 with every field',
        url: '/api/collections/demo1/records/84nmscqy84lsi1t',
        auth: SU,
        status: 200,
        contains: ['"collectionName":"demo1"', '"select_many":["optionB","optionC"]'],
      },
      {
        name: 'demo1 create as guest → 403, no record hooks fire',
        method: 'POST',
        url: '/api/collections/demo1/records',
        body: { text: 'x' },
        status: 403,
        contains: [ONLY_SU],
        hooks: [],
      },
      {
        name: 'demo1 delete as user → 403',
        method: 'DELETE',
        url: '/api/collections/demo1/records/84nmscqy84lsi1t',
        auth: USER,
        status: 403,
      },
      {
        name: 'demo2 (public) create as guest → 200, create hooks fire',
        method: 'POST',
        url: '/api/collections/demo2/records',
        body: { title: 'perm scenario' },
        status: 200,
        contains: ['"title":"perm scenario"'],
        hooks: ['onRecordCreate'],
      },
      {
        name: '_superusers records as a users record → 403',
        url: '/api/collections/_superusers/records',
        auth: USER,
        status: 403,
      },
      {
        name: 'auth records never show password or tokenKey, even to superusers',
        url: '/api/collections/users/records/4q1xlclmfloku33',
        auth: SU,
        status: 200,
        contains: ['"email":"test@example.com"'],
        notContains: ['"password"', '"tokenKey"'],
      },
      {
        name: 'unknown collection → 404 Missing collection context',
        url: '/api/collections/missing/records',
        status: 404,
        contains: ['Missing collection context.'],
      },
    ],
  );
});

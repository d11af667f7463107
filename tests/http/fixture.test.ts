// A copy of PocketBase's own test data dir is served as it is, and stays a valid PocketBase dir.
import { Database } from 'bun:sqlite';
import { expect, test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  afterAllWithFixture,
  beforeAllWithFixture,
  describeWithFixture,
} from '../support/fixture.ts';
import {
  copyFixture,
  FIXTURE_PASSWORD,
  FIXTURE_TOKENS,
  startServer,
  type TestServer,
} from '../support/server.ts';

const FIXTURE_COLLECTIONS = [
  '_superusers',
  'users',
  'clients',
  'nologin',
  'demo1',
  'demo2',
  'demo3',
  'demo4',
  'demo5',
  'view1',
  'view2',
  'numeric_id_view',
  '_externalAuths',
  '_authOrigins',
  '_mfas',
  '_otps',
];

function snapshot(dir: string) {
  const db = new Database(join(dir, 'data.db'), { readonly: true });
  try {
    return {
      collections: db
        .query('SELECT id, name, type, fields, indexes, options FROM _collections ORDER BY id')
        .all(),
      migrations: db
        .query("SELECT file FROM _migrations WHERE file NOT LIKE 'satchel_%' ORDER BY file")
        .all(),
      schema: db
        .query(
          "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all(),
      settingsType: db.query("SELECT typeof(value) AS t FROM _params WHERE id = 'settings'").get(),
      integrity: db.query('PRAGMA integrity_check').get(),
    };
  } finally {
    db.close();
  }
}

let server: TestServer;
let dir: string;
let before: ReturnType<typeof snapshot>;

beforeAllWithFixture(async () => {
  // Snapshot a copy: even a read-only open of a WAL database writes -shm/-wal files beside it.
  before = snapshot(copyFixture());
  dir = copyFixture();
  server = await startServer({ dir });
});
afterAllWithFixture(() => server.stop());

describeWithFixture('PocketBase fixture data dir', () => {
  test('is recognised as an existing PocketBase dir, not re-initialised', () => {
    expect(server.app.core.store.adopted).toBe(true);
  });

  test('lists its 16 collections with their fixed ids', async () => {
    const pb = await server.superuserClient();
    const list = await pb.collections.getFullList();
    expect(list.map((c) => c.name).sort()).toEqual([...FIXTURE_COLLECTIONS].sort());
    const byName = Object.fromEntries(list.map((c) => [c.name, c]));
    expect(byName._superusers!.id).toBe('pbc_3142635823');
    expect(byName.users!.id).toBe('_pb_users_auth_');
    expect(byName.view1!.type).toBe('view');
    // secrets never leave the server
    expect(JSON.stringify(list)).not.toContain('"secret"');
    expect(JSON.stringify(list)).not.toContain('clientSecret');
  });

  for (const email of [
    'test@example.com',
    'test2@example.com',
    'test3@example.com',
    'test4@example.com',
  ]) {
    test(`superuser ${email} logs in with its password`, async () => {
      const pb = server.client();
      const auth = await pb.collection('_superusers').authWithPassword(email, FIXTURE_PASSWORD);
      expect(auth.record.email).toBe(email);
      expect(pb.authStore.isSuperuser).toBe(true);
    });
  }

  test('users (MFA on) answer the first factor with 401 {mfaId}, as PocketBase', async () => {
    const res = await server.fetch('/api/collections/users/auth-with-password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'users75657', password: FIXTURE_PASSWORD }),
    });
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['mfaId']);
  });

  test('clients log in by email and by username', async () => {
    const pb = server.client();
    const byEmail = await pb
      .collection('clients')
      .authWithPassword('test@example.com', FIXTURE_PASSWORD);
    expect(byEmail.record.id).toBe('gk390qegs4y47wn');
    const byName = await pb
      .collection('clients')
      .authWithPassword('clients57772', FIXTURE_PASSWORD);
    expect(byName.record.id).toBe('gk390qegs4y47wn');
    expect(byName.record).not.toHaveProperty('password');
    expect(byName.record).not.toHaveProperty('tokenKey');
    // clients' authRule is `verified=true`: the unverified account is refused
    const unverified = await server.fetch('/api/collections/clients/auth-with-password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'test2@example.com', password: FIXTURE_PASSWORD }),
    });
    expect(unverified.status).toBe(403);
  });

  test('clients log in; nologin has password auth disabled', async () => {
    const pb = server.client();
    const c = await pb.collection('clients').authWithPassword('test@example.com', FIXTURE_PASSWORD);
    expect(c.record.id).toBe('gk390qegs4y47wn');
    const res = await server.fetch('/api/collections/nologin/auth-with-password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'test@example.com', password: FIXTURE_PASSWORD }),
    });
    expect(res.status).toBe(403);
  });

  test('the pre-made superuser token is accepted', async () => {
    const res = await server.fetch('/api/collections', {
      headers: { authorization: FIXTURE_TOKENS.superuser },
    });
    expect(res.status).toBe(200);
    const bearer = await server.fetch('/api/health', {
      headers: { authorization: `Bearer ${FIXTURE_TOKENS.superuser}` },
    });
    expect((await bearer.json()).data).toHaveProperty('canBackup');
  });

  test('the pre-made user token refreshes', async () => {
    const res = await server.fetch('/api/collections/users/auth-refresh', {
      method: 'POST',
      headers: { authorization: FIXTURE_TOKENS.user },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.record.id).toBe('4q1xlclmfloku33');
    expect(body.record.email).toBe('test@example.com');
  });

  test('records are readable with their values decoded', async () => {
    const pb = await server.superuserClient();
    const rec = await pb.collection('demo1').getOne('84nmscqy84lsi1t');
    expect(rec.text).toBe('test');
    expect(rec.bool).toBe(true);
    expect(rec.number).toBe(123456);
    expect(rec.select_many).toEqual(['optionB', 'optionC']);
    expect(rec.rel_many).toEqual(['oap640cot4yru2s']);
    expect(rec.json).toEqual([1, 2, 3]);
    expect(rec.point).toEqual({ lon: 0, lat: 0 });
    expect(rec.created).toBe('2022-10-14 10:13:12.397Z');
    const other = await pb.collection('demo1').getOne('al1h9ijdeojtsjy');
    expect(other.point).toEqual({ lon: 23.333157, lat: 42.654318 });
    expect(other.json).toBeNull();
  });

  test('public records are readable by guests', async () => {
    const res = await server.fetch('/api/collections/demo2/records');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.totalItems).toBe(3);
  });

  test('after serving, the copy is still a valid PocketBase dir', async () => {
    await server.stop(true);
    const after = snapshot(dir);
    expect(after.integrity).toEqual({ integrity_check: 'ok' });
    expect(after.migrations).toEqual(before.migrations);
    expect(after.collections).toEqual(before.collections);
    expect(after.schema).toEqual(before.schema);
    expect(after.settingsType).toEqual({ t: 'blob' });
    expect(
      existsSync(join(dir, 'data.db-wal')) ? readFileSync(join(dir, 'data.db-wal')).length : 0,
    ).toBe(0);
    server = await startServer({ dir }); // afterAll stops it
  });
});

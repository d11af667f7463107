// What differs on PostgreSQL under the same API: case-insensitive unique e-mails without NOCASE,
// insertion order without a sort, `_params` as JSON (encrypted too), hourly log stats, backups.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import type { ClientResponseError } from 'pocketbase';
import { createApp } from '../../src/app.ts';
import { POSTGRES_BACKUPS } from '../../src/core/backups/backups.ts';
import { evaluate } from '../../src/core/realtime/rule-batch.ts';
import { authAs } from '../core/records/helpers.ts';
import { postgresMissing, testPostgres } from '../support/postgres.ts';
import { startServer, type TestServer, tempDir } from '../support/server.ts';

const missing = postgresMissing();
if (missing && process.env.CI === 'true') throw new Error(`CI=true: ${missing}`);

async function failure(p: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await p;
  } catch (err) {
    const e = err as ClientResponseError;
    return { status: e.status, data: e.response };
  }
  throw new Error('expected the request to fail');
}

describe.skipIf(missing !== null)(`records on PostgreSQL${missing ? ` (${missing})` : ''}`, () => {
  let server: TestServer;
  let dbUrl: string;

  beforeAll(async () => {
    dbUrl = await (await testPostgres()).createDatabase('satchel_pgrec');
    server = await startServer({ dbUrl });
  });
  afterAll(async () => {
    await server.stop();
    await (await testPostgres()).dropDatabase(dbUrl);
  });

  test('the server really runs on PostgreSQL', () => {
    expect(server.app.core.store.reader.engine).toBe('postgres');
  });

  test('an e-mail index with COLLATE NOCASE compares in any case (lower() on PostgreSQL)', async () => {
    const su = await server.superuserClient();
    await su.collections.create({
      name: 'members',
      type: 'auth',
      createRule: '',
      indexes: [
        "CREATE UNIQUE INDEX `idx_members_email` ON `members` (`email` COLLATE NOCASE) WHERE `email` != ''",
      ],
    });
    const members = server.client().collection('members');
    const password = 'my-password-1';
    await members.create({ email: 'Mixed.Case@Example.com', password, passwordConfirm: password });
    const dup = await failure(
      members.create({ email: 'mixed.case@example.COM', password, passwordConfirm: password }),
    );
    expect(dup.status).toBe(400);
    expect(dup.data).toMatchObject({ data: { email: { code: 'validation_not_unique' } } });
    const auth = await members.authWithPassword('MIXED.case@example.com', password);
    expect(auth.record.email).toBe('Mixed.Case@Example.com');
    // PostgreSQL's own index agrees (lower(email)): a write past the pre-check is refused too.
    const index = server.app.core.store.reader.get<{ def: string }>(
      "SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'idx_members_email'",
    );
    expect(index?.def).toContain('lower(');
  });

  test("PocketBase's default e-mail index is case-sensitive, on PostgreSQL too", async () => {
    const users = server.client().collection('users');
    const password = 'my-password-1';
    await users.create({ email: 'Case@Example.com', password, passwordConfirm: password });
    await users.create({ email: 'case@example.com', password, passwordConfirm: password });
    const auth = await users.authWithPassword('Case@Example.com', password);
    expect(auth.record.email).toBe('Case@Example.com');
  });

  test('a list without sort comes in insertion order, not id order', async () => {
    const su = await server.superuserClient();
    await su.collections.create({ name: 'ordered', fields: [{ name: 'n', type: 'number' }] });
    // Ids out of alphabetical order, and enough rows for PostgreSQL to reorder a heap after updates.
    const ids = ['zzzzzzzzzzzzzz1', 'aaaaaaaaaaaaaa2', 'mmmmmmmmmmmmmm3', 'bbbbbbbbbbbbbb4'];
    for (const [n, id] of ids.entries()) await su.collection('ordered').create({ id, n });
    // An update moves a row's tuple to the end of the heap: the order must not follow it.
    await su.collection('ordered').update(ids[0]!, { n: 100 });
    const list = await su.collection('ordered').getList(1, 10);
    expect(list.items.map((r) => r.id)).toEqual(ids);
    const sorted = await su.collection('ordered').getList(1, 10, { sort: '-@rowid' });
    expect(sorted.items.map((r) => r.id)).toEqual([...ids].reverse());
  });

  test('settings are stored as JSON and read back', async () => {
    const su = await server.superuserClient();
    await su.settings.update({ meta: { appName: 'On PG' } });
    const row = server.app.core.store.reader.get<{ t: string; name: string }>(
      "SELECT json_typeof(value) AS t, value->'meta'->>'appName' AS name FROM _params WHERE id = 'settings'",
    );
    expect(row).toEqual({ t: 'object', name: 'On PG' });
    expect(((await su.settings.getAll()) as { meta: { appName: string } }).meta.appName).toBe(
      'On PG',
    );
  });

  test('log stats group by hour and logs filter on data.* paths', async () => {
    const su = await server.superuserClient();
    await server.app.core.store.logs.drain();
    const stats = await su.logs.getStats();
    expect(stats.length).toBeGreaterThan(0);
    for (const s of stats) expect(s.date).toMatch(/^\d{4}-\d\d-\d\d \d\d:00:00\.000Z$/);
    const list = await su.logs.getList(1, 5, { filter: 'data.method = "POST"', sort: '-created' });
    expect(list.items.length).toBeGreaterThan(0);
    for (const item of list.items) expect(item.data.method).toBe('POST');
    // Keys in Go's (sorted) order, though JSONB keeps them shortest first.
    const keys = Object.keys(list.items[0]!.data);
    expect(keys).toEqual([...keys].sort());
  });

  test('a log row with NUL characters is kept (U+FFFD), not its whole batch lost', async () => {
    const core = server.app.core;
    core.logger.info('before');
    core.logger.info('nul\0here', { value: 'a\0b', path: '\\u0000 stays' });
    core.logger.info('after');
    await core.store.logs.drain();
    const rows = core.store.aux.all<{ message: string; data: string }>(
      "SELECT message, data::text AS data FROM _logs WHERE message IN ('before', 'nul\uFFFDhere', 'after') ORDER BY message",
    );
    expect(rows.map((r) => r.message)).toEqual(['after', 'before', 'nul\uFFFDhere']);
    expect(JSON.parse(rows[2]!.data)).toEqual({ value: 'a\uFFFDb', path: '\\u0000 stays' });
  });

  test('realtime rule checks for several subscribers in one query (JSON pairs on PostgreSQL)', async () => {
    const su = await server.superuserClient();
    await su.collections.create({
      name: 'owned',
      fields: [
        { name: 'owner', type: 'text' },
        { name: 'n', type: 'number' },
      ],
      listRule: 'owner = @request.auth.id && n > 1',
    });
    const core = server.app.core;
    const password = 'my-password-1';
    const ids: string[] = [];
    for (const email of ['rt1@example.com', 'rt2@example.com', 'rt3@example.com']) {
      const r = await su.collection('users').create({ email, password, passwordConfirm: password });
      ids.push(r.id);
    }
    const auths = ids.map((id) => authAs(core, 'users', id));
    const owned = core.collections.require('owned');
    const record = { id: 'ownedrecord0001', owner: ids[1]!, n: 2, created: '', updated: '' };
    const conds = [{ expr: owned.listRule!, restricted: false }];
    const options = { query: {}, headers: {} };
    expect(evaluate(core, owned, record, conds, options, auths)).toEqual([false, true, false]);
    // The number is compared as a number (typed one-row snapshot), not as text.
    expect(evaluate(core, owned, { ...record, n: 10 }, conds, options, auths)).toEqual([
      false,
      true,
      false,
    ]);
    expect(evaluate(core, owned, { ...record, n: 1 }, conds, options, auths)).toEqual([
      false,
      false,
      false,
    ]);
  });

  test('backups: creating, uploading and restoring answer that PostgreSQL has its own', async () => {
    const su = await server.superuserClient();
    for (const p of [
      su.backups.create('x.zip'),
      su.backups.upload({ file: new File([new Uint8Array([80, 75, 5, 6])], 'y.zip') }),
      su.backups.restore('x.zip'),
    ]) {
      const f = await failure(p);
      expect(f.status).toBe(400);
      expect(f.data).toMatchObject({ message: POSTGRES_BACKUPS, data: {} });
    }
    expect(await su.backups.getFullList()).toEqual([]);
    // No auto-backup job either, whatever the cron says.
    await su.settings.update({ backups: { cron: '0 0 * * *' } });
    expect((await su.crons.getFullList()).map((j) => j.id)).not.toContain('__pbAutoBackup__');
  });
});

describe.skipIf(missing !== null)('encrypted settings on PostgreSQL', () => {
  const encryption = { env: 'PG_TEST_KEY', key: 'k'.repeat(32) };
  let dbUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    dbUrl = await (await testPostgres()).createDatabase('satchel_pgenc');
    dataDir = join(tempDir(), 'sb_data');
  });
  afterAll(async () => {
    await (await testPostgres()).dropDatabase(dbUrl);
  });

  test('the encrypted row is a JSON string; the same key opens it, none refuses', async () => {
    const app = await createApp({ dataDir, dbUrl, encryption });
    await app.core.settings.update(app.core.store, { meta: { appName: 'Sealed' } });
    const row = app.core.store.reader.get<{ t: string }>(
      "SELECT json_typeof(value) AS t FROM _params WHERE id = 'settings'",
    );
    expect(row?.t).toBe('string');
    await app.close();

    const again = await createApp({ dataDir, dbUrl, encryption });
    expect(again.core.settings.get().meta.appName).toBe('Sealed');
    await again.close();

    await expect(createApp({ dataDir, dbUrl })).rejects.toThrow(/encrypted or unreadable/);
  });
});

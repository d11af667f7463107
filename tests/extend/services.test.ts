// The record and collection services extensions use (PocketBase's `$app` names over core).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as services from '../../src/extend/services.ts';
import { startServer, type TestServer, tempDir } from '../support/server.ts';

let server: TestServer;
const core = () => server.app.core;

beforeAll(async () => {
  const migrations = join(tempDir('satchel-services-'), 'migrations');
  mkdirSync(migrations);
  writeFileSync(
    join(migrations, '1_init.js'),
    `migrate((app) => app.save(new Collection({ name: 'items', fields: [
      { name: 'title', type: 'text' }, { name: 'n', type: 'number' }, { name: 'tags', type: 'json' } ] })));`,
  );
  server = await startServer({ migrationsDir: migrations, automigrate: false });
  for (const [title, n] of [
    ['alpha', 1],
    ['beta', 2],
    ['gamma', 3],
    ['o\'brien " {:x}', 4],
  ] as const) {
    await services.save(core(), 'items', { title, n });
  }
});

afterAll(async () => {
  await server?.stop();
});

describe('finds', () => {
  test('filter with bound params, sort, limit and offset', async () => {
    const rows = await services.findRecordsByFilter(core(), 'items', 'n >= {:min}', '-n', 2, 1, {
      min: 2,
    });
    expect(rows.map((r) => r.title)).toEqual(['gamma', 'beta']);
  });

  test('param values are bound, never spliced into the filter', async () => {
    const tricky = 'o\'brien " {:x}';
    const rows = await services.findRecordsByFilter(core(), 'items', 'title = {:t}', '', 0, 0, {
      t: tricky,
    });
    expect(rows.map((r) => r.n)).toEqual([4]);
    const none = await services.findRecordsByFilter(core(), 'items', 'title = {:t}', '', 0, 0, {
      t: "x' || 1=1 || '",
    });
    expect(none).toEqual([]);
  });

  test('a missing param and a bad filter are 400s', async () => {
    await expect(
      services.findRecordsByFilter(core(), 'items', 'n = {:nope}'),
    ).rejects.toMatchObject({
      status: 400,
    });
    await expect(services.findRecordsByFilter(core(), 'items', 'n ==== 1')).rejects.toMatchObject({
      status: 400,
    });
  });

  test('first by filter, by data, by id; nothing found is NoRowsError', async () => {
    const first = await services.findFirstRecordByFilter(core(), 'items', 'n = {:n}', { n: 3 });
    expect(first.title).toBe('gamma');
    const byData = await services.findFirstRecordByData(core(), 'items', 'title', 'beta');
    expect((await services.findRecordById(core(), 'items', byData.id)).n).toBe(2);
    await expect(services.findRecordById(core(), 'items', 'missing')).rejects.toBeInstanceOf(
      services.NoRowsError,
    );
    await expect(
      services.findFirstRecordByFilter(core(), 'items', 'n > 100'),
    ).rejects.toBeInstanceOf(services.NoRowsError);
  });

  test('collections by id or name, names case-insensitive', () => {
    const c = services.findCollectionByNameOrId(core(), 'ITEMS');
    expect(services.findCollectionByNameOrId(core(), c.id).name).toBe('items');
    expect(() => services.findCollectionByNameOrId(core(), 'nope')).toThrow(services.NoRowsError);
  });

  test('auth records by e-mail', async () => {
    await services.save(core(), 'users', {
      email: 'svc@example.com',
      password: '1234567890',
      passwordConfirm: '1234567890',
    });
    const user = await services.findAuthRecordByEmail(core(), 'users', 'svc@example.com');
    expect(user.email).toBe('svc@example.com');
    expect(String(user.password)).toStartWith('$2');
  });
});

describe('writes', () => {
  test('save creates, then updates the same id', async () => {
    const created = await services.save(core(), 'items', { title: 'delta', n: 5 });
    expect(created.id).toHaveLength(15);
    const updated = await services.save(core(), 'items', { ...created, n: 6 });
    expect(updated.id).toBe(created.id);
    expect((await services.findRecordById(core(), 'items', created.id)).n).toBe(6);
    await services.delete(core(), 'items', updated);
    await expect(services.findRecordById(core(), 'items', created.id)).rejects.toThrow();
  });

  test('runInTransaction rolls back every save when it throws', async () => {
    const err = await services
      .runInTransaction(core(), async () => {
        await services.save(core(), 'items', { title: 'tx1' });
        await services.save(core(), 'items', { title: 'tx2' });
        throw new Error('undo');
      })
      .catch((e) => e);
    expect(err.message).toBe('undo');
    expect(await services.findRecordsByFilter(core(), 'items', "title ~ 'tx'")).toEqual([]);
  });
});

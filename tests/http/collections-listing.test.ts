// GET /api/collections after the same collections-API calls equals PocketBase 0.40.4's answer,
// recorded in tests/fixtures/pocketbase/collections-listing.json (see its README).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import PB from '../fixtures/pocketbase/collections-listing.json';
import { startServer, type TestServer } from '../support/server.ts';

// biome-ignore lint/suspicious/noExplicitAny: API JSON, compared with the fixture as a whole.
type Json = Record<string, any>;

/** The fixture's normalization: dates and token secrets blanked, view field clone ids cut. */
function normalize(listing: unknown): Json {
  const text = JSON.stringify(listing, (k, v) =>
    k === 'created' || k === 'updated' || k === 'secret'
      ? ''
      : typeof v === 'string'
        ? v.replace(/_clone_\w{4}/g, '_clone_')
        : v,
  );
  return JSON.parse(text);
}

let server: TestServer;
let listing: Json;
const byName = (l: Json, name: string): Json => l.items.find((c: Json) => c.name === name);

beforeAll(async () => {
  server = await startServer();
  const su = await server.superuserClient();
  const headers = { 'content-type': 'application/json', authorization: su.authStore.token };
  const statuses = [];
  for (const { method, path, body } of PB.calls) {
    const res = await server.fetch(path, { method, headers, body: JSON.stringify(body) });
    statuses.push(res.status);
  }
  expect(statuses).toEqual(PB.statuses);
  const res = await server.fetch('/api/collections?perPage=500', { headers });
  listing = normalize(await res.json());
});
afterAll(() => server.stop());

describe("the collection listing is PocketBase's", () => {
  test('default auth mail templates, word for word', () => {
    const keys = ['verificationTemplate', 'resetPasswordTemplate', 'confirmEmailChangeTemplate'];
    for (const name of ['_superusers', 'users', 'members']) {
      const ours = byName(listing, name);
      const theirs = byName(PB.listing, name);
      for (const key of [...keys, 'otp', 'authAlert'])
        expect([name, key, ours[key]]).toEqual([name, key, theirs[key]]);
    }
  });

  // PocketBase 0.40.4 answers [] for these, whether left out or sent as null.
  test('empty option arrays are [] (email/url domains, file mimeTypes/thumbs), even sent as null', async () => {
    const lists = (c: Json) =>
      c.fields.map((f: Json) =>
        Object.fromEntries(
          ['exceptDomains', 'onlyDomains', 'mimeTypes', 'thumbs'].flatMap((k) =>
            k in f ? [[k, f[k]]] : [],
          ),
        ),
      );
    expect(lists(byName(listing, 'all_types'))).toEqual(lists(byName(PB.listing, 'all_types')));
    expect(lists(byName(listing, 'users'))).toEqual(lists(byName(PB.listing, 'users')));
    const su = await server.superuserClient();
    const c = await su.collections.create({
      name: 'nulls',
      fields: [
        { name: 'e', type: 'email', exceptDomains: null, onlyDomains: null },
        { name: 'u', type: 'url', onlyDomains: ['x.com'], exceptDomains: null },
        { name: 'f', type: 'file', mimeTypes: null, thumbs: null },
      ],
    });
    expect(lists(c)).toEqual([
      {},
      { exceptDomains: [], onlyDomains: [] },
      { exceptDomains: [], onlyDomains: ['x.com'] },
      { mimeTypes: [], thumbs: [] },
    ]);
    await su.collections.delete(c.id);
  });

  // PocketBase 0.40.4: a missing id is prepended, other missing system fields appended
  // (FieldsList.Add), and an import appends whatever it leaves out, id included.
  test("fields in PocketBase's order: create, update, import", async () => {
    const names = (c: Json) => c.fields.map((f: Json) => f.name);
    expect(names(byName(listing, 'members2'))).toEqual(names(byName(PB.listing, 'members2')));
    const su = await server.superuserClient();
    const mid = await su.collections.create({
      name: 'ord_mid',
      type: 'auth',
      fields: [
        { name: 'n1', type: 'text' },
        { name: 'email', type: 'email' },
        { name: 'n2', type: 'text' },
      ],
    });
    expect(names(mid)).toEqual([
      'id',
      'n1',
      'email',
      'n2',
      'password',
      'tokenKey',
      'emailVisibility',
      'verified',
    ]);
    const patched = await su.collections.update(mid.id, {
      fields: [{ name: 'n3', type: 'text' }],
    });
    expect(names(patched)).toEqual([
      'id',
      'n3',
      'password',
      'tokenKey',
      'email',
      'emailVisibility',
      'verified',
    ]);
    // `password` sent as text is replaced by the system password field, not a duplicate.
    const asText = await su.collections.create({
      name: 'ord_pw',
      type: 'auth',
      fields: [{ name: 'password', type: 'text' }],
    });
    expect(asText.fields.map((f: Json) => [f.name, f.type])).toEqual([
      ['id', 'text'],
      ['password', 'password'],
      ['tokenKey', 'text'],
      ['email', 'email'],
      ['emailVisibility', 'bool'],
      ['verified', 'bool'],
    ]);
    await su.collections.create({
      name: 'ord_imp',
      fields: [
        { name: 'a', type: 'text' },
        { name: 'b', type: 'text' },
      ],
    });
    await su.collections.import([
      { name: 'ord_imp', fields: [{ name: 'c', type: 'text' }] },
    ] as never);
    expect(names(await su.collections.getOne('ord_imp'))).toEqual(['c', 'id', 'a', 'b']);
    for (const n of ['ord_mid', 'ord_pw', 'ord_imp']) await su.collections.delete(n);
  });

  test("system collections in PocketBase's creation order, with its index SQL", () => {
    const system = (l: Json) =>
      l.items.slice(0, 6).map((c: Json) => ({ name: c.name, indexes: c.indexes }));
    expect(system(listing)).toEqual(system(PB.listing));
  });

  // Everything above, and the rest: every key, every value and their order, byte for byte.
  test("the whole answer equals PocketBase 0.40.4's", () => {
    expect(JSON.stringify(listing, null, 1)).toBe(JSON.stringify(PB.listing, null, 1));
  });

  // PocketBase 0.40.4 reads a fields list with FieldsList.Add: a repeated id, or a repeated exact
  // name without id, replaces the earlier item in place; `a` and `A` stay two (a duplicate).
  test('a repeated field in the input replaces the earlier one, as PocketBase reads it', async () => {
    const su = await server.superuserClient();
    const byId = await su.collections.create({
      name: 'rep_id',
      fields: [
        { id: 'f1', name: 'a', type: 'text' },
        { id: 'f1', name: 'b', type: 'text' },
      ],
    });
    expect(byId.fields.map((f: Json) => [f.id, f.name])).toEqual([
      ['text3208210256', 'id'],
      ['f1', 'b'],
    ]);
    const byName = await su.collections.create({
      name: 'rep_name',
      fields: [
        { name: 'a', type: 'text', max: 3 },
        { name: 'b', type: 'text' },
        { name: 'a', type: 'text', max: 5 },
      ],
    });
    expect(byName.fields.map((f: Json) => [f.name, f.max])).toEqual([
      ['id', 15],
      ['a', 5],
      ['b', 0],
    ]);
    for (const n of ['rep_id', 'rep_name']) await su.collections.delete(n);
  });
});

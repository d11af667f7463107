// A schema moves between data dirs: PocketBase's own export imports as is, adopted fields show
// every key, and imports clean up after themselves (http-api.md §7, collections-and-fields.md §2).
import { expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import type { CollectionModel } from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { fileStorage } from '../../src/core/files/storage.ts';
import {
  afterAllWithFixture,
  beforeAllWithFixture,
  describeWithFixture,
} from '../support/fixture.ts';
import { copyFixture, FIXTURE_TOKENS, startServer, type TestServer } from '../support/server.ts';

async function failure(p: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ClientResponseError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

let fixture: TestServer;
let fresh: TestServer;
let exported: CollectionModel[];
let su: PocketBase;

beforeAllWithFixture(async () => {
  fixture = await startServer({ dir: copyFixture() });
  const fixtureSu = fixture.client();
  fixtureSu.authStore.save(FIXTURE_TOKENS.superuser, null);
  exported = await fixtureSu.collections.getFullList();
  fresh = await startServer();
  su = await fresh.superuserClient();
});
afterAllWithFixture(async () => {
  await fixture.stop();
  await fresh.stop();
});

describeWithFixture('a PocketBase data dir', () => {
  test('its fields carry every key of their type (help included) as the API shows them', () => {
    for (const c of exported) {
      for (const f of c.fields) {
        if (f.type !== 'autodate')
          expect([c.name, f.name, 'help' in f]).toEqual([c.name, f.name, true]);
      }
    }
  });

  test('its exported collections import into a fresh dir unchanged, system field ids included', async () => {
    // Auth and system collections the fresh dir has too are matched by name; the rest are new.
    // OAuth2 client secrets never leave the API, so the providers can't travel with the export.
    const portable = exported.map((c) =>
      c.type === 'auth' ? { ...c, oauth2: { ...c.oauth2, providers: [] } } : c,
    );
    const before = new Set((await su.collections.getFullList()).map((c) => c.name));
    await su.collections.import(portable as CollectionModel[], false);
    const now = await su.collections.getFullList();
    for (const c of exported.filter((x) => !x.system)) {
      const got = now.find((x) => x.name === c.name);
      // A collection the dir already had (users) keeps its own field ids, matched by name; a
      // view's fields are inferred again from its query (fresh `_clone_` ids, as PocketBase).
      const byName = before.has(c.name) || c.type === 'view';
      const shape = (fs: CollectionModel['fields']) =>
        fs.map((f) => (byName ? [f.name, f.type] : [f.id, f.name, f.type]));
      expect([c.name, shape(got?.fields ?? [])]).toEqual([c.name, shape(c.fields)]);
      if (!before.has(c.name)) expect(got?.id).toBe(c.id);
    }
  });
});

describeWithFixture('create and update', () => {
  test('a create that brings its own id field (own field id) keeps it, no duplicate', async () => {
    const c = await su.collections.create({
      name: 'own_ids',
      fields: [
        {
          id: 'my_id_field',
          name: 'id',
          type: 'text',
          primaryKey: true,
          required: true,
          system: true,
          pattern: '^[a-z0-9]+$',
          min: 15,
          max: 15,
          autogeneratePattern: '[a-z0-9]{15}',
        },
        { name: 'title', type: 'text' },
      ],
    });
    expect(c.fields.map((f) => [f.id, f.name])).toEqual([
      ['my_id_field', 'id'],
      [c.fields[1]!.id, 'title'],
    ]);
  });

  test('leaving out a system field other than the defaults is refused, not quietly restored', async () => {
    const ext = await su.collections.getOne('_externalAuths');
    const e = await failure(
      su.collections.update('_externalAuths', {
        fields: ext.fields.filter((f) => f.name !== 'provider'),
      }),
    );
    expect(e.response.data.fields.code).toBe('validation_system_field_change');
  });

  test('a dry-run of a broken view query says so', async () => {
    const res = await fresh.fetch('/api/collections/meta/dry-run-view', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: su.authStore.token },
      body: JSON.stringify({ query: 'select nope' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/^Invalid view query\. /);
  });
});

describeWithFixture('import with deleteMissing', () => {
  test('an item without `fields` keeps only its system fields', async () => {
    const c = await su.collections.create({
      name: 'slim',
      fields: [
        { name: 'a', type: 'text' },
        { name: 'b', type: 'number' },
      ],
    });
    const keep = (await su.collections.getFullList()).filter((x) => x.name !== 'slim');
    await su.collections.import([...keep, { id: c.id, name: 'slim' } as CollectionModel], true);
    expect((await su.collections.getOne('slim')).fields.map((f) => f.name)).toEqual(['id']);
  });

  test("a collection it deletes takes its files along; a view in the way is the import's error", async () => {
    await su.collections.create({
      name: 'with_files',
      listRule: '',
      fields: [{ name: 'doc', type: 'file', maxSelect: 1 }],
    });
    const rec = await su.collection('with_files').create({ doc: new File(['bytes'], 'doc.txt') });
    const storage = fileStorage(fresh.app.core);
    expect((await storage.list(rec.collectionId)).length).toBeGreaterThan(0);
    await su.collections.create({
      name: 'files_view',
      type: 'view',
      viewQuery: 'SELECT id FROM with_files',
    });
    const others = (await su.collections.getFullList()).filter(
      (x) => x.name !== 'with_files' && x.name !== 'files_view',
    );
    // Keeping the view but not its source: refused in the import's own envelope (PocketBase:
    // `failed to save collection "files_view": SQL logic error: no such table`).
    const view = (await su.collections.getOne('files_view')) as CollectionModel;
    const e = await failure(su.collections.import([...others, view], true));
    expect(e.response.message).toBe('Failed to import collections.');
    expect(e.response.data.collections.code).toBe('validation_collections_import_failure');
    await su.collections.import(others, true);
    expect(await storage.list(rec.collectionId)).toEqual([]);
  });

  // PocketBase 0.40.4 answers 204 to both (deletes run with integrity checks off, and each item
  // is saved before it is validated).
  test('creates, updates and deletes in one call: a view and a relation moved to a new collection', async () => {
    const src = await su.collections.create({
      name: 'mv_src',
      fields: [{ name: 't', type: 'text' }],
    });
    const target = await su.collections.create({ name: 'mv_target' });
    await su.collections.create({
      name: 'mv_owner',
      fields: [{ name: 'r', type: 'relation', collectionId: target.id }],
    });
    await su.collections.create({
      name: 'mv_view',
      type: 'view',
      viewQuery: 'select id, t from mv_src',
    });
    const items = (await su.collections.getFullList()).filter(
      (c) => c.name !== 'mv_src' && c.name !== 'mv_target',
    );
    items.find((c) => c.name === 'mv_view')!.viewQuery = 'select id, t from mv_new';
    const owner = items.find((c) => c.name === 'mv_owner')!;
    owner.fields.find((f) => f.name === 'r')!.collectionId = 'pbc_mv_target2';
    items.push(
      { name: 'mv_new', type: 'base', fields: [{ name: 't', type: 'text' }] } as CollectionModel,
      { id: 'pbc_mv_target2', name: 'mv_target2', type: 'base' } as CollectionModel,
    );
    expect(await su.collections.import(items, true)).toBe(true);
    const names = (await su.collections.getFullList()).map((c) => c.name);
    expect(names).toContain('mv_new');
    expect(names).not.toContain(src.name);
    expect(names).not.toContain(target.name);
    const r = (await su.collections.getOne('mv_owner')).fields.find((f) => f.name === 'r');
    expect(r?.collectionId).toBe('pbc_mv_target2');
    const view = await su.collections.getOne('mv_view');
    expect(view.viewQuery).toBe('select id, t from mv_new');
  });
});

// The system tables through Drizzle's builder (src/db/system-tables.ts), on SQLite and on PostgreSQL:
// the stored values must be what the hand-written SQL stored (PocketBase reads the same rows).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Collection } from '../../src/core/collections/model.ts';
import { writeRow } from '../../src/core/collections/persist.ts';
import { CollectionRegistry } from '../../src/core/collections/registry.ts';
import { readParam, writeParam } from '../../src/core/settings/param-row.ts';
import { openStore, type Store } from '../../src/db/connect.ts';
import {
  appliedFiles,
  filesNewestFirst,
  forgetMigration,
  recordMigration,
} from '../../src/db/migration-rows.ts';
import { runAll, systemTables } from '../../src/db/system-tables.ts';
import { postgresMissing, testPostgres } from '../support/postgres.ts';
import { tempDir } from '../support/server.ts';

const missing = postgresMissing();
if (missing && process.env.CI === 'true') throw new Error(`CI=true: ${missing}`);

const engines = [
  { engine: 'sqlite', skip: null },
  { engine: 'postgres', skip: missing },
] as const;

function collection(over: Partial<Collection> = {}): Collection {
  return {
    id: 'pbc_seam0000001',
    name: 'seam_things',
    type: 'base',
    system: false,
    fields: [
      {
        id: 'text3208210256',
        name: 'id',
        type: 'text',
        system: true,
        hidden: false,
        presentable: false,
        required: true,
        primaryKey: true,
        autogeneratePattern: '[a-z0-9]{15}',
        pattern: '^[a-z0-9]+$',
        min: 15,
        max: 15,
      },
    ] as Collection['fields'],
    indexes: ['CREATE INDEX `idx_x` ON `seam_things` (`id`)'],
    listRule: null,
    viewRule: '',
    createRule: null,
    updateRule: null,
    deleteRule: null,
    created: '2024-01-02 03:04:05.678Z',
    updated: '2024-01-02 03:04:05.678Z',
    ...over,
  };
}

for (const { engine, skip } of engines) {
  describe.skipIf(skip !== null)(
    `system tables on ${engine}${skip ? ` (skipped: ${skip})` : ''}`,
    () => {
      let store: Store;
      let url: string | undefined;

      beforeAll(async () => {
        if (engine === 'postgres')
          url = await (await testPostgres()).createDatabase('satchel_seam');
        store = openStore(tempDir(), { dbUrl: url });
      });

      afterAll(async () => {
        store?.close();
        if (url) await (await testPostgres()).dropDatabase(url);
      });

      test('the builder speaks the connection’s dialect', () => {
        const { db, params } = systemTables(store.reader);
        const { sql } = db.select({ value: params.value }).from(params).toSQL();
        expect(sql).toBe('select "value" from "_params"');
        const where = db.delete(params).toSQL().sql;
        expect(where).toBe('delete from "_params"');
        const { sql: withParam } = db
          .insert(params)
          .values({ id: 'x', value: '{}', created: '', updated: '' })
          .toSQL();
        expect(withParam).toContain(engine === 'postgres' ? '$1' : '?');
      });

      test('a _params row: JSON text kept as written, created kept on update', async () => {
        const text = '{"b":1,"a":[true,null]}';
        await store.writes.run((tx) => writeParam(tx, 'seam', text, '2024-01-01 00:00:00.000Z'));
        expect(readParam(store.reader, 'seam')).toBe(text);
        await store.writes.run((tx) =>
          writeParam(tx, 'seam', '{"c":2}', '2024-02-02 00:00:00.000Z'),
        );
        expect(readParam(store.reader, 'seam')).toBe('{"c":2}');
        const row = store.reader.get<{ created: string; updated: string }>(
          "SELECT created, updated FROM _params WHERE id = 'seam'",
        );
        expect(row).toEqual({
          created: '2024-01-01 00:00:00.000Z',
          updated: '2024-02-02 00:00:00.000Z',
        });
        if (engine === 'postgres') {
          // One JSON object, not a JSON string holding the text (no second JSON.stringify).
          const kind = store.reader.get<{ t: string }>(
            "SELECT json_typeof(value) AS t FROM _params WHERE id = 'seam'",
          );
          expect(kind?.t).toBe('object');
        }
        expect(readParam(store.reader, 'absent')).toBeUndefined();
      });

      if (engine === 'sqlite') {
        test('a BLOB value stays a BLOB, as PocketBase writes _params.value', async () => {
          const blob = new TextEncoder().encode('{"x":1}');
          await store.writes.run((tx) => writeParam(tx, 'blob', blob, 'now'));
          const row = store.reader.get<{ t: string }>(
            "SELECT typeof(value) AS t FROM _params WHERE id = 'blob'",
          );
          expect(row?.t).toBe('blob');
          expect(new TextDecoder().decode(readParam(store.reader, 'blob') as Uint8Array)).toBe(
            '{"x":1}',
          );
        });
      }

      test('_migrations: record (kept or refreshed), newest first, forget', async () => {
        await store.writes.run((tx) => {
          recordMigration(tx, 'seam_a.js', 1_700_000_000_000_000, false);
          recordMigration(tx, 'seam_b.js', 1_700_000_000_000_001, false);
          // A seconds stamp (PocketBase before microseconds) sorts as its first digits padded.
          recordMigration(tx, 'seam_c.js', 1_600_000_000, false);
          recordMigration(tx, 'seam_a.js', 1_800_000_000_000_000, false);
        });
        const stamp = (file: string) =>
          Number(
            store.reader.get<{ applied: number }>(
              'SELECT applied FROM _migrations WHERE file = ?',
              [file],
            )?.applied,
          );
        expect(stamp('seam_a.js')).toBe(1_700_000_000_000_000);
        await store.writes.run((tx) =>
          recordMigration(tx, 'seam_a.js', 1_800_000_000_000_000, true),
        );
        expect(stamp('seam_a.js')).toBe(1_800_000_000_000_000);
        const order = filesNewestFirst(store.reader).filter((f) => f.startsWith('seam_'));
        expect(order).toEqual(['seam_a.js', 'seam_b.js', 'seam_c.js']);
        await store.writes.run((tx) => forgetMigration(tx, 'seam_b.js'));
        const files = appliedFiles(store.reader);
        expect(files.has('seam_b.js')).toBe(false);
        expect(files.has('seam_a.js')).toBe(true);
        // The system migrations recorded at open are read through the same query.
        expect([...files].some((f) => f.startsWith('satchel_'))).toBe(true);
      });

      test('a _collections row round-trips through the registry; system is a boolean', async () => {
        const c = collection();
        await store.writes.run((tx) => writeRow(tx, c, true));
        const registry = new CollectionRegistry();
        registry.reload(store.reader);
        const loaded = registry.find('SEAM_THINGS');
        expect(loaded?.id).toBe(c.id);
        expect(loaded?.indexes).toEqual(c.indexes);
        expect(loaded?.fields[0]?.name).toBe('id');
        expect(loaded?.viewRule).toBe('');
        expect(loaded?.listRule).toBeNull();

        await store.writes.run((tx) =>
          writeRow(tx, { ...c, system: true, listRule: 'id != ""' }, false),
        );
        const stored = store.reader.get<{ system: number; fields: string; listRule: string }>(
          'SELECT system, fields, `listRule` FROM _collections WHERE id = ?',
          [c.id],
        );
        // SQLite stores 1 (PocketBase's BOOLEAN); PostgreSQL's true comes back as 1 through the bridge.
        expect(stored?.system).toBe(1);
        expect(stored?.listRule).toBe('id != ""');
        expect(JSON.parse(stored!.fields)[0].name).toBe('id');
        if (engine === 'sqlite') {
          const t = store.reader.get<{ t: string }>(
            'SELECT typeof(system) AS t FROM _collections WHERE id = ?',
            [c.id],
          );
          expect(t?.t).toBe('integer');
        }

        // A plain select of one column through the seam's runner.
        const { db, collections } = systemTables(store.reader);
        const ids = runAll<{ id: string }>(
          store.reader,
          db.select({ id: collections.id }).from(collections),
        ).map((r) => r.id);
        expect(ids).toContain(c.id);
      });
    },
  );
}

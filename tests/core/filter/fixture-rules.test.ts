// Every rule stored in the PocketBase fixture compiles and runs against a copy of its data.db.

import { Database } from 'bun:sqlite';
import { afterAll, expect, test } from 'bun:test';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectionFromRow } from '../../../src/core/collections/codec.ts';
import type { Collection, CollectionRow } from '../../../src/core/collections/model.ts';
import { compileFilter } from '../../../src/core/filter/compile.ts';
import type { FilterSchema, RequestInfo } from '../../../src/core/filter/schema.ts';
import { compileSort } from '../../../src/core/filter/sort.ts';
import { describeWithFixture, FIXTURE_DIR, hasFixture } from '../../support/fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'filter-fixture-'));
// Without the fixture this database stays empty and the tests below are skipped.
if (hasFixture) copyFileSync(join(FIXTURE_DIR, 'data.db'), join(dir, 'data.db'));
const db = new Database(join(dir, 'data.db'));
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const collections: Collection[] = hasFixture
  ? (db.query('SELECT * FROM _collections').all() as CollectionRow[]).map(collectionFromRow)
  : [];
const schema: FilterSchema = {
  find: (k) => collections.find((c) => c.id === k || c.name.toLowerCase() === k.toLowerCase()),
};
const coll = (name: string) => schema.find(name)!;

function ids(c: Collection, filter: string, ctx: RequestInfo = {}): string[] {
  const f = compileFilter(filter, c, schema, ctx);
  const rows = db
    .query(`SELECT id FROM "${c.name}" WHERE ${f.sql} ORDER BY id`)
    .all(...(f.params as never[])) as { id: string }[];
  return rows.map((r) => r.id);
}

const user = (id: string) => {
  const users = coll('users');
  const record = db.query('SELECT * FROM users WHERE id = ?').get(id) as { id: string };
  return { record, collection: users };
};
const client = (id: string) => ({
  record: db.query('SELECT * FROM clients WHERE id = ?').get(id) as { id: string },
  collection: coll('clients'),
});

describeWithFixture('fixture rules', () => {
  const keys = ['listRule', 'viewRule', 'createRule', 'updateRule', 'deleteRule'] as const;
  for (const c of collections) {
    const rules = [
      ...keys.map((k) => [k, c[k]] as const),
      ['authRule', c.auth?.authRule ?? null] as const,
      ['manageRule', c.auth?.manageRule ?? null] as const,
      ['mfa.rule', c.auth?.mfa.rule ?? null] as const,
    ].filter(([, r]) => typeof r === 'string' && r !== '');
    for (const [key, rule] of rules) {
      test(`${c.name}.${key} compiles and executes`, () => {
        for (const ctx of [
          {},
          { auth: user('4q1xlclmfloku33') },
          { auth: client('gk390qegs4y47wn') },
        ]) {
          expect(() => ids(c, rule as string, ctx)).not.toThrow();
        }
      });
    }
  }

  test('demo3 (commented rule): logged-in non-users only', () => {
    const rule = coll('demo3').listRule!;
    expect(rule).toContain('//');
    expect(ids(coll('demo3'), rule)).toEqual([]);
    expect(ids(coll('demo3'), rule, { auth: user('4q1xlclmfloku33') })).toEqual([]);
    expect(ids(coll('demo3'), rule, { auth: client('gk390qegs4y47wn') }).length).toBe(4);
  });

  test('demo5 listRule select_many:length = 3', () => {
    expect(ids(coll('demo5'), coll('demo5').listRule!)).toEqual(['qjeql998mtp1azp']);
  });

  test('demo5 viewRule: 3-hop relation path with :length (all semantics)', () => {
    // qjeql…: rel_many → demo4 [qzaq…, i9na…] → self_rel_many → rel_many_cascade → demo3.files
    const got = ids(coll('demo5'), coll('demo5').viewRule!);
    const any = ids(coll('demo5'), 'rel_many.self_rel_many.rel_many_cascade.files:length ?= 1');
    expect(any).toContain('qjeql998mtp1azp');
    expect(got.every((id) => any.includes(id))).toBe(true);
  });

  test('demo5 createRule reads a multipart number from the body', () => {
    const c = coll('demo5');
    expect(ids(c, c.createRule!, { body: { total: '3' } }).length).toBe(2);
    expect(ids(c, c.createRule!, { body: { total: '4' } })).toEqual([]);
  });

  test('demo5 deleteRule @request.query.test:isset', () => {
    const c = coll('demo5');
    expect(ids(c, c.deleteRule!, { query: { test: '' } }).length).toBe(2);
    expect(ids(c, c.deleteRule!, { query: {} })).toEqual([]);
  });

  test('users rules: id = @request.auth.id', () => {
    const c = coll('users');
    expect(ids(c, c.viewRule!, { auth: user('4q1xlclmfloku33') })).toEqual(['4q1xlclmfloku33']);
  });

  test('view collections filter and sort like tables', () => {
    expect(ids(coll('view1'), 'bool = true && rel_many.id ?!= ""')).toEqual(['84nmscqy84lsi1t']);
    expect(ids(coll('view1'), 'rel_many.id ?= "bgs820n361vj1qd"')).toEqual(['al1h9ijdeojtsjy']);
    const s = compileSort('-created,text', coll('view1'), schema);
    const sorted = db.query(`SELECT id FROM view1 ORDER BY ${s.sql}`).all() as { id: string }[];
    expect(sorted.map((r) => r.id)).toEqual([
      'imy661ixudk5izi',
      'al1h9ijdeojtsjy',
      '84nmscqy84lsi1t',
    ]);
  });
});

// fromDb against the legacy encodings of a real PocketBase data dir (a copy of ../shared/pb-fixture).
import { Database } from 'bun:sqlite';
import { expect, test } from 'bun:test';
import { join } from 'node:path';
import type { Field } from '../../../src/core/collections/model.ts';
import { getFieldKind } from '../../../src/core/fields/index.ts';
import {
  afterAllWithFixture,
  beforeAllWithFixture,
  describeWithFixture,
} from '../../support/fixture.ts';
import { copyFixture } from '../../support/server.ts';

let db: Database;
beforeAllWithFixture(() => {
  db = new Database(join(copyFixture(), 'data.db'), { readonly: true });
});
afterAllWithFixture(() => db.close());

function fieldsOf(name: string): Field[] {
  const row = db.query('SELECT fields FROM _collections WHERE name = ?').get(name) as {
    fields: string;
  };
  return JSON.parse(row.fields) as Field[];
}

/** The record as PocketBase would output it: every field through its kind's fromDb. */
function load(collection: string, id: string): Record<string, unknown> {
  const row = db.query(`SELECT * FROM "${collection}" WHERE id = ?`).get(id) as Record<
    string,
    unknown
  >;
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(collection)) out[f.name] = getFieldKind(f.type)!.fromDb(row[f.name], f);
  return out;
}

describeWithFixture('fixture demo1 (every field type, legacy column types)', () => {
  test('record 84nmscqy84lsi1t', () => {
    expect(load('demo1', '84nmscqy84lsi1t')).toEqual({
      id: '84nmscqy84lsi1t',
      text: 'test',
      bool: true,
      url: 'https://example.copm',
      select_one: 'optionB',
      select_many: ['optionB', 'optionC'],
      file_one: 'test_d61b33QdDU.txt',
      file_many: [
        'test_QZFjKjXchk.txt',
        '300_WlbFWSGmW9.png',
        'logo_vcfJJG5TAh.svg',
        'test_MaWC6mWyrP.txt',
        'test_tC1Yc87DfC.txt',
      ],
      number: 123456,
      email: 'test@example.com',
      datetime: '2022-10-01 12:00:00.000Z',
      json: [1, 2, 3],
      rel_one: '',
      rel_many: ['oap640cot4yru2s'],
      point: { lon: 0, lat: 0 },
      created: '2022-10-14 10:13:12.397Z',
      updated: '2023-01-04 20:11:20.732Z',
    });
  });

  test('record al1h9ijdeojtsjy: false bool, empty date, json null, geo point', () => {
    const r = load('demo1', 'al1h9ijdeojtsjy');
    expect(r).toMatchObject({
      bool: false,
      url: '',
      datetime: '',
      json: null,
      file_many: [],
      rel_one: '84nmscqy84lsi1t',
      rel_many: ['bgs820n361vj1qd', '4q1xlclmfloku33', 'oap640cot4yru2s'],
      point: { lon: 23.333157, lat: 42.654318 },
      number: 456,
    });
    // integers stored as REAL print without `.0`
    expect(JSON.stringify(r.number)).toBe('456');
  });

  test('record imy661ixudk5izi: zero values', () => {
    expect(load('demo1', 'imy661ixudk5izi')).toMatchObject({
      select_one: '',
      select_many: [],
      file_one: '',
      number: 0,
      rel_many: [],
      point: { lon: -74.006015, lat: 40.712728 },
    });
  });
});

describeWithFixture('fixture demo4 / demo5 / users', () => {
  test('json text with CRLF formatting and objects', () => {
    expect(load('demo4', 'qzaqccwrmva4o1n')).toMatchObject({
      json_array: [1],
      json_object: { a: 123 },
      rel_many_no_cascade_required: ['lcl9d87w22ml6jy', '1tmknxy2868d869'],
      self_rel_many: ['i9naidtvr6qsgb4', 'qzaqccwrmva4o1n'],
    });
    expect(load('demo4', 'i9naidtvr6qsgb4')).toMatchObject({
      json_array: [1, 2, 3],
      json_object: { a: { b: 'test' } },
      rel_one_cascade: '',
      self_rel_many: [],
    });
  });

  test('multi-value JSON arrays stored in TEXT columns', () => {
    expect(load('demo5', 'qjeql998mtp1azp')).toMatchObject({
      select_many: ['b', 'c', 'a'],
      rel_many: ['qzaqccwrmva4o1n', 'i9naidtvr6qsgb4'],
      select_one: 'b',
      total: 0,
    });
    expect(load('demo5', 'la4y2w4o98acwuj')).toMatchObject({
      total: 2,
      rel_many: [],
      select_many: [],
    });
  });

  test('auth record: bools as 0/1, password hash, file list', () => {
    expect(load('users', 'oap640cot4yru2s')).toMatchObject({
      emailVisibility: false,
      verified: true,
      username: 'test2_username',
      file: ['test_kfd2wYLxkz.txt'],
      avatar: '',
      rel: '',
    });
    expect(load('users', 'oap640cot4yru2s').password).toStartWith('$2a$13$');
  });

  test('every value of every table decodes to its declared shape', () => {
    const tables = db.query("SELECT name, fields FROM _collections WHERE type != 'view'").all() as {
      name: string;
      fields: string;
    }[];
    for (const t of tables) {
      const fields = JSON.parse(t.fields) as Field[];
      for (const row of db.query(`SELECT * FROM "${t.name}"`).all() as Record<string, unknown>[]) {
        for (const f of fields) {
          const kind = getFieldKind(f.type)!;
          const v = kind.fromDb(row[f.name], f);
          const zero = kind.zeroValue(f);
          if (Array.isArray(zero)) expect(Array.isArray(v)).toBe(true);
          else if (zero !== null) expect(typeof v).toBe(typeof zero);
          // and toDb(fromDb(x)) is stable
          expect(kind.fromDb(kind.toDb(v, f), f)).toEqual(v);
        }
      }
    }
  });

  test('every stored field definition passes validateOptions', () => {
    const tables = db.query('SELECT id, name, type, fields FROM _collections').all() as {
      id: string;
      name: string;
      type: string;
      fields: string;
    }[];
    const all = tables.map((t) => ({ ...t, fields: JSON.parse(t.fields) as Field[] }));
    for (const t of all) {
      for (const f of t.fields) {
        const kind = getFieldKind(f.type)!;
        const collection = t as never;
        const errors = kind.validateOptions(f, {
          collection,
          findCollection: (idOrName) =>
            (all.find((c) => c.id === idOrName || c.name === idOrName) as never) ?? undefined,
        });
        expect({ collection: t.name, field: f.name, errors }).toEqual({
          collection: t.name,
          field: f.name,
          errors: {},
        });
      }
    }
  });
});

// Reading PocketBase's own rows (legacy column types) and serializing them per viewer (http-api.md §1.9).
import { expect, test } from 'bun:test';
import { openCore } from '../../../src/app.ts';
import type { Core } from '../../../src/core/core.ts';
import { recordsFromRows } from '../../../src/core/records/codec.ts';
import { findFirstByField, findRecordById } from '../../../src/core/records/find.ts';
import { listRecords, listRows } from '../../../src/core/records/list.ts';
import {
  serializeRecord,
  serializeRecords,
  serializeRows,
} from '../../../src/core/records/serialize.ts';
import {
  afterAllWithFixture,
  beforeAllWithFixture,
  describeWithFixture,
} from '../../support/fixture.ts';
import { copyFixture } from '../../support/server.ts';
import { authAs } from './helpers.ts';

let core: Core;
beforeAllWithFixture(async () => {
  core = await openCore(copyFixture());
});
afterAllWithFixture(() => core.store.close());

describeWithFixture('codec on the fixture', () => {
  test('demo1: every legacy encoding decodes to internal values', () => {
    const r = findRecordById(core, 'demo1', '84nmscqy84lsi1t')!;
    expect(r).toMatchObject({
      id: '84nmscqy84lsi1t',
      text: 'test',
      bool: true,
      number: 123456,
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
      json: [1, 2, 3],
      rel_one: '',
      rel_many: ['oap640cot4yru2s'],
      point: { lon: 0, lat: 0 },
      datetime: '2022-10-01 12:00:00.000Z',
      created: '2022-10-14 10:13:12.397Z',
    });
    const r2 = findRecordById(core, 'demo1', 'al1h9ijdeojtsjy')!;
    expect(r2).toMatchObject({
      bool: false,
      json: null,
      point: { lon: 23.333157, lat: 42.654318 },
    });
  });

  test('find by field and missing ids', () => {
    expect(findFirstByField(core, 'users', 'username', 'test2_username')?.id).toBe(
      'oap640cot4yru2s',
    );
    expect(findFirstByField(core, 'users', 'nosuchfield', 'x')).toBeNull();
    expect(findRecordById(core, 'users', 'missing')).toBeNull();
    expect(findRecordById(core, 'users', '')).toBeNull();
  });
});

describeWithFixture('serializeRecord', () => {
  const users = () => core.collections.require('users');
  const record = (id: string) => findRecordById(core, 'users', id)!;

  test('sorted keys, collection refs, never password/tokenKey', () => {
    const json = serializeRecord(core, users(), record('oap640cot4yru2s'), {
      auth: authAs(core, '_superusers', 'sywbhecnh46rhm0'),
    });
    expect(Object.keys(json)).toEqual([...Object.keys(json)].sort());
    expect(json).toMatchObject({
      collectionId: '_pb_users_auth_',
      collectionName: 'users',
      id: 'oap640cot4yru2s',
      email: 'test2@example.com',
      verified: true,
    });
    expect(json.password).toBeUndefined();
    expect(json.tokenKey).toBeUndefined();
  });

  test.each([
    ['guest, emailVisibility off', 'oap640cot4yru2s', null, false],
    ['guest, emailVisibility on', 'bgs820n361vj1qd', null, true],
    ['another user', 'oap640cot4yru2s', ['users', '4q1xlclmfloku33'], false],
    ['the record itself', '4q1xlclmfloku33', ['users', '4q1xlclmfloku33'], true],
    ['a superuser', 'oap640cot4yru2s', ['_superusers', 'sywbhecnh46rhm0'], true],
  ] as const)('email: %s', (_name, id, who, shown) => {
    const auth = who ? authAs(core, who[0], who[1]) : null;
    const json = serializeRecord(core, users(), record(id), { auth });
    expect('email' in json).toBe(shown);
  });

  test('showEmail forces the email (auth responses)', () => {
    const json = serializeRecord(core, users(), record('oap640cot4yru2s'), {
      auth: null,
      showEmail: true,
    });
    expect(json.email).toBe('test2@example.com');
  });

  test('hidden fields only for superusers', () => {
    const c = structuredClone(core.collections.require('demo2'));
    c.fields = c.fields.map((f) => (f.name === 'title' ? { ...f, hidden: true } : f));
    const r = findRecordById(core, c, 'llvuca81nly1qls')!;
    expect(serializeRecord(core, c, r, { auth: null }).title).toBeUndefined();
    const su = authAs(core, '_superusers', 'sywbhecnh46rhm0');
    expect(serializeRecord(core, c, r, { auth: su }).title).toBe('test1');
  });
});

describeWithFixture('serializeRows', () => {
  test('rows straight to JSON: the same JSON as records serialized, for guests and superusers', () => {
    const su = authAs(core, '_superusers', 'sywbhecnh46rhm0');
    let compared = 0;
    for (const c of core.collections.all()) {
      if (c.type === 'auth') {
        expect(serializeRows(core, c, [], null)).toBeNull();
        continue;
      }
      const { rows } = listRows(core, c, su, { perPage: '1000' });
      for (const auth of [null, su]) {
        const direct = serializeRows(core, c, rows, auth);
        const viaRecords = serializeRecords(core, c, recordsFromRows(c, rows), { auth });
        expect(JSON.stringify(direct)).toBe(JSON.stringify(viaRecords));
        compared += rows.length;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });
});

describeWithFixture('listRecords', () => {
  const demo2 = () => core.collections.require('demo2');

  test('rowid order, pagination, totals, skipTotal', () => {
    const all = listRecords(core, demo2(), null, {});
    expect(all).toMatchObject({ page: 1, perPage: 30, totalItems: 3, totalPages: 1 });
    expect(all.items.map((r) => r.id)).toEqual([
      'llvuca81nly1qls',
      'achvryl401bhse3',
      '0yxhwia2amd8gec',
    ]);
    const p2 = listRecords(core, demo2(), null, { page: '2', perPage: '2', skipTotal: 'true' });
    expect(p2).toMatchObject({ page: 2, perPage: 2, totalItems: -1, totalPages: -1 });
    expect(p2.items.map((r) => r.id)).toEqual(['0yxhwia2amd8gec']);
    expect(listRecords(core, demo2(), null, { perPage: '5000', page: '0' })).toMatchObject({
      page: 1,
      perPage: 1000,
    });
  });

  test('sort by plain fields', () => {
    const byTitle = listRecords(core, demo2(), null, { sort: '-title' });
    expect(byTitle.items.map((r) => r.title)).toEqual(['test3', 'test2', 'test1']);
    const two = listRecords(core, demo2(), null, { sort: '-active,title' });
    expect(two.items.map((r) => r.title)).toEqual(['test2', 'test3', 'test1']);
  });

  test.each([
    [{ page: 'x' }, 400],
    [{ perPage: '1.5' }, 400],
    [{ skipTotal: 'yes' }, 400],
    [{ sort: 'nope' }, 400],
    [{ filter: 'nope = "x"' }, 400],
    [{ filter: 'title = ' }, 400],
    [{ filter: '   ' }, 400],
    [{ page: '99999999999999999999' }, 400],
    [{ filter: '@request.auth.id != ""' }, 403],
    [{ sort: '@collection.x.y' }, 403],
  ])('%p → %p', (query, status) => {
    let got = 0;
    try {
      listRecords(core, demo2(), null, query);
    } catch (err) {
      got = (err as { status: number }).status;
    }
    expect(got).toBe(status);
  });

  test('view collections list like tables; @rowid on a view is a 400', () => {
    const view = core.collections.require('view1');
    const su = authAs(core, '_superusers', 'sywbhecnh46rhm0');
    const list = listRecords(core, view, su, { sort: '-id' });
    expect(list.totalItems).toBe(3);
    expect(list.items.map((r) => r.id)).toEqual([
      'imy661ixudk5izi',
      'al1h9ijdeojtsjy',
      '84nmscqy84lsi1t',
    ]);
    let status = 0;
    try {
      listRecords(core, view, su, { sort: '@rowid' });
    } catch (err) {
      status = (err as { status: number }).status;
    }
    expect(status).toBe(400);
  });

  test('null listRule → 403; an expression rule filters guests out', () => {
    let status = 0;
    try {
      listRecords(core, core.collections.require('demo1'), null, {});
    } catch (err) {
      status = (err as { status: number }).status;
    }
    expect(status).toBe(403);
    expect(listRecords(core, core.collections.require('demo3'), null, {}).items).toEqual([]);
  });
});

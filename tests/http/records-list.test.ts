// GET /api/collections/{c}/records: paging, skipTotal, filter/sort errors, fields, views, getFullList batches.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import type { ClientResponseError } from 'pocketbase';
import { startServer, type TestServer } from '../support/server.ts';

const ROWS = 1205;
let server: TestServer;
let su: PocketBase;
let guest: PocketBase;

/** Whatever came back: a list envelope, a record or an error envelope. */
interface Body {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: { n: number }[];
  n: number;
  message: string;
  data: unknown;
}

async function get(path: string, token = ''): Promise<{ status: number; body: Body }> {
  const res = await server.fetch(path, { headers: token ? { authorization: token } : {} });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const list = (query: string) => get(`/api/collections/numbers/records?${query}`);

beforeAll(async () => {
  server = await startServer();
  su = await server.superuserClient();
  guest = server.client();
  await su.collections.create({
    name: 'numbers',
    fields: [
      { name: 'n', type: 'number' },
      { name: 'label', type: 'text' },
      { name: 'odd', type: 'bool' },
    ],
    listRule: 'n >= 0',
    viewRule: '',
  });
  // Bulk rows straight into the table: the API path is covered elsewhere, this is about paging.
  await server.app.core.store.writes.run((tx) => {
    for (let i = 0; i < ROWS; i++) {
      tx.run('INSERT INTO numbers (id, n, label, odd) VALUES (?, ?, ?, ?)', [
        `num${String(i).padStart(12, '0')}`,
        i,
        `label ${i}`,
        i % 2,
      ]);
    }
    tx.run('INSERT INTO numbers (id, n, label, odd) VALUES (?, ?, ?, ?)', [
      'negative0000000',
      -1,
      'hidden by the listRule',
      1,
    ]);
  });
  await su.collections.create({
    name: 'evens',
    type: 'view',
    viewQuery: 'SELECT id, n, label FROM numbers WHERE odd = FALSE',
    listRule: 'n < 10',
    viewRule: 'n < 10',
  });
});

afterAll(() => server.stop());

describe('paging', () => {
  test('defaults: page 1, perPage 30, totals; rowid order without a sort', async () => {
    const { status, body } = await list('');
    expect(status).toBe(200);
    expect(body).toMatchObject({ page: 1, perPage: 30, totalItems: ROWS, totalPages: 41 });
    expect(body.items.map((r) => r.n)).toEqual([...Array(30).keys()]);
    // PocketBase's search.Result key order, ?fields= or not.
    expect(Object.keys(body)).toEqual(['items', 'page', 'perPage', 'totalItems', 'totalPages']);
    const picked = (await list('fields=n&expand=x')).body;
    expect(Object.keys(picked)).toEqual(['items', 'page', 'perPage', 'totalItems', 'totalPages']);
  });

  test.each([
    ['page=0', 1, 30],
    ['page=-3', 1, 30],
    ['perPage=0', 1, 30],
    ['perPage=-1', 1, 30],
    ['perPage=1001', 1, 1000],
    ['perPage=5000&page=2', 2, 1000],
    ['page=%2B2&perPage=7', 2, 7],
  ])('%s → page %d, perPage %d', async (q, page, perPage) => {
    const { status, body } = await list(q);
    expect(status).toBe(200);
    expect([body.page, body.perPage]).toEqual([page, perPage]);
    expect(body.items.length).toBe(Math.min(perPage, ROWS - (page - 1) * perPage));
  });

  test.each([
    'page=x',
    'perPage=1.5',
    'page=1e3',
    'perPage=%201',
    'page=99999999999999999999',
    'skipTotal=yes',
    'skipTotal=2',
  ])('%s → 400 with empty data', async (q) => {
    const { status, body } = await list(q);
    expect(status).toBe(400);
    expect(body as unknown).toEqual({
      status: 400,
      message: 'Something went wrong while processing your request.',
      data: {},
    });
  });

  test('a page past the end is empty, totals stay', async () => {
    const { body } = await list('page=500&perPage=10');
    expect(body).toMatchObject({ page: 500, items: [], totalItems: ROWS, totalPages: 121 });
  });

  test.each(['1', 't', 'T', 'TRUE', 'true', 'True'])('skipTotal=%s → -1 totals', async (v) => {
    const { body } = await list(`skipTotal=${v}&perPage=2`);
    expect([body.totalItems, body.totalPages, body.items.length]).toEqual([-1, -1, 2]);
  });

  test.each(['0', 'f', 'F', 'FALSE', 'false', 'False'])('skipTotal=%s → counted', async (v) => {
    const { body } = await list(`skipTotal=${v}&perPage=2`);
    expect(body.totalItems).toBe(ROWS);
  });
});

describe('SDK helpers', () => {
  test('getFullList walks 1000-item batches with skipTotal', async () => {
    const all = await guest.collection('numbers').getFullList({ sort: '-n' });
    expect(all.length).toBe(ROWS);
    expect(all[0]!.n).toBe(ROWS - 1);
    expect(all.at(-1)!.n).toBe(0);
    const small = await guest.collection('numbers').getFullList({ batch: 500, filter: 'n < 1001' });
    expect(small.length).toBe(1001);
    expect(new Set(small.map((r) => r.id)).size).toBe(1001);
  });

  test('getFirstListItem', async () => {
    expect((await guest.collection('numbers').getFirstListItem('n = 7')).label).toBe('label 7');
    const sorted = await guest.collection('numbers').getFirstListItem('odd = true', { sort: '-n' });
    expect(sorted.n).toBe(1203);
    let status = 0;
    try {
      await guest.collection('numbers').getFirstListItem('n = -1');
    } catch (err) {
      status = (err as ClientResponseError).status;
    }
    expect(status).toBe(404);
  });

  test('fields picks keys of every item and keeps the counters', async () => {
    const page = await guest.collection('numbers').getList(2, 3, { fields: 'n', sort: 'n' });
    expect(page).toMatchObject({ page: 2, perPage: 3, totalItems: ROWS });
    expect(page.items as unknown).toEqual([{ n: 3 }, { n: 4 }, { n: 5 }]);
  });
});

describe('filter and sort', () => {
  test('the listRule is AND-ed with the client filter', async () => {
    const { body } = await list(`filter=${encodeURIComponent('n < 3 || label ~ "hidden"')}`);
    expect(body.items.map((r) => r.n)).toEqual([0, 1, 2]);
    const asSu = await su.collection('numbers').getList(1, 5, { filter: 'n < 0' });
    expect(asSu.totalItems).toBe(1);
  });

  test('sort descending, several keys, @rowid', async () => {
    const { body } = await list(`sort=${encodeURIComponent('-odd,-n')}&perPage=3`);
    expect(body.items.map((r) => r.n)).toEqual([1203, 1201, 1199]);
    const rowid = await list('sort=-@rowid&perPage=1');
    expect(rowid.body.items[0]?.n).toBe(ROWS - 1);
  });

  test('@request.* in sort: a constant for superusers (orders nothing), 403 for others', async () => {
    const sorted = await su
      .collection('numbers')
      .getList(1, 3, { sort: '@request.auth.id,-n,@request.method' });
    const plain = await su.collection('numbers').getList(1, 3, { sort: '-n' });
    expect(sorted.items.map((r) => r.n)).toEqual(plain.items.map((r) => r.n));
    expect((await list(`sort=${encodeURIComponent('@request.auth.id')}`)).status).toBe(403);
    const bad = su.collection('numbers').getList(1, 3, { sort: '@request.nope' });
    expect(bad).rejects.toMatchObject({ status: 400 });
  });

  test.each([
    ['unknown field', 'nope = 1'],
    ['syntax', 'n = '],
    ['unbalanced parens', '((n = 1)'],
    ['bad operator', 'n === 1'],
    ['unterminated text', 'label = "abc'],
    ['relation path on a non-relation', 'label.x = 1'],
    ['unknown modifier', 'n:nope = 1'],
    ['only whitespace', '   '],
    ['too long', `label = "${'x'.repeat(3500)}"`],
    ['too many comparisons', Array(201).fill('n = 1').join(' || ')],
    ['deep nesting past the length limit', `${'('.repeat(2000)}n = 1${')'.repeat(2000)}`],
    ['function nesting', 'strftime(strftime(strftime(strftime("%Y")))) = 1'],
  ])('filter %s → 400', async (_, filter) => {
    const { status, body } = await list(`filter=${encodeURIComponent(filter)}`);
    expect(status).toBe(400);
    expect(body.data).toEqual({});
  });

  test('1,700-deep parentheses within the length limit are just a filter', async () => {
    const { status, body } = await list(
      `filter=${encodeURIComponent(`${'('.repeat(1700)}n = 1${')'.repeat(1700)}`)}`,
    );
    expect([status, body.totalItems]).toEqual([200, 1]);
  });

  test('a 100 KB filter is a 400 that says why, before any parsing', async () => {
    const { status, body } = await list(
      `filter=${encodeURIComponent(`n = ${'1'.repeat(100_000)}`)}`,
    );
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toMatch(/too long|length|characters/i);
  });

  test.each([
    ['expand', Array(20_000).fill('nope').join(','), 200],
    ['expand', Array(5_000).fill('x').join('.'), 200],
    ['fields', Array(30_000).fill('n').join(','), 200],
    ['sort', Array(20_000).fill('n').join(','), 400],
    ['page', '9'.repeat(50_000), 400],
    ['perPage', '9'.repeat(50_000), 400],
  ])('a huge %p param (%#) is answered, never a 500', async (param, value, status) => {
    expect((await list(`${param}=${encodeURIComponent(value)}`)).status).toBe(status);
  });

  test.each(['nope', '-nope', 'n,', 'label.x', Array(9).fill('n').join(',')])(
    'sort %p → 400',
    async (sort) => {
      expect((await list(`sort=${encodeURIComponent(sort)}`)).status).toBe(400);
    },
  );
});

describe('view collections', () => {
  test('list and view through the view rules, filter and sort on its columns', async () => {
    const { body } = await get(
      `/api/collections/evens/records?sort=-n&filter=${encodeURIComponent('label ~ "label"')}`,
    );
    expect(body.items.map((r) => r.n)).toEqual([8, 6, 4, 2, 0]);
    expect(body.totalItems).toBe(5);
    const one = await get('/api/collections/evens/records/num000000000004');
    expect([one.status, one.body.n]).toEqual([200, 4]);
    expect((await get('/api/collections/evens/records/num000000000012')).status).toBe(404);
    const all = await su.collection('evens').getList(1, 1);
    expect(all.totalItems).toBe(603);
  });

  test('writes are 400 Unsupported collection type.', async () => {
    const token = su.authStore.token;
    for (const [method, path] of [
      ['POST', '/api/collections/evens/records'],
      ['PATCH', '/api/collections/evens/records/num000000000004'],
      ['DELETE', '/api/collections/evens/records/num000000000004'],
    ] as const) {
      const res = await server.fetch(path, {
        method,
        headers: { authorization: token, 'content-type': 'application/json' },
        body: method === 'DELETE' ? undefined : '{}',
      });
      expect(res.status).toBe(400);
      expect((await res.json()).message).toBe('Unsupported collection type.');
    }
  });
});

describe('filter errors say what and where', () => {
  test.each([
    ["title = 'x' &&", 'Invalid filter parameter: unexpected token end of input at 14.'],
    ['title ~ (', "Invalid filter parameter: unexpected token '(' at 8."],
  ])('%s', async (filter, message) => {
    const server = await startServer();
    try {
      const pb = await server.superuserClient();
      await pb.collections.create({ name: 'fe_posts', fields: [{ name: 'title', type: 'text' }] });
      const res = await server.fetch(
        `/api/collections/fe_posts/records?filter=${encodeURIComponent(filter)}`,
        { headers: { authorization: pb.authStore.token } },
      );
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ status: 400, message, data: {} });
    } finally {
      await server.stop();
    }
  });
});

// @request.*, macros, modifiers, restricted (client) filters, errors, injection and template reuse.
import { afterAll, describe, expect, test } from 'bun:test';
import { compileFilter, prepareFilter } from '../../../src/core/filter/compile.ts';
import { FilterError } from '../../../src/core/filter/errors.ts';
import { macroValue } from '../../../src/core/filter/macros.ts';
import type { FilterOptions, RequestInfo } from '../../../src/core/filter/schema.ts';
import { FILTER_ERRORS, INJECTION_PAYLOADS, REQUEST_CASES } from './cases.ts';
import { AUTH_U1, AUTH_U2, matchIds, openDb, posts, schema, users } from './schema-fixture.ts';

const db = openDb();
afterAll(() => db.close());

describe('@request.*', () => {
  const cases = REQUEST_CASES;
  for (const [expr, ctx, expected] of cases) {
    test(`${expr} ${JSON.stringify({ ...ctx, auth: ctx.auth?.record.id })}`, () => {
      expect(matchIds(db, expr, ctx)).toEqual(expected);
    });
  }

  test('non-auth @request values are bound, never spliced', () => {
    const c = compileFilter('@request.query.q = title', posts, schema, { query: { q: 'zz' } });
    expect(c.sql).not.toContain('zz');
    expect(c.params).toContain('zz');
  });
});

describe('datetime macros', () => {
  const now = new Date('2024-02-29T13:45:07.123Z'); // Thursday, leap day
  const cases: [string, string | number][] = [
    ['@now', '2024-02-29 13:45:07.123Z'],
    ['@second', 7],
    ['@minute', 45],
    ['@hour', 13],
    ['@weekday', 4],
    ['@day', 29],
    ['@month', 2],
    ['@year', 2024],
    ['@yesterday', '2024-02-28 13:45:07.123Z'],
    ['@tomorrow', '2024-03-01 13:45:07.123Z'],
    ['@todayStart', '2024-02-29 00:00:00.000Z'],
    ['@todayEnd', '2024-02-29 23:59:59.999Z'],
    ['@monthStart', '2024-02-01 00:00:00.000Z'],
    ['@monthEnd', '2024-02-29 23:59:59.999Z'],
    ['@yearStart', '2024-01-01 00:00:00.000Z'],
    ['@yearEnd', '2024-12-31 23:59:59.999Z'],
  ];
  for (const [name, value] of cases) {
    test(name, () => {
      expect(macroValue(name, now)).toBe(value);
      const c = compileFilter(`created < ${name}`, posts, schema, { now });
      expect(c.params).toEqual([value]);
    });
  }
  test('macros evaluate per bind, not per prepare', () => {
    const p = prepareFilter('created >= @todayStart', posts, schema);
    expect(matchIds(db, 'created >= @yearStart && created < @yearEnd', { now })).toEqual([
      'p1',
      'p2',
      'p4',
    ]);
    expect(p.bind({ now: new Date('2024-06-15T00:00:00Z') }).params).toEqual([
      '2024-06-15 00:00:00.000Z',
    ]);
    expect(p.bind({ now: new Date('2025-01-01T00:00:00Z') }).params).toEqual([
      '2025-01-01 00:00:00.000Z',
    ]);
  });
});

describe('restricted (non-superuser client) filters', () => {
  const R: FilterOptions = { restricted: true };
  test('hidden fields are not filterable, rules may use them', () => {
    expect(() => compileFilter('secret = "s1"', users, schema, {}, R)).toThrow(
      'non-filterable field "secret"',
    );
    expect(() => compileFilter('author.secret = "s1"', posts, schema, {}, R)).toThrow(
      'non-filterable',
    );
    expect(matchIds(db, 'secret = "s1"', {}, {}, users)).toEqual(['u1']);
  });
  test('auth email only matches public emails', () => {
    expect(matchIds(db, 'email ~ "x.io"', {}, R, users)).toEqual(['u1', 'u3']);
    expect(matchIds(db, 'email ~ "x.io"', {}, {}, users)).toEqual(['u1', 'u2', 'u3']);
  });
  test('joined collections need a listRule; a non-empty one is AND-ed for the joined row', () => {
    // users.listRule = "verified = true": u3 (unverified) cannot be matched through a join
    expect(matchIds(db, 'author.name ~ "y"', {}, R)).toEqual([]);
    expect(matchIds(db, 'author.name ~ "y"', {})).toEqual(['p4']);
    expect(matchIds(db, 'members.name ?= "cy"', {}, R)).toEqual([]);
    expect(matchIds(db, 'members.name ?= "Ann"', {}, R)).toEqual(['p1', 'p4']);
    // tagrecs.listRule = null → error; staff too
    expect(() => compileFilter('labels.name ?= "red"', posts, schema, {}, R)).toThrow(
      'only superusers can filter by the related collection "tagrecs"',
    );
    expect(matchIds(db, 'labels.name ?= "red"', {})).toEqual(['p1', 'p3']);
  });
  test('no join, no guard: rel.id shortcut', () => {
    expect(matchIds(db, 'author.id = "u3"', {}, R)).toEqual(['p4']);
  });
});

describe('errors (400)', () => {
  const cases = FILTER_ERRORS;
  for (const [expr, msg] of cases) {
    test(expr, () => {
      let err: unknown;
      try {
        compileFilter(expr, posts, schema, { auth: AUTH_U1 });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FilterError);
      expect((err as FilterError).status).toBe(400);
      expect((err as Error).message).toContain(msg);
    });
  }
  test('6 hops are allowed', () => {
    expect(matchIds(db, 'team.owner.team.owner.team.owner.name ?= "Ann"')).toEqual(['p1', 'p4']);
  });
});

describe('injection attempts arrive as bound params and match literally', () => {
  const payloads = INJECTION_PAYLOADS;
  for (const payload of payloads) {
    test(JSON.stringify(payload), () => {
      const ctx: RequestInfo = { body: { title: payload }, query: { q: payload } };
      for (const expr of [
        '@request.body.title = title',
        '@request.query.q != title || title ~ @request.query.q',
        '@request.body.title:lower = title',
        'title ~ @request.body.title',
      ]) {
        const c = compileFilter(expr, posts, schema, ctx);
        if (payload.length > 2) expect(c.sql).not.toContain(payload);
        expect(c.params.some((p) => typeof p === 'string' && p.includes(payload))).toBe(true);
        // executes without error and the tables survive
        db.query(`SELECT id FROM posts WHERE ${c.sql}`).all(...(c.params as never[]));
      }
      expect(matchIds(db, '@request.body.title = title', ctx)).toEqual([]);
      expect((db.query('SELECT count(*) n FROM posts').get() as { n: number }).n).toBe(4);
    });
  }
  test('the stored title with quotes, backslash, % and _ matches itself exactly', () => {
    const title = "O'Brien \\ %_ -- ;";
    expect(matchIds(db, '@request.body.t = title', { body: { t: title } })).toEqual(['p4']);
    expect(matchIds(db, 'title ~ @request.body.t', { body: { t: 'brien \\ ' } })).toEqual(['p4']);
    expect(matchIds(db, 'title ~ @request.body.t', { body: { t: '_ --' } })).toEqual(['p4']);
    // a value with its own % is a pattern: `_` is then a wildcard too
    expect(matchIds(db, 'title ~ @request.body.t', { body: { t: '%_ -- _' } })).toEqual(['p4']);
    expect(matchIds(db, "title = 'O\\'Brien \\ %_ -- ;'")).toEqual(['p4']);
  });
  test('literal text from the filter is bound too', () => {
    const c = compileFilter('title = "x\' OR 1=1 --"', posts, schema);
    expect(c.sql).toBe('("posts"."title" = ?)');
    expect(c.params).toEqual(["x' OR 1=1 --"]);
  });
});

describe('prepared templates', () => {
  test('one template, many binds: same SQL text for the same shape, different params', () => {
    const p = prepareFilter(
      'members.id ?= @request.auth.id && @request.auth.id != ""',
      posts,
      schema,
    );
    const a = p.bind({ auth: AUTH_U1 });
    const b = p.bind({ auth: AUTH_U2 });
    expect(a.sql).toBe(b.sql);
    expect(a.params).not.toEqual(b.params);
    const run = (c: { sql: string; params: unknown[] }) =>
      (
        db
          .query(`SELECT id FROM posts WHERE ${c.sql} ORDER BY id`)
          .all(...(c.params as never[])) as {
          id: string;
        }[]
      ).map((r) => r.id);
    expect(run(a)).toEqual(['p1', 'p4']);
    expect(run(b)).toEqual(['p1']);
    expect(run(p.bind({}))).toEqual([]);
  });
  test('binding does not leak joins into the template', () => {
    const p = prepareFilter('@request.auth.team.name = "Alpha"', posts, schema);
    const first = p.bind({ auth: AUTH_U1 }).sql;
    expect(p.bind({ auth: AUTH_U1 }).sql).toBe(first);
    expect(p.bind({}).sql).toBe("('' = ?)");
  });
  test("a guest's bind of an auth-only filter is kept, and answers like a fresh one", () => {
    const expr = 'author = @request.auth.id || (@request.auth.verified = true && title != "")';
    const p = prepareFilter(expr, posts, schema);
    const first = p.bind({});
    first.params.push('mutated by a caller');
    const again = p.bind({ query: { q: 'x' } });
    const fresh = prepareFilter(expr, posts, schema).bind({});
    expect(again).toEqual(fresh);
    expect(again.params).not.toContain('mutated by a caller');
    // A signed-in caller still gets its own values.
    expect(p.bind({ auth: AUTH_U1 }).params).toContain(AUTH_U1.record.id);
  });
  test('a guest filter reading more of the request than its auth is bound each time', () => {
    const p = prepareFilter('@request.query.q = title && @request.auth.id = ""', posts, schema);
    expect(p.bind({ query: { q: 'a' } }).params).toContain('a');
    expect(p.bind({ query: { q: 'b' } }).params).toContain('b');
    const m = prepareFilter('created >= @todayStart && @request.auth.id = ""', posts, schema);
    const at = (iso: string) => m.bind({ now: new Date(iso) }).params;
    expect(at('2024-01-02T10:00:00Z')).not.toEqual(at('2024-03-04T10:00:00Z'));
  });
  test('reports joined collections', () => {
    const c = compileFilter('author.name = "x" && comments_via_post.body ?= "y"', posts, schema);
    expect(c.collections.sort()).toEqual(['c_comments', 'c_users']);
  });
  test('tableAlias renames the base table', () => {
    const c = compileFilter(
      'title = "x" && author.name = "y"',
      posts,
      schema,
      {},
      { tableAlias: 'p' },
    );
    expect(c.sql).toContain('"p"."title"');
    expect(c.sql).toContain('"p"."author"');
    expect(c.sql).not.toContain('"posts"');
  });
});

describe('FilterCache', () => {
  test('reuses templates per key and drops them on a schema version change', async () => {
    const { FilterCache } = await import('../../../src/core/filter/cache.ts');
    const cache = new FilterCache();
    const a = cache.get('title = "x"', posts, schema, 1);
    expect(cache.get('title = "x"', posts, schema, 1)).toBe(a);
    expect(cache.get('title = "x"', posts, schema, 1, { restricted: true })).not.toBe(a);
    expect(cache.get('id = "x"', users, schema, 1)).not.toBe(
      cache.get('id = "x"', posts, schema, 1),
    );
    expect(cache.get('title = "x"', posts, schema, 2)).not.toBe(a);
  });
});

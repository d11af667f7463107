// Comparison semantics executed on SQLite: operators × types, NULL ≡ '', LIKE wrapping, all vs any.
import { afterAll, describe, expect, test } from 'bun:test';
import { compileFilter } from '../../../src/core/filter/compile.ts';
import { escapeUnescaped, likePattern } from '../../../src/core/filter/like.ts';
import { LIKE_CASES, MULTI_CASES, OPERATOR_CASES } from './cases.ts';
import { AUTH_U1, matchIds, openDb, posts, schema, users } from './schema-fixture.ts';

const db = openDb();
afterAll(() => db.close());

describe('operators × value types (posts)', () => {
  const cases = OPERATOR_CASES;
  for (const [expr, expected] of cases) {
    test(expr, () => expect(matchIds(db, expr)).toEqual(expected));
  }
});

describe('NULL ≡ empty string (§4.1)', () => {
  const sqlCases: [string, string][] = [
    ['title = null', `(("posts"."title" = '' OR "posts"."title" IS NULL))`],
    ['title != null', `(("posts"."title" IS NOT '' AND "posts"."title" IS NOT NULL))`],
    ['null = title', `(('' = "posts"."title" OR "posts"."title" IS NULL))`],
    ['title = ""', `(("posts"."title" = '' OR "posts"."title" IS NULL))`],
    ['"" = null', `('' = '')`],
    ['null != ""', `('' IS NOT '')`],
    ['title = "x"', `("posts"."title" = ?)`],
    ['title != "x"', `("posts"."title" IS NOT ?)`],
    ['title = status', `(COALESCE("posts"."title", '') = COALESCE("posts"."status", ''))`],
    ['title != status', `(COALESCE("posts"."title", '') IS NOT COALESCE("posts"."status", ''))`],
    ['title = true', `("posts"."title" = 1)`],
    [
      'meta = null',
      `((CASE WHEN json_valid("posts"."meta") THEN json_extract("posts"."meta", ?) ELSE json_extract(json_object('pb', "posts"."meta"), ?) END) IS NULL)`,
    ],
    ['title < ""', `("posts"."title" < ?)`],
  ];
  for (const [expr, sql] of sqlCases) {
    test(`${expr} → ${sql}`, () => expect(compileFilter(expr, posts, schema).sql).toBe(sql));
  }

  test('guest @request.auth.id compares as empty', () => {
    const c = compileFilter('author = @request.auth.id', posts, schema, {});
    expect(c.sql).toBe(`(("posts"."author" = '' OR "posts"."author" IS NULL))`);
    const c2 = compileFilter('author = @request.auth.id', posts, schema, { auth: AUTH_U1 });
    expect(c2.sql).toBe(`("posts"."author" = ?)`);
    expect(c2.params).toEqual(['u1']);
  });

  test('a NULL column equals "" and null (json null stored as SQL NULL)', () => {
    expect(matchIds(db, 'meta.score = ""')).toEqual([]);
    expect(matchIds(db, 'meta.score = null')).toEqual(['p3', 'p4']);
  });
});

describe('LIKE (§4.3)', () => {
  const patterns: [unknown, string][] = [
    ['abc', '%abc%'],
    ['a_b', '%a\\_b%'],
    ['a\\b', '%a\\\\b%'],
    ['a\\%b', '%a\\%b%'],
    ['50%', '50%'],
    ['%x_y', '%x_y'],
    ['', '%%'],
    [null, '%%'],
    [12, '%12%'],
    [true, '%true%'],
  ];
  for (const [input, out] of patterns) {
    test(`pattern ${JSON.stringify(input)} → ${out}`, () => expect(likePattern(input)).toBe(out));
  }
  test('already escaped chars stay single-escaped', () => {
    expect(escapeUnescaped('a\\_b')).toBe('a\\_b');
    expect(escapeUnescaped('_')).toBe('\\_');
  });

  const exec = LIKE_CASES;
  for (const [expr, expected] of exec) {
    test(expr, () => expect(matchIds(db, expr)).toEqual(expected));
  }

  test('column on the right is concatenated, not bound', () => {
    expect(compileFilter('title ~ status', posts, schema).sql).toBe(
      `("posts"."title" LIKE ('%' || "posts"."status" || '%') ESCAPE '\\')`,
    );
  });
});

describe('multi-valued: all vs any (§4.4)', () => {
  const cases = MULTI_CASES;
  for (const [expr, expected] of cases) {
    test(expr, () => expect(matchIds(db, expr)).toEqual(expected));
  }

  test('back-relation through a single-column unique index is single-valued', () => {
    const c = compileFilter('profiles_via_user.bio = "hello"', users, schema);
    expect(c.sql).not.toContain('NOT EXISTS');
    expect(matchIds(db, 'profiles_via_user.bio = "hello"', {}, {}, users)).toEqual(['u1']);
    expect(matchIds(db, 'profiles_via_user.bio = ""', {}, {}, users)).toEqual(['u2', 'u3']);
    const multi = compileFilter('comments_via_user.body = "nice"', users, schema);
    expect(multi.sql).toContain('NOT EXISTS');
    expect(matchIds(db, 'comments_via_user.body = "nice"', {}, {}, users)).toEqual(['u2']);
  });

  test('the same path shares one join: conditions talk about the same related row', () => {
    // p1 members: Ann (verified, Alpha), Bob (verified, Alpha); p4: Ann, cy (unverified, Beta)
    expect(matchIds(db, 'members.name ?= "cy" && members.verified ?= true')).toEqual([]);
    expect(matchIds(db, 'members.name ?= "cy" && members.verified ?= false')).toEqual(['p2', 'p4']);
  });
});

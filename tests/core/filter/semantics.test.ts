// Comparison semantics executed on SQLite: operators × types, NULL ≡ '', LIKE wrapping, all vs any.
import { afterAll, describe, expect, test } from 'bun:test';
import { compileFilter } from '../../../src/core/filter/compile.ts';
import { escapeUnescaped, likePattern } from '../../../src/core/filter/like.ts';
import { AUTH_U1, matchIds, openDb, posts, schema, users } from './schema-fixture.ts';

const db = openDb();
afterAll(() => db.close());

const ALL4 = ['p1', 'p2', 'p3', 'p4'];

describe('operators × value types (posts)', () => {
  const cases: [string, string[]][] = [
    // text
    ['title = "PocketBase rocks"', ['p1']],
    ['title != "PocketBase rocks"', ['p2', 'p3', 'p4']],
    ['title > "P"', ['p1']],
    ['title >= "PocketBase rocks"', ['p1']],
    ['title < "E"', ['p2', 'p3']],
    ['title <= ""', ['p3']],
    ['title ~ "ROCKS"', ['p1']],
    ['title !~ "rocks"', ['p2', 'p3', 'p4']],
    ['"PocketBase rocks" = title', ['p1']],
    ['"base" ~ title', ['p3']],
    // number (bound floats; SQLite numeric affinity)
    ['views = 10', ['p1']],
    ['views = 10.0', ['p1']],
    ['views != 0', ['p1', 'p3', 'p4']],
    ['views > 0', ['p1', 'p3']],
    ['views >= 3', ['p1', 'p3']],
    ['views < 0', ['p4']],
    ['views <= -1', ['p4']],
    ['views = -1', ['p4']],
    ['views = "10"', ['p1']],
    ['views ~ "1"', ['p1', 'p4']],
    ['a = b', ['p2']],
    ['b = c', ['p1']],
    ['b < c', ['p2', 'p3', 'p4']],
    ['c > b', ['p2', 'p3', 'p4']],
    // bool: true/false are 1/0
    ['published = true', ['p1', 'p4']],
    ['published = false', ['p2', 'p3']],
    ['published != true', ['p2', 'p3']],
    ['published = 1', ['p1', 'p4']],
    ['true = published', ['p1', 'p4']],
    ['TRUE = published', ['p1', 'p4']],
    // select single
    ['status = "draft"', ['p2']],
    ['status = ""', ['p3']],
    ['status != ""', ['p1', 'p2', 'p4']],
    ['status ?= "draft"', ['p2']],
    // dates compare as canonical text
    ['created > "2024-05-01 10:00:00.000Z"', ['p2', 'p4']],
    ['created >= "2024-05-01 10:00:00.000Z"', ['p1', 'p2', 'p4']],
    ['created < "2024"', ['p3']],
    // json: bare field → json_extract(col,'$'), IS semantics
    ['meta = 5', ['p4']],
    ['meta = null', ['p3']],
    ['meta != null', ['p1', 'p2', 'p4']],
    ['meta.score >= 5', ['p1', 'p2']],
    ['meta.score = 12', ['p1']],
    ['meta.name:lower = "xy"', ['p1']],
    ['meta.missing = null', ALL4],
    ['meta.items.0.sku ~ "b"', ['p2']],
    // geoPoint json paths
    ['loc.lat > 50', ['p2']],
    ['loc.lon = 0', ['p3']],
    // single relation shortcut and column compares
    ['author = "u1"', ['p1']],
    ['author.id = "u1"', ['p1']],
    ['author.id = author', ['p1', 'p2', 'p3', 'p4']],
    // single file
    ['cover = ""', ['p2', 'p3', 'p4']],
    ['cover ~ ".png"', ['p1']],
    // parentheses and precedence
    ['(status = "active" || status = "draft") && views > 0', ['p1']],
    ['status = "active" || status = "draft" && views > 0', ['p1', 'p4']],
    ['((views > 0))', ['p1', 'p3']],
    ['views > 0 && (title = "" || (title ~ "rocks" && a = 1))', ['p1', 'p3']],
  ];
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

  const exec: [string, string[]][] = [
    ['title ~ "100%"', []],
    ['title ~ "%100\\%%"', ['p2']],
    ['title ~ "100\\%"', ['p2']],
    ['title ~ "things_"', ['p2']],
    ['title ~ "s_x"', ['p2']],
    ['title ~ "s%x"', []],
    ['title ~ "%s%x"', ['p2']],
    ['title ~ "%_ --"', []],
    ['title ~ "%_ --%"', ['p4']],
    ["title ~ 'n \\ '", ['p4']],
    ['title ~ "o\'b"', ['p4']],
    ['title ~ "ROCKS"', ['p1']],
    ['title !~ "o"', ['p3']],
    ['title ~ ""', ['p1', 'p2', 'p3', 'p4']],
    ['title ~ null', []],
    ['title ~ status', ['p2', 'p3']],
    // p4's title holds `\ ` which is an invalid escape once used as a pattern
    ['title ~ title', ['p1', 'p2', 'p3']],
    ['views ~ 1', ['p1', 'p4']],
  ];
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
  const cases: [string, string[]][] = [
    // multiple relation → users
    ['members.name = "Ann"', []],
    ['members.name ?= "Ann"', ['p1', 'p4']],
    ['members.name != "Ann"', ['p2', 'p3']],
    // an empty set is one NULL value: NULL IS NOT 'Ann'
    ['members.name ?!= "Ann"', ALL4],
    ['members.verified = true', ['p1']],
    ['members.verified ?= false', ['p2', 'p4']],
    ['members.name ~ "n"', []],
    ['members.name ~ "b"', []],
    ['members.name ~ "a"', []],
    ['members.name ?~ "b"', ['p1']],
    ['members.name ?~ "y"', ['p2', 'p4']],
    // NULL NOT LIKE … is NULL: the empty set does not match
    ['members.name !~ "y"', ['p1']],
    ['members.name = ""', ['p3']],
    ['members.name != "x"', ALL4],
    ['members.name = "x"', []],
    ['members.id ?= "u3"', ['p2', 'p4']],
    ['members.id = "u3"', ['p2']],
    // hop after a to-many step stays multi-valued
    ['members.team.name ?= "Beta"', ['p2', 'p4']],
    ['members.team.name = "Alpha"', ['p1']],
    // direct multi fields are not expanded: JSON text compare
    ['tags = \'["news"]\'', ['p4']],
    ['tags ?= "news"', []],
    ['tags ~ "tech"', ['p1']],
    ['tags:each = "news"', ['p4']],
    ['tags:each ?= "tech"', ['p1']],
    ['tags:each != "news"', ['p2', 'p3']],
    ['tags:each ?!= "news"', ['p1', 'p2', 'p3']],
    ['tags:each = ""', ['p3']],
    ['tags:length = 0', ['p3']],
    ['tags:length > 1', ['p1', 'p2']],
    ['files:length = 2', ['p3']],
    ['files:each ?~ ".png"', ['p1']],
    ['status:each = "active"', ['p1', 'p4']],
    ['status:length = 1', ['p1', 'p2', 'p4']],
    // back-relation (non-unique → multi)
    ['comments_via_post.body = "nice"', ['p2']],
    ['comments_via_post.body ?= "nice"', ['p1', 'p2']],
    ['comments_via_post.body ?= "ok"', ['p1']],
    ['comments_via_post.id = ""', ['p3', 'p4']],
    ['comments_via_post.user.name ?= "cy"', ['p1']],
    // @collection: cross join, always multi
    ['@collection.teams.name ?= "Beta"', ALL4],
    ['@collection.teams.name = "Beta"', []],
    ['@collection.teams.owner ?= author', ['p1', 'p4']],
    ['@collection.teams.id = team', []],
    // both sides multi, non-? op: every pair
    ['members.id = members.id', ['p2', 'p3']],
    // both empty: '' IS NOT '' is false
    ['tags:each != members.id', ['p1', 'p2', 'p4']],
    // strftime over a multi path
    ["strftime('%Y', members.team.name) = ''", ALL4],
  ];
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

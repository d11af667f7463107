// The compiler's case tables, shared by the SQLite tests and the SQLite-vs-PostgreSQL differential test.
import type { RequestInfo } from '../../../src/core/filter/schema.ts';
import { AUTH_STAFF, AUTH_U1, AUTH_U2 } from './schema-fixture.ts';

export const ALL4 = ['p1', 'p2', 'p3', 'p4'];
/** The clock the worked examples run at. */
export const NOW = new Date('2024-05-01T15:00:00.000Z');
/** [spec example number, filter, request, expected ids]. */
export type WorkedExample = [number, string, RequestInfo, string[]];

/** From semantics.test.ts. */
export const OPERATOR_CASES: [string, string[]][] = [
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

/** From semantics.test.ts. */
export const LIKE_CASES: [string, string[]][] = [
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

/** From semantics.test.ts. */
export const MULTI_CASES: [string, string[]][] = [
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

/** From request.test.ts. */
export const REQUEST_CASES: [string, RequestInfo, string[]][] = [
  ['@request.method = "POST"', { method: 'POST' }, ALL4],
  ['@request.method = "POST"', { method: 'GET' }, []],
  ['@request.query.tag = status', { query: { tag: ['draft', 'x'] } }, ['p2']],
  ['@request.query.missing = null', { query: {} }, ALL4],
  ['@request.query.test:isset = true', { query: { test: '' } }, ALL4],
  ['@request.query.test:isset = true', { query: {} }, []],
  [
    '@request.headers.content_type ~ "json"',
    { headers: { 'Content-Type': 'application/json' } },
    ALL4,
  ],
  // body: strings for number fields become numbers (multipart)
  ['@request.body.views = views', { body: { views: '10' } }, ['p1']],
  ['@request.body.views > 5', { body: { views: '10' } }, ALL4],
  ['@request.body.title = title', { body: { title: '' } }, ['p3']],
  ['@request.body.nested.a.0 = "x"', { body: { nested: { a: ['x'] } } }, ALL4],
  ['@request.body.nested.a.1 = null', { body: { nested: { a: ['x'] } } }, ALL4],
  ['@request.body.nested.a.1:isset = false', { body: { nested: { a: ['x'] } } }, ALL4],
  ['@request.body.nested:isset = true', { body: { nested: null } }, ALL4],
  ['@request.body.obj = \'{"k":1}\'', { body: { obj: { k: 1 } } }, ALL4],
  ['@request.body.flag = true', { body: { flag: true } }, ALL4],
  ['@request.body.flag = true', { body: { flag: false } }, []],
  // body modifiers
  ['@request.body.tags:length = 2', { body: { tags: ['a', 'b'] } }, ALL4],
  ['@request.body.tags:length = 0', { body: {} }, ALL4],
  ['@request.body.tags:each ?= "news"', { body: { tags: ['news', 'x'] } }, ALL4],
  ['@request.body.tags:each = "news"', { body: { tags: ['news', 'x'] } }, []],
  ['@request.body.tags:each ?= tags:each', { body: { tags: ['tech'] } }, ['p1']],
  ['@request.body.title:lower = "abc"', { body: { title: 'AbC' } }, ALL4],
  ['@request.body.status:changed = true', { body: { status: '' } }, ['p1', 'p2', 'p4']],
  // body relation: joins the submitted records
  ['@request.body.author.name = "Bob"', { body: { author: 'u2' } }, ALL4],
  ['@request.body.author.name = "Bob"', { body: { author: 'u1' } }, []],
  ['@request.body.author.name = "Bob"', { body: {} }, []],
  ['@request.body.members.verified = true', { body: { members: ['u1', 'u2'] } }, ALL4],
  ['@request.body.members.verified = true', { body: { members: ['u1', 'u3'] } }, []],
  ['@request.body.members.verified ?= false', { body: { members: ['u1', 'u3'] } }, ALL4],
  // unknown body fields and missing back-relations resolve to NULL
  ['@request.body.nope.deeper = null', { body: {} }, ALL4],
  // auth
  ['@request.auth.id = author', { auth: AUTH_U2 }, ['p2']],
  ['@request.auth.email = "ann@x.io"', { auth: AUTH_U1 }, ALL4],
  ['@request.auth.verified = true', { auth: AUTH_STAFF }, []],
  ['@request.auth.collectionId = "c_users"', { auth: AUTH_U1 }, ALL4],
  ['@request.auth.name = "Ann"', { auth: AUTH_U1 }, ALL4],
  ['@request.auth.team.name = "Alpha"', { auth: AUTH_U2 }, ALL4],
  ['@request.auth.team = team', { auth: AUTH_U1 }, ['p1', 'p4']],
  ['@request.auth.secret = "s1"', { auth: AUTH_U1 }, ALL4],
  ['@request.auth.nope = null', { auth: AUTH_U1 }, ALL4],
  ['@request.auth.comments_via_user.body ?= "nice"', { auth: AUTH_U2 }, ALL4],
  ['@request.auth.id = null', {}, ALL4],
  ['@request.auth.team.name = null', {}, ALL4],
  ['@request.auth.name:lower = "ann"', { auth: AUTH_U1 }, ALL4],
];

/** From request.test.ts. */
export const FILTER_ERRORS: [string, string][] = [
  ['nope = 1', 'unknown field "nope"'],
  ['title.name = 1', 'field "title" is not a valid relation'],
  ['author.nope = 1', 'unknown field "nope"'],
  ['title:upper = 1', 'unknown modifier'],
  ['title:lower:each = 1', 'unknown field'],
  ['author:lower.name = 1', 'failed to resolve field'],
  ['x_via_y.z = 1', 'failed to load back relation'],
  ['comments_via_body.x = 1', 'invalid back relation field'],
  ['users_via_team.name = 1', 'invalid collection reference'],
  ['title:changed = true', 'only supported on @request.body'],
  ['@request.body.nope:changed = true', 'needs a field of the collection'],
  ['@request.body.title:length = 1', "doesn't support multivalue"],
  ['@request.foo = 1', 'invalid field "@request.foo"'],
  ['@request.data.x = 1', 'invalid field'],
  ['@collection.nope.x = 1', 'failed to load collection "nope"'],
  ['@collection.teams = 1', 'invalid field'],
  ['#x = 1', 'invalid field'],
  ['unknownFn(1) = 1', 'unknown function'],
  ['geoDistance(1, 2, 3) = 1', 'exactly 4 arguments'],
  ['geoDistance(1, 2, 3, "x") = 1', 'identifiers or numbers'],
  ['strftime(created) = 1', 'text literals'],
  ['meta.a:each = 1', 'not supported on json paths'],
  ['members.team.owner.team.owner.team.owner.name = 1', 'max nested relations'],
];

/** From request.test.ts. */
export const INJECTION_PAYLOADS: string[] = [
  "'; DROP TABLE posts; --",
  '" OR 1=1 --',
  "x' OR '1'='1",
  "Robert'); DELETE FROM users;--",
  '/* comment */ 1',
  '-- trailing',
  '\\',
  "\\\\' OR 1=1",
  'ünïcødé 🚀 \u0000 nul',
  '%',
  '_',
  ')) OR ((1=1',
];

/** From worked-examples.test.ts. */
export const WORKED_EXAMPLES: WorkedExample[] = [
  [1, 'status = "active"', {}, ['p1', 'p4']],
  [2, 'status != "draft"', {}, ['p1', 'p3', 'p4']],
  [3, 'title = null', {}, ['p3']],
  [4, '@request.auth.id != ""', {}, []],
  [4, '@request.auth.id != ""', { auth: AUTH_U1 }, ['p1', 'p2', 'p3', 'p4']],
  [5, 'author = @request.auth.id', { auth: AUTH_U1 }, ['p1']],
  [5, 'author = @request.auth.id', {}, ['p3']],
  [5, '@request.auth.id != "" && author = @request.auth.id', {}, []],
  [6, 'title ~ "pocket"', {}, ['p1']],
  [7, 'title ~ "pocket%"', {}, ['p1']],
  [7, 'title ~ "rocks%"', {}, []],
  [8, 'created >= @todayStart && created <= @todayEnd', { now: NOW }, ['p1']],
  [9, 'a = 1 || b = 2 && c = 3', {}, ['p1', 'p2', 'p3']],
  [9, '(a = 1 || b = 2) && c = 3', {}, ['p2', 'p3']],
  [10, 'tags ~ "news"', {}, ['p1', 'p4']],
  [11, 'tags:each ?= "news"', {}, ['p1', 'p4']],
  [12, 'tags:each ~ "pb_%"', {}, ['p2']],
  [13, 'tags:length >= 2', {}, ['p1', 'p2']],
  [14, 'members.id ?= @request.auth.id', { auth: AUTH_U1 }, ['p1', 'p4']],
  [15, 'members.verified = true', {}, ['p1']],
  [16, 'author.name:lower = "ann"', {}, ['p1']],
  [17, 'comments_via_post.user ?= @request.auth.id', { auth: AUTH_U2 }, ['p1', 'p2']],
  [17, 'comments_via_post.user ?= @request.auth.id', { auth: AUTH_U1 }, []],
  [
    18,
    '@collection.memberships.user ?= @request.auth.id && @collection.memberships.team ?= team',
    { auth: AUTH_U1 },
    ['p1', 'p4'],
  ],
  // u2's membership is for t2 (p2's team) — same joined row, so only p2
  [
    18,
    '@collection.memberships.user ?= @request.auth.id && @collection.memberships.team ?= team',
    { auth: AUTH_U2 },
    ['p2'],
  ],
  [
    19,
    '@collection.m:a.user ?= @request.auth.id && @collection.m:b.role ?= "admin"',
    { auth: AUTH_U1 },
    ['p1', 'p2', 'p3', 'p4'],
  ],
  // without aliases both conditions talk about the same row of m: u1 is not an admin
  [
    19,
    '@collection.m.user ?= @request.auth.id && @collection.m.role ?= "admin"',
    { auth: AUTH_U1 },
    [],
  ],
  [20, '@request.body.role:isset = false', { body: { title: 'x' } }, ['p1', 'p2', 'p3', 'p4']],
  [20, '@request.body.role:isset = false', { body: { role: null } }, []],
  [21, '@request.body.status:changed = false', { body: {} }, ['p1', 'p2', 'p3', 'p4']],
  [21, '@request.body.status:changed = false', { body: { status: 'active' } }, ['p1', 'p4']],
  [21, '@request.body.status:changed = true', { body: { status: 'active' } }, ['p2', 'p3']],
  [
    22,
    '@request.body.author = @request.auth.id',
    { auth: AUTH_U1, body: { author: 'u1' } },
    ['p1', 'p2', 'p3', 'p4'],
  ],
  [22, '@request.body.author = @request.auth.id', { auth: AUTH_U1, body: { author: 'u2' } }, []],
  [23, 'meta.score > 10', {}, ['p1']],
  [24, 'meta.items.0.sku = "A1"', {}, ['p1']],
  [25, 'geoDistance(loc.lon, loc.lat, 23.32, 42.69) < 25', {}, ['p1', 'p4']],
  [26, 'strftime(\'%Y-%m\', created) = "2024-05"', {}, ['p1', 'p4']],
  [
    27,
    '@request.headers.x_api_key = "s3cr3t"',
    { headers: { 'X-Api-Key': 's3cr3t' } },
    ['p1', 'p2', 'p3', 'p4'],
  ],
  [27, '@request.headers.x_api_key = "s3cr3t"', { headers: { 'X-Api-Key': 'nope' } }, []],
  [28, '@request.auth.collectionName = "staff"', { auth: AUTH_STAFF }, ['p1', 'p2', 'p3', 'p4']],
  [28, '@request.auth.collectionName = "staff"', { auth: AUTH_U1 }, []],
  [29, '@request.context != "oauth2"', { context: 'oauth2' }, []],
  [29, '@request.context != "oauth2"', { context: 'default' }, ['p1', 'p2', 'p3', 'p4']],
  [30, '// only mine\nauthor = @request.auth.id', { auth: AUTH_U1 }, ['p1']],
];

/** From sort.test.ts. */
export const SORT_CASES: [string, string[]][] = [
  ['views', ['p4', 'p2', 'p3', 'p1']],
  ['+views', ['p4', 'p2', 'p3', 'p1']],
  ['-views', ['p1', 'p3', 'p2', 'p4']],
  [' -views , id ', ['p1', 'p3', 'p2', 'p4']],
  ['b,-id', ['p4', 'p3', 'p2', 'p1']],
  ['-created', ['p2', 'p4', 'p1', 'p3']],
  ['@rowid', ['p1', 'p2', 'p3', 'p4']],
  ['-@rowid', ['p4', 'p3', 'p2', 'p1']],
  ['author.name,id', ['p3', 'p1', 'p2', 'p4']],
  ['-author.team.name,id', ['p4', 'p1', 'p2', 'p3']],
  ['meta.score,id', ['p3', 'p4', 'p2', 'p1']],
  ['-loc.lat', ['p2', 'p4', 'p1', 'p3']],
  ['title:lower', ['p3', 'p2', 'p4', 'p1']],
  ['tags:length,id', ['p3', 'p4', 'p1', 'p2']],
  // a to-many path sorts by its first joined row (p1: k1 'nice')
  ['-comments_via_post.body,id', ['p1', 'p2', 'p3', 'p4']],
];

/** From sort.test.ts. */
export const SORT_ERRORS: [string, string][] = [
  ['nope', 'unknown field "nope"'],
  ['title,,id', 'invalid sort field ""'],
  ['-', 'invalid sort field ""'],
  ['@request.nope', 'invalid sort field'],
  ['@request.auth.', 'invalid sort field'],
  ['@now', 'invalid sort field'],
  ['null', 'unknown field'],
  ['title desc', 'invalid sort field'],
  ['title;DROP TABLE posts', 'invalid sort field'],
  ['author.nope', 'unknown field'],
];

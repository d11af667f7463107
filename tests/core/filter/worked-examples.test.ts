// The spec's 30 worked examples (filter-and-rules.md §6), executed against a seeded bun:sqlite db.
import { afterAll, describe, expect, test } from 'bun:test';
import type { RequestInfo } from '../../../src/core/filter/schema.ts';
import { AUTH_STAFF, AUTH_U1, AUTH_U2, m, matchIds, openDb } from './schema-fixture.ts';

const db = openDb();
afterAll(() => db.close());

const NOW = new Date('2024-05-01T15:00:00.000Z');

type Case = [number, string, RequestInfo, string[]];

const cases: Case[] = [
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

describe('worked examples', () => {
  for (const [n, expr, ctx, expected] of cases) {
    test(`#${n} ${JSON.stringify(expr)} ${ctx.auth ? `as ${ctx.auth.record.id}` : ''}`, () => {
      expect(matchIds(db, expr, ctx)).toEqual(expected);
    });
  }

  test('#19 data sanity: m has an admin row', () => {
    expect(matchIds(db, 'role = "admin"', {}, {}, m)).toEqual(['m2']);
  });
});

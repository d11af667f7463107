// The load-time rewrite that makes PocketBase's synchronous hook code run on Satchel's async core.
import { describe, expect, test } from 'bun:test';
import { RewriteError, rewritePbSource } from '../../../src/extend/pb/rewrite.ts';

/** Whitespace-insensitive: the rewrite only inserts text. */
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('rewritePbSource', () => {
  const cases: [string, string, string][] = [
    [
      'a route handler becomes async and its calls are awaited',
      'routerAdd("GET", "/x", (e) => { const r = $app.findRecordById("p", "1"); return e.json(200, r) })',
      '(await routerAdd("GET", "/x", async (e) => { const r = (await $app.findRecordById("p", "1")); return (await e.json(200, r)) }))',
    ],
    [
      'code after e.next() waits for the rest of the chain',
      'onRecordCreate((e) => { e.next(); log() }, "posts")',
      '(await onRecordCreate(async (e) => { (await e.next()); (await log()) }, "posts"))',
    ],
    [
      'chained calls are awaited link by link',
      'routerAdd("GET", "/", (e) => { $app.db().newQuery("x").all(rows) })',
      '(await routerAdd("GET", "/", async (e) => { (await (await (await $app.db()).newQuery("x")).all(rows)) }))',
    ],
    [
      'a file function that reaches $app becomes async, and so do its callers',
      'function a() { return $app.save(x) } function b() { return a() } const c = () => 1;',
      'async function a() { return (await $app.save(x)) } async function b() { return (await a()) } const c = () => 1;',
    ],
    [
      'a sync callback stays sync',
      'routerAdd("GET", "/", (e) => { const xs = [1, 2].map((x) => x * 2) })',
      '(await routerAdd("GET", "/", async (e) => { const xs = (await [1, 2].map((x) => x * 2)) }))',
    ],
    [
      'an async callback of forEach/map runs through the sequential helper',
      'routerAdd("GET", "/", (e) => { list.forEach((r) => { $app.save(r) }) })',
      '(await routerAdd("GET", "/", async (e) => { (await __pbArray(list, "forEach")(async (r) => { (await $app.save(r)) })) }))',
    ],
    [
      'runInTransaction callbacks are async',
      'routerAdd("GET", "/", (e) => { $app.runInTransaction((tx) => { tx.save(r) }) })',
      '(await routerAdd("GET", "/", async (e) => { (await $app.runInTransaction(async (tx) => { (await tx.save(r)) })) }))',
    ],
    [
      'object methods get async before their key',
      'const o = { m() { return $app.save(1) } };',
      'const o = { async m() { return (await $app.save(1)) } };',
    ],
    [
      'an optional chain keeps its short-circuit around awaited calls',
      'routerAdd("GET", "/", (e) => { const n = e.auth?.collection().name; const m = e.auth?.get("x")[0] })',
      '(await routerAdd("GET", "/", async (e) => { const n = (await e.auth?.collection())?.name; const m = (await e.auth?.get("x"))?.[0] }))',
    ],
    [
      'no await where it is a syntax error: parameter defaults, class fields',
      'routerAdd("GET", "/", (e, x = f()) => { g() }); class A { y = h() }',
      '(await routerAdd("GET", "/", async (e, x = f()) => { (await g()) })); class A { y = h() }',
    ],
    [
      'new Middleware(fn) makes fn a handler',
      'const m = new Middleware((e) => e.next(), 1);',
      'const m = new Middleware(async (e) => (await e.next()), 1);',
    ],
  ];
  for (const [name, input, output] of cases) {
    test(name, () => {
      expect(squash(rewritePbSource(input))).toBe(squash(output));
    });
  }

  test('line numbers are kept', () => {
    const src = 'routerAdd("GET", "/", (e) => {\n  $app.save(1)\n  return e.next()\n})\n';
    expect(rewritePbSource(src).split('\n').length).toBe(src.split('\n').length);
  });

  const refused: [string, string, number, number][] = [
    [
      'an async callback given to sort',
      'routerAdd("GET", "/", (e) => {\n  xs.sort((a, b) => $app.x(a))\n})',
      2,
      11,
    ],
    ['a syntax error', 'routerAdd("GET", "/", (e) => {\n  foo( })', 2, 8],
    ['a generator that calls $app', 'function* g() { yield $app.save(1) }', 1, 1],
    ['a getter that calls $app', 'const o = { get x() { return $app.save(1) } }', 1, 13],
  ];
  for (const [name, src, line, column] of refused) {
    test(`refuses ${name} with its position`, () => {
      let err: unknown;
      try {
        rewritePbSource(src);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RewriteError);
      expect(err).toMatchObject({ line, column });
    });
  }
});

// POST /api/sql on PostgreSQL: PostgreSQL's SQL and answers (types, text values), reads on a
// read-only connection, writes as one transaction, schema changes seen by the registry.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { postgresMissing, testPostgres } from '../support/postgres.ts';
import { startServer, type TestServer } from '../support/server.ts';

const missing = postgresMissing();
if (missing && process.env.CI === 'true') throw new Error(`CI=true: ${missing}`);

describe.skipIf(missing !== null)(
  `SQL console on PostgreSQL${missing ? ` (${missing})` : ''}`,
  () => {
    let server: TestServer;
    let su: PocketBase;
    let dbUrl: string;

    /** The console's answer, or the error envelope of a refusal. */
    async function run(query: string): Promise<Record<string, unknown>> {
      const res = await server.fetch('/api/sql', {
        method: 'POST',
        headers: { authorization: su.authStore.token, 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      return (await res.json()) as Record<string, unknown>;
    }

    beforeAll(async () => {
      dbUrl = await (await testPostgres()).createDatabase('satchel_pgsql');
      server = await startServer({ dbUrl });
      su = await server.superuserClient();
    });
    afterAll(async () => {
      await server.stop();
      await (await testPostgres()).dropDatabase(dbUrl);
    });

    test("a read answers PostgreSQL's column types and its text form of each value", async () => {
      await su.collections.create({ name: 'notes', fields: [{ name: 'n', type: 'number' }] });
      const write = await run("INSERT INTO notes (id, n) VALUES ('aaaaaaaaaaaaaaa', 7)");
      expect(write).toMatchObject({ affectedRows: 1, columns: [], rows: [] });
      const read = await run(
        'select id, n, n * 2 as twice, null::text as empty, true as yes, \'{"b":1}\'::jsonb as j, 1 as id from notes',
      );
      expect(read.columns).toEqual([
        { name: 'id', type: 'text', nullable: true },
        { name: 'n', type: 'double precision', nullable: true },
        { name: 'twice', type: 'double precision', nullable: true },
        { name: 'empty', type: 'text', nullable: true },
        { name: 'yes', type: 'boolean', nullable: true },
        { name: 'j', type: 'jsonb', nullable: true },
        // Same-named columns stay apart.
        { name: 'id', type: 'integer', nullable: true },
      ]);
      expect(read.rows).toEqual([['aaaaaaaaaaaaaaa', '7', '14', null, 't', '{"b": 1}', '1']]);
      expect(read.affectedRows).toBe(0);
    });

    test('reads stop at 1,000 rows; errors are PostgreSQL’s own text as a 400', async () => {
      const many = await run('select g from generate_series(1, 1500) g');
      expect((many.rows as unknown[]).length).toBe(1000);
      const bad = await run('select * from no_such_table');
      expect(bad).toEqual({
        status: 400,
        message: 'Failed to execute query. Raw error:\nrelation "no_such_table" does not exist.',
        data: {},
      });
      const syntax = await run('selec 1');
      expect(syntax.status).toBe(400);
      expect(String(syntax.message)).toContain('syntax error');
    });

    test('several statements: one transaction; a failure rolls back the ones before it', async () => {
      const r = await run(
        "create table multi(id int primary key, v text not null); insert into multi values (1, 'a'), (2, 'b'); insert into multi values (3, 'c')",
      );
      expect(r).toMatchObject({ affectedRows: 1, columns: [], rows: [] });
      const returning = await run("insert into multi values (4, 'd') returning id, v");
      expect(returning).toMatchObject({ affectedRows: 1, rows: [['4', 'd']] });
      const mixed = await run('delete from multi where id > 2; select count(*) as n from multi');
      expect(mixed).toMatchObject({ affectedRows: 2, rows: [['2']] });

      const doomed = await run(
        'create table doomed(a int); insert into doomed values (1); insert into nope values (1)',
      );
      expect(doomed.status).toBe(400);
      const gone = await run("select to_regclass('doomed') is null as gone");
      expect(gone.rows).toEqual([['t']]);
    });

    test('transaction statements are refused; a dollar-quoted body is one statement', async () => {
      const tx = await run('begin; create table never(a int); commit');
      expect(tx.status).toBe(400);
      expect(String(tx.message)).toContain('BEGIN is not allowed');
      // `;` and BEGIN/END inside $$ … $$ are the body's, not statements of the run.
      const fn = await run(
        'create function twice(x int) returns int language plpgsql as $$ begin return x * 2; end; $$; select twice(21) as t',
      );
      expect(fn).toMatchObject({ rows: [['42']] });
    });

    test('a SET in a read does not outlive it, and cannot turn the reader writable', async () => {
      await run('set statement_timeout = 1; select 1');
      const after = await run('show statement_timeout');
      expect(after.rows).toEqual([['0']]);
      const ro = await run('show default_transaction_read_only');
      expect(ro.rows).toEqual([['on']]);
    });

    test('a table made through the console, then a view collection over it: the registry sees it', async () => {
      await run('create table console_made(id text primary key, v text)');
      await run("insert into console_made values ('r1', 'x')");
      await su.collections.create({
        name: 'over_console',
        type: 'view',
        viewQuery: 'SELECT id, v FROM console_made',
      });
      const list = await su.collection('over_console').getFullList();
      expect(list.map((r) => r.id)).toEqual(['r1']);
      // A console change to `_collections` reaches the registry: the rule opens the list.
      await run(`UPDATE _collections SET "listRule" = '' WHERE name = 'over_console'`);
      const guest = await server.client().collection('over_console').getFullList();
      expect(guest.map((r) => r.id)).toEqual(['r1']);
    });
  },
);

// `--db=postgres://…` and SATCHEL_DB_URL on the commands that open a database: they reach the store,
// a bad URL or an unreachable server is one line and exit 1, and the password never appears.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SQL } from 'bun';
import { type PgServer, postgresMissing, testPostgres } from '../support/postgres.ts';
import { tempDir } from '../support/server.ts';

const MAIN = resolve(import.meta.dir, '../../src/main.ts');
const SECRET = 'hunter2-not-to-print';
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function newDir(): string {
  const d = tempDir('satchel-dbflag-');
  dirs.push(d);
  return join(d, 'sb_data');
}

async function cli(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string; err: string }> {
  const clean: Record<string, string | undefined> = { ...process.env, ...env };
  if (!('SATCHEL_DB_URL' in env)) delete clean.SATCHEL_DB_URL;
  const proc = Bun.spawn([process.execPath, MAIN, ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
    env: clean as Record<string, string>,
  });
  const timer = setTimeout(() => proc.kill(), 30_000);
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(timer);
  return { code, out, err };
}

/** Every command that opens the data dir's database, with what it needs to get that far. */
const COMMANDS: string[][] = [
  ['serve', '--http=127.0.0.1:0'],
  ['superuser', 'upsert', 'a@example.com', '1234567890'],
  ['migrate', 'up'],
  ['migrate', 'collections'],
  ['typegen'],
  ['backup'],
  ['restore', 'x.zip'],
];

describe('--db without a server', () => {
  test('serve --help documents --db and SATCHEL_DB_URL', async () => {
    const r = await cli(['serve', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--db <url>');
    expect(r.out).toContain('SATCHEL_DB_URL');
  });

  test.each(COMMANDS)('%s: a URL that is not postgres:// is one line, exit 1', async (...args) => {
    const r = await cli([...args, `--dir=${newDir()}`, `--db=mysql://root:${SECRET}@h/db`]);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(
      'Error: --db must be a postgres:// URL (got mysql://…); Satchel stores tables in SQLite or PostgreSQL.',
    );
    expect(r.out + r.err).not.toContain(SECRET);
  });

  test.each(COMMANDS)(
    '%s: an unreachable server is one line naming the URL without its password, exit 1',
    async (...args) => {
      const dir = newDir();
      mkdirSync(dir, { recursive: true });
      const r = await cli([
        ...args,
        `--dir=${dir}`,
        `--db=postgres://satchel:${SECRET}@127.0.0.1:1/x`,
      ]);
      expect(r.code).toBe(1);
      expect(r.out + r.err).not.toContain(SECRET);
      expect(r.err).toContain('postgres://satchel:***@127.0.0.1:1/x');
      expect(r.err).not.toContain('    at ');
      // Nothing fell back to SQLite in the data dir.
      expect(existsSync(join(dir, 'data.db'))).toBe(false);
    },
  );

  test('SATCHEL_DB_URL is read when --db is absent, and checked the same way', async () => {
    const r = await cli(['typegen', `--dir=${newDir()}`], {
      SATCHEL_DB_URL: `postgres://satchel:${SECRET}@127.0.0.1:1/x`,
    });
    expect(r.code).toBe(1);
    expect(r.err).toContain('postgres://satchel:***@127.0.0.1:1/x');
    expect(r.out + r.err).not.toContain(SECRET);
    const bad = await cli(['typegen', `--dir=${newDir()}`], { SATCHEL_DB_URL: 'nonsense' });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('SATCHEL_DB_URL is not a URL');
  });

  test('serve --workers above 1 with --db is refused: nodes are separate processes', async () => {
    const r = await cli([
      'serve',
      `--dir=${newDir()}`,
      '--workers=2',
      '--db=postgres://satchel@127.0.0.1:1/x',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--workers above 1 does not work with --db');
  });
});

const missing = postgresMissing();
if (missing && process.env.CI === 'true') throw new Error(`CI=true: ${missing}`);

describe.skipIf(missing !== null)(
  `--db on a PostgreSQL server${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let pg: PgServer;
    beforeAll(async () => {
      pg = await testPostgres();
    });

    /** The URL with a password the trust-auth test server ignores. */
    const withSecret = (url: string) => {
      const u = new URL(url);
      u.password = SECRET;
      return u.toString();
    };

    async function tablesOf(url: string): Promise<string[]> {
      const sql = new SQL(url, { max: 1 });
      try {
        const rows = (await sql.unsafe(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
        )) as { tablename: string }[];
        return rows.map((r) => r.tablename);
      } finally {
        await sql.close();
      }
    }

    test('--db reaches the store: the system tables are made in that database, not in the dir', async () => {
      const url = await pg.createDatabase('satchel_dbflag');
      const dir = newDir();
      await cli(['migrate', 'history-sync', `--dir=${dir}`, `--db=${withSecret(url)}`]);
      expect(await tablesOf(url)).toEqual(
        expect.arrayContaining(['_collections', '_params', '_migrations', '_logs']),
      );
      expect(existsSync(join(dir, 'data.db'))).toBe(false);
      await pg.dropDatabase(url);
    });

    test('SATCHEL_DB_URL reaches the store the same way', async () => {
      const url = await pg.createDatabase('satchel_dbflag');
      const dir = newDir();
      await cli(['migrate', 'history-sync', `--dir=${dir}`], { SATCHEL_DB_URL: url });
      expect(await tablesOf(url)).toContain('_collections');
      expect(existsSync(join(dir, 'data.db'))).toBe(false);
      await pg.dropDatabase(url);
    });

    test('superuser upsert --db writes the superuser into PostgreSQL', async () => {
      const url = await pg.createDatabase('satchel_dbflag');
      const dir = newDir();
      const r = await cli([
        'superuser',
        'upsert',
        'pg@example.com',
        '1234567890',
        `--dir=${dir}`,
        `--db=${withSecret(url)}`,
      ]);
      expect(r.code, r.err).toBe(0);
      const sql = new SQL(url, { max: 1 });
      const rows = (await sql.unsafe('SELECT email FROM "_superusers"')) as { email: string }[];
      await sql.close();
      expect(rows.map((x) => x.email)).toEqual(['pg@example.com']);
      expect(existsSync(join(dir, 'data.db'))).toBe(false);
      await pg.dropDatabase(url);
    });

    test('serve --db names the database without its password, in the banner and the hint', async () => {
      const url = await pg.createDatabase('satchel_dbflag');
      const dir = newDir();
      const proc = Bun.spawn(
        [
          process.execPath,
          MAIN,
          'serve',
          `--dir=${dir}`,
          `--db=${withSecret(url)}`,
          '--http=127.0.0.1:0',
        ],
        { stdout: 'pipe', stderr: 'pipe' },
      );
      let out = '';
      const reader = proc.stdout.getReader();
      const deadline = Date.now() + 30_000;
      while (!out.includes('superuser upsert') && Date.now() < deadline) {
        const chunk = await Promise.race([
          reader.read(),
          Bun.sleep(deadline - Date.now()).then(() => ({ done: true, value: undefined })),
        ]);
        if (chunk.done) break;
        out += new TextDecoder().decode(chunk.value);
      }
      proc.kill('SIGTERM');
      await proc.exited;
      expect(out).toContain(`Database:  ${withSecret(url).replace(SECRET, '***')}`);
      expect(out).toContain(`--db='${withSecret(url).replace(SECRET, '***')}'`);
      expect(out).not.toContain(SECRET);
      await pg.dropDatabase(url);
    });

    test("a server's refusal is one line, with the password masked", async () => {
      const url = new URL(withSecret(pg.url));
      url.pathname = '/satchel_no_such_database';
      const r = await cli([
        'superuser',
        'upsert',
        'a@example.com',
        '1234567890',
        `--dir=${newDir()}`,
        `--db=${url}`,
      ]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('database "satchel_no_such_database" does not exist');
      expect(r.err).toContain(':***@');
      expect(r.out + r.err).not.toContain(SECRET);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    });
  },
);

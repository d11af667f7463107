// A PostgreSQL server for tests: SATCHEL_TEST_PG_URL if set, else one started from Debian's binaries in a temp dir.
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQL, spawnSync } from 'bun';
import { freePort } from './pebble.ts';

/** Where Debian's `postgresql` package puts initdb, pg_ctl and postgres (the newest version). */
function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0] as string, 'bin') : null;
}

/** Why PostgreSQL tests can't run here, or null. `CI=true` turns a reason into a failure. */
export function postgresMissing(): string | null {
  if (process.env.SATCHEL_TEST_PG_URL) return null;
  return binDir() ? null : 'PostgreSQL is not installed (apt-get install postgresql)';
}

export interface PgServer {
  /** `postgres://user@127.0.0.1:port/postgres`: the maintenance database. */
  readonly url: string;
  /** A fresh empty database on this server; its URL. */
  createDatabase(prefix?: string): Promise<string>;
  dropDatabase(url: string): Promise<void>;
  stop(): void;
}

let shared: Promise<PgServer> | null = null;

/** Stops the server `testPostgres` started, if any (the preload's afterAll: bun test skips 'exit'). */
export async function stopTestPostgres(): Promise<void> {
  if (!shared) return;
  const s = shared;
  shared = null;
  (await s.catch(() => null))?.stop();
}

/** One server per test process (initdb takes a second or two); stopped when the process exits. */
export function testPostgres(): Promise<PgServer> {
  shared ??= start();
  return shared;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function server(url: string, stop: () => void): PgServer {
  const admin = new SQL(url, { max: 2 });
  let n = 0;
  return {
    url,
    async createDatabase(prefix = 'satchel_test') {
      const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${n++}`;
      await admin.unsafe(`CREATE DATABASE "${name}"`);
      return withDatabase(url, name);
    },
    async dropDatabase(dbUrl) {
      const name = new URL(dbUrl).pathname.slice(1);
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
    },
    stop() {
      void admin.close();
      stop();
    },
  };
}

async function start(): Promise<PgServer> {
  const given = process.env.SATCHEL_TEST_PG_URL;
  if (given) return server(given, () => {});
  const bin = binDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const root = mkdtempSync(join(tmpdir(), 'satchel-pg-'));
  chmodSync(root, 0o777);
  const data = join(root, 'data');
  const port = await freePort();
  // initdb refuses to run as root: run the server as Debian's `postgres` user then.
  const asUser = (cmd: string[]) =>
    process.getuid?.() === 0 ? ['su', 'postgres', '-s', '/bin/sh', '-c', cmd.join(' ')] : cmd;
  const run = (cmd: string[]) => {
    const r = spawnSync(asUser(cmd), { stdout: 'pipe', stderr: 'pipe' });
    if (r.exitCode !== 0) throw new Error(`${cmd[0]} failed: ${r.stderr.toString()}`);
  };
  run([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'satchel', '--no-sync']);
  run([
    join(bin, 'pg_ctl'),
    '-D',
    data,
    '-w',
    '-l',
    join(root, 'log'),
    '-o',
    `"-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"`,
    'start',
  ]);
  const stop = () => {
    spawnSync(asUser([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']), {
      stdout: 'ignore',
      stderr: 'ignore',
    });
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', stop);
  return server(`postgres://satchel@127.0.0.1:${port}/postgres`, stop);
}

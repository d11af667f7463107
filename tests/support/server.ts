// Starts the real server for a test: a temp data dir (fresh, or a copy of PocketBase's fixture) on a loopback port.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { type App, createApp } from '../../src/app.ts';
import { FIXTURE_DIR, hasFixture } from './fixture.ts';
import { roundRobin } from './round-robin.ts';

export { FIXTURE_DIR };
export const FIXTURE_PASSWORD = '1234567890';
/** Pre-made tokens from the fixture README, valid until 2049. */
export const FIXTURE_TOKENS = {
  superuser:
    'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6InN5d2JoZWNuaDQ2cmhtMCIsInR5cGUiOiJhdXRoIiwiY29sbGVjdGlvbklkIjoicGJjXzMxNDI2MzU4MjMiLCJleHAiOjI1MjQ2MDQ0NjEsInJlZnJlc2hhYmxlIjp0cnVlfQ.UXgO3j-0BumcugrFjbd7j0M4MQvbrLggLlcu_YNGjoY',
  user: 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjRxMXhsY2xtZmxva3UzMyIsInR5cGUiOiJhdXRoIiwiY29sbGVjdGlvbklkIjoiX3BiX3VzZXJzX2F1dGhfIiwiZXhwIjoyNTI0NjA0NDYxLCJyZWZyZXNoYWJsZSI6dHJ1ZX0.ZT3F0Z3iM-xbGgSG3LEKiEzHrPHr8t8IuHLZGGNuxLo',
};

export function tempDir(prefix = 'satchel-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A copy of `../shared/pb-fixture` in a temp dir: servers write to their data dir. */
export function copyFixture(): string {
  if (!hasFixture)
    throw new Error(`${FIXTURE_DIR} is missing: call copyFixture() under describeWithFixture`);
  const dir = join(tempDir('satchel-fixture-'), 'pb_data');
  // `dereference`: a fixture dir reached through a symlink is copied, not linked (a linked copy
  // let tests write into the shared fixture itself).
  cpSync(FIXTURE_DIR, dir, { recursive: true, dereference: true });
  return dir;
}

/**
 * `SATCHEL_TEST_DB=postgres`: every fresh server gets its own PostgreSQL database (tests/support/
 * postgres.ts), so the same integration tests run on both engines. A restart on the same dir
 * reopens the same database. Fixture copies stay on SQLite (they are PocketBase's data.db).
 */
export const testEngine = process.env.SATCHEL_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
const databaseOfDir = new Map<string, string>();

async function databaseFor(dir: string, fresh: boolean): Promise<string | undefined> {
  if (testEngine !== 'postgres') return undefined;
  const known = databaseOfDir.get(dir);
  if (known || !fresh) return known;
  const { testPostgres } = await import('./postgres.ts');
  const url = await (await testPostgres()).createDatabase('satchel_srv');
  databaseOfDir.set(dir, url);
  return url;
}

export interface TestServer {
  app: App;
  url: string;
  dir: string;
  /** The PostgreSQL database under `SATCHEL_TEST_DB=postgres`; null on SQLite. */
  dbUrl: string | null;
  /** A fresh SDK client (no auth) pointed at the server. */
  client(): PocketBase;
  /** An SDK client logged in as a superuser (fresh dirs get `admin@example.com` / `1234567890`). */
  superuserClient(): Promise<PocketBase>;
  /** `fetch` relative to the server URL. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Stops the server; `keepDir` leaves the data dir for a restart. */
  stop(keepDir?: boolean): Promise<void>;
}

export interface StartOptions {
  /** Use this dir (e.g. from `copyFixture()` or a previous server) instead of a fresh one. */
  dir?: string;
  /** Skip creating the default test superuser on a fresh dir. */
  noSuperuser?: boolean;
  bodyLimit?: number;
  /** User migration files (applied on start, automigrate on unless `automigrate: false`). */
  migrationsDir?: string;
  automigrate?: boolean;
  /** `postgres://…`: this server's tables in PostgreSQL (default: SQLite, or SATCHEL_TEST_DB). */
  dbUrl?: string;
  /** SQLite whatever SATCHEL_TEST_DB says: for what only exists there (backup archives of data.db). */
  sqliteOnly?: boolean;
}

export const TEST_SUPERUSER = { email: 'admin@example.com', password: '1234567890' };

/**
 * `SATCHEL_TEST_NODES=3` (with SATCHEL_TEST_DB=postgres): each test server is that many nodes on
 * its database, as `serve --db` runs them, behind a round-robin; the tests talk to the round-robin.
 */
const NODES = Math.max(1, Number(process.env.SATCHEL_TEST_NODES ?? 1) || 1);

interface Node {
  app: App;
  close(): Promise<void>;
}

/** One app as `serve --db` makes it: joined to the other nodes through PostgreSQL. */
async function startNode(
  dataDir: string,
  dbUrl: string,
  options: StartOptions,
): Promise<Node & { url: string }> {
  const { openNode } = await import('../../src/cluster/pg/node.ts');
  const { applyRelayed } = await import('../../src/core/realtime/relay.ts');
  const node = await openNode({ url: dbUrl });
  let app: App;
  try {
    app = await createApp({
      dataDir,
      dbUrl,
      bodyLimit: options.bodyLimit,
      migrationsDir: options.migrationsDir,
      automigrate: options.automigrate,
      worker: node.options,
    });
  } catch (err) {
    await node.close();
    throw err;
  }
  const server = app.listen('127.0.0.1', 0);
  node.attach({
    holds: (clientId) => app.realtime.broker.find(clientId) !== undefined,
    apply: (request) => applyRelayed(app.core, app.realtime.broker, request),
  });
  return {
    app,
    url: `http://127.0.0.1:${server.port}`,
    async close() {
      await app.close();
      await node.close();
    },
  };
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? join(tempDir(), 'sb_data');
  const dbUrl =
    options.dbUrl ??
    (options.sqliteOnly ? undefined : await databaseFor(dir, options.dir === undefined));
  const nodes: Node[] = [];
  let app: App;
  let url: string;
  let proxy: { stop(): void } | null = null;
  if (dbUrl && options.dbUrl === undefined) {
    const first = await startNode(dir, dbUrl, options);
    nodes.push(first);
    const urls = [first.url];
    for (let i = 1; i < NODES; i++) {
      const other = await startNode(join(tempDir(), 'sb_data'), dbUrl, options);
      nodes.push(other);
      urls.push(other.url);
    }
    app = first.app;
    if (urls.length > 1) {
      const rr = roundRobin(() => urls);
      proxy = rr;
      url = rr.url;
    } else url = first.url;
  } else {
    app = await createApp({
      dataDir: dir,
      dbUrl,
      bodyLimit: options.bodyLimit,
      migrationsDir: options.migrationsDir,
      automigrate: options.automigrate,
    });
    const server = app.listen('127.0.0.1', 0);
    url = `http://127.0.0.1:${server.port}`;
  }
  const isFixture = options.dir !== undefined && app.core.store.adopted;
  if (!options.noSuperuser && !isFixture) {
    const { upsertSuperuser } = await import('../../src/core/auth/superusers.ts');
    await upsertSuperuser(app.core, TEST_SUPERUSER.email, TEST_SUPERUSER.password);
  }
  const client = () => {
    const pb = new PocketBase(url);
    pb.autoCancellation(false);
    return pb;
  };
  return {
    app,
    url,
    dir,
    dbUrl: dbUrl ?? null,
    client,
    async superuserClient() {
      const pb = client();
      const email = isFixture ? 'test@example.com' : TEST_SUPERUSER.email;
      await pb.collection('_superusers').authWithPassword(email, TEST_SUPERUSER.password);
      return pb;
    },
    fetch: (path, init) => fetch(url + path, init),
    async stop(keepDir = false) {
      proxy?.stop();
      if (nodes.length) for (const n of nodes) await n.close();
      else await app.close();
      if (keepDir) return;
      rmSync(dir, { recursive: true, force: true });
      if (dbUrl && databaseOfDir.get(dir) === dbUrl) {
        databaseOfDir.delete(dir);
        const { testPostgres } = await import('./postgres.ts');
        await (await testPostgres()).dropDatabase(dbUrl);
      }
    },
  };
}

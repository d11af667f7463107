// Migration files under `serve --workers=2`: automigrate writes exactly one file per change (whichever worker
// made it), pending files apply once, and `migrate up` beside the running workers reaches both.

import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { runCli, type ServeProcess, spawnServe } from '../support/process.ts';
import { tempDir } from '../support/server.ts';
import { waitFor, within } from '../support/wait.ts';
import { fresh, fromEveryWorker, workerPids } from './support.ts';

const EMAIL = 'admin@example.com';
const PASSWORD = '1234567890';

describe('migrations under serve --workers=2', () => {
  const root = tempDir();
  const dir = join(root, 'sb_data');
  const migrations = join(root, 'sb_migrations');
  let server: ServeProcess;
  let token: string;

  const files = (pattern: RegExp) => readdirSync(migrations).filter((f) => pattern.test(f));
  const applied = () => {
    const db = new Database(join(dir, 'data.db'), { readonly: true });
    try {
      return db
        .query('SELECT file FROM _migrations')
        .all()
        .map((r) => (r as { file: string }).file);
    } finally {
      db.close();
    }
  };
  const status = (path: string) =>
    fromEveryWorker(
      `both workers to serve ${path}`,
      () => fresh(`${server.url}${path}`, { headers: { authorization: token } }),
      async (res) => res.status,
      (s) => s === 200,
    );

  beforeAll(async () => {
    expect((await runCli(['superuser', 'upsert', EMAIL, PASSWORD, `--dir=${dir}`])).code).toBe(0);
    server = await spawnServe(dir, ['--workers=2']);
    const pb = new PocketBase(server.url);
    await pb.collection('_superusers').authWithPassword(EMAIL, PASSWORD);
    token = pb.authStore.token;
  }, 60_000);

  afterAll(async () => {
    if (!server || server.proc.exitCode !== null) return;
    server.proc.kill('SIGTERM');
    await within('the supervisor to exit', server.proc.exited, { timeout: 30_000 });
  });

  test('automigrate: one file per change, never two, none from the worker that only followed it', async () => {
    const create = await fresh(`${server.url}/api/collections`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'tasks', type: 'base', fields: [{ name: 't', type: 'text' }] }),
    });
    expect(create.status).toBe(200);
    await status('/api/collections/tasks');
    expect(files(/_created_tasks\.js$/)).toHaveLength(1);

    // Twelve changes at once over fresh connections: both workers make some, many in one second.
    const rules = Array.from({ length: 12 }, (_, i) => `t = "${i}"`);
    const updates = await Promise.all(
      rules.map((listRule) =>
        fresh(`${server.url}/api/collections/tasks`, {
          method: 'PATCH',
          headers: { authorization: token, 'content-type': 'application/json' },
          body: JSON.stringify({ listRule }),
        }),
      ),
    );
    expect(updates.map((r) => r.status)).toEqual(rules.map(() => 200));
    expect(new Set(updates.map((r) => r.headers.get('x-satchel-worker')))).toEqual(
      new Set(['0', '1']),
    );
    const written = files(/_updated_tasks\.js$/);
    expect(written).toHaveLength(12);
    // Every one recorded as applied, so no start applies them again.
    expect(applied()).toEqual(expect.arrayContaining(written));
    const stamps = written.map((f) => Number(f.split('_')[0]));
    expect(new Set(stamps).size).toBe(12);
  }, 60_000);

  test('`migrate up` beside the running workers applies a new file once; both serve its collection', async () => {
    const file = '2999999999_from_cli.js';
    writeFileSync(
      join(migrations, file),
      'migrate((app) => { app.save(new Collection({ name: "from_cli", type: "base", listRule: "" })) })',
    );
    const up = await runCli(['migrate', 'up', `--dir=${dir}`]);
    expect(up.code).toBe(0);
    await status('/api/collections/from_cli/records');
    expect(applied().filter((f) => f === file)).toHaveLength(1);
    // The migration's own change is no request: no automigrate file for it.
    expect(files(/_created_from_cli\.js$/)).toEqual([]);
  }, 60_000);

  test('a replacement worker leaves a file added mid-run for the next start', async () => {
    writeFileSync(
      join(migrations, '2999999999_yy_mid_run.js'),
      'migrate((app) => { app.save(new Collection({ name: "mid_run", type: "base", listRule: "" })) })',
    );
    const before = workerPids(server.proc.pid);
    process.kill(before[1]!, 'SIGKILL');
    await waitFor(
      'a replacement worker',
      () => {
        const now = workerPids(server.proc.pid);
        return now.length === 2 && !now.includes(before[1]!);
      },
      { timeout: 30_000 },
    );
    await status('/api/health');
    expect(applied()).not.toContain('2999999999_yy_mid_run.js');
  }, 60_000);

  test('a restart applies the pending files once, in the first worker, and starts', async () => {
    const file = '2999999999_zz_at_start.js';
    writeFileSync(
      join(migrations, file),
      'migrate((app) => { app.save(new Collection({ name: "at_start", type: "base", listRule: "" })) })',
    );
    server.proc.kill('SIGTERM');
    expect(await within('the supervisor to exit', server.proc.exited, { timeout: 30_000 })).toBe(0);
    server = await spawnServe(dir, ['--workers=2']);
    await status('/api/collections/at_start/records');
    await status('/api/collections/mid_run/records');
    expect(applied().filter((f) => f === file)).toHaveLength(1);
    expect(applied().filter((f) => f === '2999999999_yy_mid_run.js')).toHaveLength(1);
    expect(server.errors()).not.toContain('failed to apply');
  }, 60_000);
});

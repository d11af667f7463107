// A backup restored under `serve --workers=2`: checked on the worker that got the request, then every worker reopens the restored dir.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import yazl from 'yazl';
import { runCli, type ServeProcess, spawnServe } from '../support/process.ts';
import { tempDir } from '../support/server.ts';
import { within } from '../support/wait.ts';
import { fresh, fromEveryWorker } from './support.ts';

const EMAIL = 'admin@example.com';
const PASSWORD = '1234567890';

/** A zip of `entries` (name → text), built in memory. */
async function zipOf(entries: Record<string, string>): Promise<Uint8Array<ArrayBuffer>> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(entries)) zip.addBuffer(Buffer.from(data), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks)) as Uint8Array<ArrayBuffer>;
}

interface Health {
  code: number;
  data?: { canBackup?: boolean };
}

describe('restore under serve --workers=2', () => {
  let server: ServeProcess;
  let pb: PocketBase;
  let token: string;
  const titles = (res: Response) =>
    res
      .json()
      .then((b) => ((b as { items?: { title: string }[] }).items ?? []).map((r) => r.title));
  const appName = (res: Response) =>
    res.json().then((b) => (b as { meta?: { appName?: string } }).meta?.appName);

  const dataDir = join(tempDir(), 'sb_data');
  beforeAll(async () => {
    const dir = dataDir;
    expect((await runCli(['superuser', 'upsert', EMAIL, PASSWORD, `--dir=${dir}`])).code).toBe(0);
    server = await spawnServe(dir, ['--workers=2']);
    pb = new PocketBase(server.url);
    await pb.collection('_superusers').authWithPassword(EMAIL, PASSWORD);
    token = pb.authStore.token;
    await pb.collections.create({
      name: 'notes',
      type: 'base',
      fields: [{ name: 'title', type: 'text' }],
      listRule: '',
    });
  }, 60_000);

  afterAll(async () => {
    if (!server) return;
    server.proc.kill('SIGTERM');
    expect(server.errors()).not.toContain('could not reopen');
    expect(await within('the supervisor to exit', server.proc.exited, { timeout: 30_000 })).toBe(0);
  });

  const list = () => fresh(`${server.url}/api/collections/notes/records?sort=title`);
  const settings = () => fresh(`${server.url}/api/settings`, { headers: { authorization: token } });

  test('a bad archive is refused with nothing changed; a good one leaves both workers on the restored data', async () => {
    await pb.collection('notes').create({ title: 'kept' });
    await pb.settings.update({ meta: { appName: 'before' } });
    await pb.backups.create('snap.zip');
    await pb.collection('notes').create({ title: 'later' });
    await pb.settings.update({ meta: { appName: 'after' } });

    // A data.db that isn't a database: the worker that gets it refuses it, as a single process does.
    await pb.backups.upload({ file: new File([await zipOf({ 'data.db': 'x' })], 'bad.zip') });
    const bad = await fresh(`${server.url}/api/backups/bad.zip/restore`, {
      method: 'POST',
      headers: { authorization: token },
    });
    expect(bad.status).toBe(400);
    await fromEveryWorker(
      'both workers still serving the current data',
      list,
      titles,
      (t) => t.join() === 'kept,later',
    );

    const res = await fresh(`${server.url}/api/backups/snap.zip/restore`, {
      method: 'POST',
      headers: { authorization: token },
    });
    expect(res.status).toBe(204);
    // Each worker: the record written after the backup is gone, the settings are the backup's.
    const listed = await fromEveryWorker(
      'both workers to list the restored records',
      list,
      titles,
      (t) => t.join() === 'kept',
      30_000,
    );
    expect([...listed.values()]).toEqual([['kept'], ['kept']]);
    const names = await fromEveryWorker(
      'both workers to read the restored settings',
      settings,
      appName,
      (n) => n === 'before',
      30_000,
    );
    expect([...names.values()]).toEqual(['before', 'before']);
    // Done everywhere: both can back up again, and both write to the restored database.
    await fromEveryWorker(
      'both workers able to back up again',
      () => fresh(`${server.url}/api/health`, { headers: { authorization: token } }),
      (r) => r.json() as Promise<Health>,
      (h) => h.data?.canBackup === true,
    );
    const writes = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        fresh(`${server.url}/api/collections/notes/records`, {
          method: 'POST',
          headers: { authorization: token, 'content-type': 'application/json' },
          body: JSON.stringify({ title: `after-${i}` }),
        }),
      ),
    );
    expect(writes.map((w) => w.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const writers = new Set(writes.map((w) => w.headers.get('x-satchel-worker')));
    expect(writers.size).toBeGreaterThan(0);
    await fromEveryWorker(
      'both workers to see the new writes',
      list,
      titles,
      (t) => t.length === 7,
    );
  }, 90_000);

  test('one backup or restore at a time in the group: canBackup false on both workers while one runs', async () => {
    // A big incompressible file makes the archive phase last long enough to look at.
    const big = join(dataDir, 'storage', 'big.bin');
    mkdirSync(join(dataDir, 'storage'), { recursive: true });
    writeFileSync(big, randomBytes(48 * 1024 * 1024));
    let done = false;
    const backup = pb.backups.create('slow.zip').finally(() => {
      done = true;
    });
    const busy = new Set<string>();
    const refused = new Set<string>();
    while (!done && (busy.size < 2 || refused.size < 2)) {
      const res = await fresh(`${server.url}/api/health`, {
        headers: { authorization: token },
      }).catch(() => null);
      const h = res?.status === 200 ? ((await res.json()) as Health) : null;
      if (h?.data?.canBackup === false) busy.add(res!.headers.get('x-satchel-worker')!);
      if (busy.size > 0 && refused.size < 2) {
        const other = await fresh(`${server.url}/api/backups`, {
          method: 'POST',
          headers: { authorization: token, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'second.zip' }),
        });
        if (other.status === 400) refused.add(other.headers.get('x-satchel-worker')!);
        else expect(done).toBe(true); // stored only if the first had finished meanwhile
      }
    }
    await within('the backup', backup, { timeout: 60_000 });
    expect([...busy].sort()).toEqual(['0', '1']);
    expect([...refused].sort()).toEqual(['0', '1']);
    rmSync(big);
    await fromEveryWorker(
      'both workers able to back up again',
      () => fresh(`${server.url}/api/health`, { headers: { authorization: token } }),
      (r) => r.json() as Promise<Health>,
      (h) => h.data?.canBackup === true,
    );
  }, 90_000);
});

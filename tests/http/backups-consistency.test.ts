// A backup taken online while 8 writers keep going: restored into a fresh dir it holds every write
// acknowledged before the backup started, and passes integrity_check.

import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type PocketBase from 'pocketbase';
import { extractZip } from '../../src/core/backups/zip.ts';
import { startServer, type TestServer, tempDir } from '../support/server.ts';
import { waitFor, within } from '../support/wait.ts';

let server: TestServer;
let su: PocketBase;

beforeAll(async () => {
  // Archives of data.db: on PostgreSQL backups are refused (tests/pg/pg-records.test.ts).
  server = await startServer({ sqliteOnly: true });
  su = await server.superuserClient();
  await su.collections.create({
    name: 'items',
    listRule: '',
    createRule: '',
    fields: [{ name: 'title', type: 'text' }],
  });
  // Some bulk, so the snapshot takes a while and the writers really overlap it.
  await server.app.core.store.writes.run((tx) => {
    const pad = 'x'.repeat(400);
    for (let i = 0; i < 20_000; i++) {
      tx.run('INSERT INTO items (id, title) VALUES (?, ?)', [
        `bulk${String(i).padStart(11, '0')}`,
        pad,
      ]);
    }
  });
});
afterAll(() => server.stop());

test('every write acknowledged before the backup started is in it', async () => {
  const acked: { id: string; at: number }[] = [];
  let stop = false;
  const writer = async (w: number) => {
    const pb = server.client();
    for (let n = 0; !stop; n++) {
      const rec = await pb.collection('items').create({ title: `w${w}-${n}` });
      acked.push({ id: rec.id, at: performance.now() });
    }
  };
  const writers = Array.from({ length: 8 }, (_, w) => writer(w));
  // Let the writers get going before the backup starts.
  while (acked.length < 200) await Bun.sleep(5);
  const startedAt = performance.now();
  const before = acked.filter((a) => a.at < startedAt).map((a) => a.id);
  await within('the backup under load', su.backups.create('under_load.zip'), { timeout: 30_000 });
  const duringBackup = acked.filter((a) => a.at >= startedAt).length;
  stop = true;
  await within('the writers to stop', Promise.all(writers));
  // Writers were not stalled by the backup.
  expect(duringBackup).toBeGreaterThan(0);

  const token = await su.files.getToken();
  const res = await fetch(su.backups.getDownloadURL(token, 'under_load.zip'));
  expect(res.status).toBe(200);
  const zip = join(tempDir(), 'under_load.zip');
  writeFileSync(zip, new Uint8Array(await res.arrayBuffer()));
  const fresh = join(tempDir(), 'restored');
  await extractZip(zip, fresh);

  const db = new Database(join(fresh, 'data.db'), { readonly: true });
  try {
    expect(db.query('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    const ids = new Set(
      (db.query('SELECT id FROM items').all() as { id: string }[]).map((r) => r.id),
    );
    expect(before.length).toBeGreaterThanOrEqual(200);
    expect(before.filter((id) => !ids.has(id))).toEqual([]);
    expect(ids.size).toBeGreaterThanOrEqual(20_000 + before.length);
  } finally {
    db.close();
  }

  // The restored dir serves: a server opened on it lists what the backup held.
  const restored = await startServer({ dir: fresh, noSuperuser: true });
  try {
    const page = await restored.client().collection('items').getList(1, 1);
    expect(page.totalItems).toBeGreaterThanOrEqual(20_000 + before.length);
  } finally {
    await restored.stop();
  }
});

test('a restore while 8 writers run: each write succeeds or gets a 503, none fails otherwise', async () => {
  await su.backups.create('before_restore.zip');
  const statuses = new Map<number, number>();
  let stop = false;
  const writer = async (w: number) => {
    for (let n = 0; !stop; n++) {
      const res = await fetch(`${server.url}/api/collections/items/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `r${w}-${n}` }),
      });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  };
  const writers = Array.from({ length: 8 }, (_, w) => writer(w));
  await Bun.sleep(100);
  const coreBefore = server.app.core;
  await su.backups.restore('before_restore.zip');
  // The app reopened on the restored dir (a new core) and is done restoring.
  await waitFor(
    'the restored app',
    () => server.app.core !== coreBefore && server.app.core.backups.canBackup,
  );
  const after = statuses.get(200) ?? 0;
  await waitFor('writes after the restart', () => (statuses.get(200) ?? 0) > after + 50);
  stop = true;
  await within('the writers to stop', Promise.all(writers));
  // 503s only while the databases were closed (maybe none, if no write landed in that window).
  expect([...statuses.keys()].filter((code) => code !== 200 && code !== 503)).toEqual([]);
  const db = new Database(join(server.dir, 'data.db'), { readonly: true });
  try {
    expect(db.query('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
  } finally {
    db.close();
  }
});

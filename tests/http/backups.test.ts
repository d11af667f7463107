// Backups API with the SDK (http-api.md §10): list, create and its name rules, download with a file
// token, delete, upload past the body limit, restore in place, and every refused archive leaving the
// data dir byte-for-byte as it was.

import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import yazl from 'yazl';
import { Inbox, installEventSource } from '../realtime/helpers.ts';
import { startServer, type TestServer, tempDir } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

installEventSource();

let server: TestServer;
let su: PocketBase;

async function failure(p: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ClientResponseError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

/** A zip of `entries` (name → bytes), built in memory. */
async function zipOf(
  entries: Record<string, Uint8Array | string>,
): Promise<Uint8Array<ArrayBuffer>> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(entries)) zip.addBuffer(Buffer.from(data), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks)) as Uint8Array<ArrayBuffer>;
}

/** A SQLite file with a table of its own and no `_collections`: another program's database. */
function foreignDatabase(): Uint8Array {
  const path = join(tempDir(), 'other.db');
  const db = new Database(path);
  db.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
  db.run("INSERT INTO notes (body) VALUES ('hello')");
  db.close();
  return readFileSync(path);
}

/** Every file of the data dir except the backups themselves, as `path → sha256`. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p);
      if (rel === 'backups') continue;
      if (statSync(p).isDirectory()) walk(p);
      else out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

const canBackup = async () => {
  const health = await su.health.check();
  return (health.data as { canBackup: boolean }).canBackup;
};

beforeAll(async () => {
  // A small body cap, so the upload test shows backups going past it.
  // Archives of data.db: on PostgreSQL backups are refused (tests/pg/pg-records.test.ts).
  server = await startServer({ bodyLimit: 64 * 1024, sqliteOnly: true });
  su = await server.superuserClient();
  await su.collections.create({ name: 'notes', fields: [{ name: 'title', type: 'text' }] });
});
afterAll(() => server.stop());

describe('list, create, download, delete', () => {
  test('an empty list, then named and generated backups sorted by key', async () => {
    expect(await su.backups.getFullList()).toEqual([]);
    await su.backups.create('zz_named.zip');
    await su.backups.create('');
    const list = await su.backups.getFullList();
    expect(list.map((b) => b.key)).toEqual([
      expect.stringMatching(/^pb_backup_acme_\d{14}\.zip$/),
      'zz_named.zip',
    ]);
    for (const b of list) {
      expect(b.size).toBeGreaterThan(0);
      expect(b.modified).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });

  test.each([
    ['Bad Name.zip', 'validation_match_invalid'],
    ['noext', 'validation_match_invalid'],
    [`${'a'.repeat(150)}.zip`, 'validation_match_invalid'],
    ['zz_named.zip', 'validation_backup_name_exists'],
  ])('name %p is refused with %s', async (name, code) => {
    const err = await failure(su.backups.create(name));
    expect(err.status).toBe(400);
    expect(err.response.message).toBe('An error occurred while validating the submitted data.');
    expect(err.response.data.name.code).toBe(code);
  });

  test('guests get 401, the list needs a superuser', async () => {
    expect((await failure(server.client().backups.getFullList())).status).toBe(401);
  });

  test('download with a superuser file token; a bad token is 403, a missing key 404', async () => {
    const token = await su.files.getToken();
    const url = su.backups.getDownloadURL(token, 'zz_named.zip');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="zz_named.zip"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const bad = await fetch(su.backups.getDownloadURL('nope', 'zz_named.zip'));
    expect(bad.status).toBe(403);
    expect((await bad.json()).message).toBe('Insufficient permissions to access the resource.');
    expect((await fetch(su.backups.getDownloadURL(token, 'missing.zip'))).status).toBe(404);
  });

  test('keys that leave the backups dir are never served, deleted or restored', async () => {
    const token = await su.files.getToken();
    for (const key of ['../data.db', '..', '.satchel.lock', 'a/../../data.db']) {
      const res = await fetch(su.backups.getDownloadURL(token, key));
      expect({ key, status: res.status }).toEqual({ key, status: 404 });
      // 400 (no such backup) or 404 (a `..` segment the URL parser resolved away): never done.
      expect([400, 404]).toContain((await failure(su.backups.delete(key))).status);
      expect([400, 404]).toContain((await failure(su.backups.restore(key))).status);
    }
    expect(statSync(join(server.dir, 'data.db')).isFile()).toBe(true);
    const upload = await failure(
      su.backups.upload({ file: new File([await zipOf({ 'data.db': 'x' })], '../escape.zip') }),
    );
    expect(upload.status).toBe(400);
  });

  test('delete: 204, then 400 for the same key', async () => {
    await su.backups.create('to_delete.zip');
    expect(await su.backups.delete('to_delete.zip')).toBe(true);
    const err = await failure(su.backups.delete('to_delete.zip'));
    expect(err.status).toBe(400);
    expect((await su.backups.getFullList()).map((b) => b.key)).not.toContain('to_delete.zip');
  });

  test('a backup holds the databases and storage, never backups/ or SQLite side files', async () => {
    await su.collection('notes').create({ title: 'in the archive' });
    await su.backups.create('contents.zip');
    const token = await su.files.getToken();
    const zip = join(tempDir(), 'contents.zip');
    writeFileSync(
      zip,
      new Uint8Array(
        await (await fetch(su.backups.getDownloadURL(token, 'contents.zip'))).arrayBuffer(),
      ),
    );
    const { listZip } = await import('../../src/core/backups/zip.ts');
    const names = await listZip(zip);
    expect(names).toContain('data.db');
    expect(names).toContain('auxiliary.db');
    expect(names.filter((n) => n.startsWith('backups/') || /-(wal|shm)$/.test(n))).toEqual([]);
  });

  test('while a backup or restore runs, canBackup is false and another one is refused', async () => {
    expect(await canBackup()).toBe(true);
    server.app.core.backups.running = {
      kind: 'backup',
      key: 'x.zip',
      phase: 'archive',
      done: 0,
      total: 0,
      startedAt: Date.now(),
    };
    try {
      expect(await canBackup()).toBe(false);
      const progress = await su.send('/api/satchel/backups/progress', {});
      expect(progress.running).toMatchObject({ kind: 'backup', key: 'x.zip', phase: 'archive' });
      const err = await failure(su.backups.create('other.zip'));
      expect(err.status).toBe(400);
      expect(err.response.message).toBe(
        'Try again later - another backup/restore process has already been started.',
      );
    } finally {
      server.app.core.backups.running = null;
    }
    expect(await canBackup()).toBe(true);
  });
});

describe('progress', () => {
  test('superusers only; null when idle', async () => {
    expect((await server.fetch('/api/satchel/backups/progress')).status).toBe(401);
    expect(await su.send('/api/satchel/backups/progress', {})).toEqual({ running: null });
  });

  test('a backup reports its phases and archive bytes as they flow', async () => {
    const { createBackup } = await import('../../src/core/backups/backups.ts');
    const core = server.app.core;
    const seen: { phase: string; done: number; total: number }[] = [];
    await createBackup(core, 'progress.zip', {
      onProgress: (done, total) => {
        const running = core.backups.running;
        seen.push({ phase: running?.phase ?? 'none', done: running?.done ?? -1, total });
        expect(running?.done).toBe(done);
      },
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.phase === 'archive' && s.total > 0)).toBe(true);
    expect(seen.at(-1)!.done).toBe(seen.at(-1)!.total);
    expect(core.backups.running).toBeNull();
    await su.backups.delete('progress.zip');
  });
});

describe('upload', () => {
  test('a zip larger than the body limit is accepted and listed', async () => {
    const big = await zipOf({
      'data.db': readFileSync(join(server.dir, 'data.db')),
      'storage/noise.bin': crypto.getRandomValues(new Uint8Array(60_000)),
      'storage/noise2.bin': crypto.getRandomValues(new Uint8Array(60_000)),
    });
    expect(big.byteLength).toBeGreaterThan(64 * 1024);
    await su.backups.upload({ file: new File([big], 'uploaded.zip') });
    const listed = (await su.backups.getFullList()).find((b) => b.key === 'uploaded.zip');
    expect(listed?.size).toBe(big.byteLength);
  });

  test('the same name again, a non-zip and a missing file are refused', async () => {
    const zip = await zipOf({ 'data.db': 'x' });
    const dup = await failure(su.backups.upload({ file: new File([zip], 'uploaded.zip') }));
    expect(dup.response.data.file.code).toBe('validation_backup_name_exists');
    const text = await failure(su.backups.upload({ file: new File(['hello'], 'notes.zip') }));
    expect(text.status).toBe(400);
    expect(text.response.data.file.code).toBe('validation_invalid_mime_type');
    const fake = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]);
    const sniffed = await failure(su.backups.upload({ file: new File([fake], 'fake.zip') }));
    expect(sniffed.response.data.file.code).toBe('validation_invalid_mime_type');
    const none = await failure(su.backups.upload({}));
    expect(none.response.data.file.code).toBe('validation_required');
    expect((await su.backups.getFullList()).map((b) => b.key)).not.toContain('fake.zip');
  });
});

describe('restore', () => {
  test('every refused archive answers 400 and leaves the data dir byte-for-byte unchanged', async () => {
    const good = readFileSync(join(server.dir, 'data.db'));
    const valid = await zipOf({ 'data.db': good });
    // `aa/evil` renamed to `../evil` in the bytes: yazl refuses to write such a name itself.
    const traversal = Buffer.from(await zipOf({ 'data.db': good, 'aa/evil.txt': 'owned' }));
    let at = traversal.indexOf('aa/evil.txt');
    while (at >= 0) {
      traversal.write('..', at);
      at = traversal.indexOf('aa/evil.txt');
    }
    const corrupt = new Uint8Array(good);
    corrupt.fill(0x41, 4096, 8192); // a page of garbage: opens, fails integrity_check
    const cases: Record<string, Uint8Array> = {
      'not_a_zip.zip': new TextEncoder().encode('plain text, not an archive'),
      'traversal.zip': new Uint8Array(traversal),
      'truncated.zip': valid.slice(0, Math.floor(valid.byteLength / 2)),
      'foreign_db.zip': await zipOf({ 'data.db': foreignDatabase() }),
      'not_sqlite.zip': await zipOf({ 'data.db': 'SQLite format 3 but not really' }),
      'corrupt_db.zip': await zipOf({ 'data.db': corrupt }),
      'no_data_db.zip': await zipOf({ 'other.txt': 'hello' }),
    };
    for (const [key, bytes] of Object.entries(cases)) {
      // Put in place directly (as if copied there): the upload would refuse some of them already.
      writeFileSync(join(server.dir, 'backups', key), bytes);
      const before = fingerprint(server.dir);
      const err = await failure(su.backups.restore(key));
      expect({ key, status: err.status }).toEqual({ key, status: 400 });
      expect(err.response.message).toStartWith('Failed to restore the backup:');
      expect(fingerprint(server.dir)).toEqual(before);
      expect(await canBackup()).toBe(true);
    }
    expect(readdirSync(join(server.dir, '.satchel_temp'))).toEqual([]);
    const missing = await failure(su.backups.restore('missing.zip'));
    expect(missing.response.message).toBe('Missing or invalid backup file.');
  });

  test('a restored dir that passes the checks but will not open is rolled back; the old data serves', async () => {
    // `_collections` exists (the check passes) but not as Satchel or PocketBase define it.
    const path = join(tempDir(), 'odd.db');
    const odd = new Database(path);
    odd.run('CREATE TABLE _collections (x)');
    odd.close();
    mkdirSync(join(server.dir, 'backups'), { recursive: true });
    writeFileSync(
      join(server.dir, 'backups', 'odd_schema.zip'),
      await zipOf({ 'data.db': readFileSync(path) }),
    );
    const kept = await su.collection('notes').create({ title: 'survives the failed restore' });
    const before = fingerprint(server.dir);
    await su.backups.restore('odd_schema.zip');
    await waitFor('the failed restore to end', async () => {
      try {
        return await canBackup();
      } catch {
        return false;
      }
    });
    expect((await su.collection('notes').getOne(kept.id)).title).toBe(
      'survives the failed restore',
    );
    // Reopened on the old files (no -wal of the failed open replayed onto them): same files, the
    // superuser still recognised (canBackup is only shown to one), integrity ok.
    expect(Object.keys(fingerprint(server.dir)).sort()).toEqual(Object.keys(before).sort());
    const db = new Database(join(server.dir, 'data.db'), { readonly: true });
    try {
      expect(db.query('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    } finally {
      db.close();
    }
  });

  test('restore swaps the contents in place and the server goes on serving the restored data', async () => {
    const kept = await su.collection('notes').create({ title: 'before the backup' });
    await su.backups.create('point_in_time.zip');
    const later = await su.collection('notes').create({ title: 'after the backup' });
    await su.backups.restore('point_in_time.zip');
    // The restart is in place: same address; poll until the restored data answers.
    const titles = await waitFor('the restored data to be served', async () => {
      try {
        const list = await su.collection('notes').getFullList();
        return list.length > 0 ? list.map((r) => r.id) : null;
      } catch {
        return null;
      }
    });
    expect(titles).toContain(kept.id);
    expect(titles).not.toContain(later.id);
    // Tokens stay valid: the superuser (in the backup too) goes on working.
    const pb = await server.superuserClient();
    expect((await pb.backups.getFullList()).map((b) => b.key)).toContain('point_in_time.zip');
    await waitFor('canBackup again', () => canBackup());
    const db = new Database(join(server.dir, 'data.db'), { readonly: true });
    try {
      expect(db.query('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    } finally {
      db.close();
    }
  });
  test('a realtime subscriber is disconnected by the restart and the SDK resubscribes', async () => {
    await su.backups.create('for_realtime.zip');
    const listener = await server.superuserClient();
    const inbox = new Inbox();
    await listener.collection('notes').subscribe('*', inbox.push);
    const first = await su.collection('notes').create({ title: 'before the restart' });
    await inbox.next((e) => e.record?.id === first.id, 'the event before the restart');
    const coreBefore = server.app.core;
    await su.backups.restore('for_realtime.zip');
    await waitFor(
      'the restored app',
      () => server.app.core !== coreBefore && server.app.core.backups.canBackup,
    );
    // The SDK reconnects by itself (with its backoff) and resubmits its subscriptions.
    const after = await waitFor(
      'events after the restart',
      async () => {
        const rec = await su.collection('notes').create({ title: 'after the restart' });
        await Bun.sleep(200);
        return inbox.items.some((e) => e.record?.id === rec.id) ? rec : null;
      },
      { timeout: 15_000, interval: 300 },
    );
    expect(after.title).toBe('after the restart');
    await listener.realtime.unsubscribe();
  });
});

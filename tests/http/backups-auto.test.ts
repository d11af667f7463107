// Auto-backups (`settings.backups`): the `__pbAutoBackup__` job follows `backups.cron`, keeps
// `cronMaxKeep` auto backups (never touching named ones), stores to S3 when `backups.s3` is enabled
// (s3rver on loopback), and mails the superusers when a run fails.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type PocketBase from 'pocketbase';
import { runAutoBackup } from '../../src/core/backups/auto.ts';
import { extractZip } from '../../src/core/backups/zip.ts';
import { type SmtpSink, startSmtpSink } from '../mail/smtp-sink.ts';
import { type S3rver, startS3rver } from '../support/s3rver.ts';
import { startServer, TEST_SUPERUSER, type TestServer, tempDir } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

let server: TestServer;
let su: PocketBase;
let smtp: SmtpSink;
let s3: S3rver;

const s3Settings = (over: Record<string, unknown> = {}) => ({
  enabled: true,
  bucket: 'backups',
  region: 'us-east-1',
  endpoint: s3.endpoint,
  accessKey: 'S3RVER',
  secret: 'S3RVER',
  forcePathStyle: true,
  ...over,
});

const keys = async () => (await su.backups.getFullList()).map((b) => b.key);

beforeAll(async () => {
  s3 = await startS3rver('backups');
  smtp = await startSmtpSink();
  // Archives of data.db: on PostgreSQL there is no auto-backup job (tests/pg/pg-records.test.ts).
  server = await startServer({ sqliteOnly: true });
  su = await server.superuserClient();
  await su.settings.update({ smtp: smtp.settings() });
});
afterAll(async () => {
  await server.stop();
  await smtp.close();
  await s3.stop();
});

describe('the auto-backup job', () => {
  test('listed while backups.cron is set, gone when it is cleared', async () => {
    await su.settings.update({ backups: { cron: '0 3 * * *', cronMaxKeep: 2 } });
    expect(await su.crons.getFullList()).toContainEqual({
      id: '__pbAutoBackup__',
      expression: '0 3 * * *',
    });
    await su.settings.update({ backups: { cron: '' } });
    const ids = (await su.crons.getFullList()).map((j) => j.id);
    expect(ids).not.toContain('__pbAutoBackup__');
  });

  test('keeps cronMaxKeep auto backups, the newest, and never deletes a named one', async () => {
    await su.settings.update({ backups: { cron: '0 3 * * *', cronMaxKeep: 2 } });
    await su.backups.create('named.zip');
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const before = new Set(await keys());
      await su.crons.run('__pbAutoBackup__');
      const added = await waitFor('the auto backup to be listed', async () => {
        const now = await keys();
        const fresh = now.filter((k) => !before.has(k) && k.startsWith('@auto_pb_backup_'));
        const idle = ((await su.health.check()).data as { canBackup: boolean }).canBackup;
        return fresh.length === 1 && idle ? fresh[0] : null;
      });
      made.push(added);
    }
    // Pruning follows the backup (canBackup is already true by then).
    const isAuto = (k: string) => k.startsWith('@auto_pb_backup_');
    const list = await waitFor('the oldest auto backup to be pruned', async () => {
      const now = await keys();
      return now.filter(isAuto).length === 2 ? now : null;
    });
    expect(list).toContain('named.zip');
    expect(list.filter((k) => k.startsWith('@auto_pb_backup_acme_')).sort()).toEqual(
      made.slice(1).sort(),
    );
    // `@` and the like travel percent-encoded in the path: download and delete find the key.
    const key = made[2]!;
    const token = await su.files.getToken();
    const res = await fetch(su.backups.getDownloadURL(token, key));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${key}"`);
    await su.backups.delete(key);
    expect(await keys()).not.toContain(key);
  });

  test('an uploaded file keeps its name, spaces included, and is reachable by it', async () => {
    const zip = readFileSync(join(server.dir, 'backups', 'named.zip'));
    await su.backups.upload({ file: new File([zip], 'My Upload (1).zip') });
    expect(await keys()).toContain('My Upload (1).zip');
    const token = await su.files.getToken();
    expect((await fetch(su.backups.getDownloadURL(token, 'My Upload (1).zip'))).status).toBe(200);
    await su.backups.delete('My Upload (1).zip');
    expect(await keys()).not.toContain('My Upload (1).zip');
  });
});

describe('backups on S3', () => {
  test('create, list, download and restore through the backups bucket', async () => {
    await su.settings.update({ backups: { cron: '', s3: s3Settings() } });
    try {
      const note = await su.collections.create({
        name: 's3_notes',
        fields: [{ name: 't', type: 'text' }],
      });
      await su.backups.create('on_s3.zip');
      expect(await keys()).toEqual(['on_s3.zip']);
      expect(readdirSync(join(s3.dir, 'backups')).length).toBeGreaterThan(0);
      expect(readdirSync(join(server.dir, 'backups'))).not.toContain('on_s3.zip');

      const token = await su.files.getToken();
      const res = await fetch(su.backups.getDownloadURL(token, 'on_s3.zip'));
      expect(res.status).toBe(200);
      const zip = join(tempDir(), 'on_s3.zip');
      writeFileSync(zip, new Uint8Array(await res.arrayBuffer()));
      const out = join(tempDir(), 'out');
      await extractZip(zip, out);
      expect(readdirSync(out)).toContain('data.db');

      await su.collections.delete(note.id);
      await su.backups.restore('on_s3.zip');
      await waitFor('the restored collection', async () => {
        try {
          return (await su.collections.getOne('s3_notes')).id === note.id;
        } catch {
          return false;
        }
      });
    } finally {
      await su.settings.update({ backups: { s3: { enabled: false } } });
    }
  });

  test('a failing auto-backup mails the superusers and leaves no temp files', async () => {
    // A port nothing listens on: the upload fails after the archive was written.
    await su.settings.update({ backups: { s3: s3Settings({ endpoint: 'http://127.0.0.1:9' }) } });
    try {
      const mail = smtp.next(TEST_SUPERUSER.email);
      await runAutoBackup(server.app.core);
      const received = await mail;
      expect(received.subject).toBe('Acme: auto-backup failed');
      expect(received.body).toContain('The scheduled backup of Acme');
      expect(readdirSync(join(server.dir, '.satchel_temp'))).toEqual([]);
      expect(server.app.core.backups.canBackup).toBe(true);
    } finally {
      await su.settings.update({ backups: { s3: { enabled: false } } });
    }
  });
});

// `satchel backup [NAME]` and `satchel restore NAME` as subprocesses: alone, beside a running server,
// and refusing a bad archive with the data dir unchanged.

import { Database } from 'bun:sqlite';
import { afterAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import yazl from 'yazl';
import { listZip } from '../../src/core/backups/zip.ts';
import { runCli, spawnServe } from '../support/process.ts';
import { tempDir } from '../support/server.ts';
import { within } from '../support/wait.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function newDir(): string {
  const d = tempDir('satchel-cli-backup-');
  dirs.push(d);
  return join(d, 'sb_data');
}

function superuserEmails(dir: string): string[] {
  const db = new Database(join(dir, 'data.db'), { readonly: true });
  try {
    return (
      db.query('SELECT email FROM _superusers ORDER BY email').all() as { email: string }[]
    ).map((r) => r.email);
  } finally {
    db.close();
  }
}

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

describe('backup and restore CLI', () => {
  test('backup NAME, a generated name, a refused name; restore brings the old state back', async () => {
    const dir = newDir();
    expect(
      (await runCli(['superuser', 'upsert', 'a@example.com', '1234567890', `--dir=${dir}`])).code,
    ).toBe(0);
    let r = await runCli(['backup', 'first.zip', `--dir=${dir}`]);
    expect(r).toMatchObject({ code: 0, stdout: 'Successfully created backup "first.zip".\n' });
    r = await runCli(['backup', `--dir=${dir}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Successfully created backup "pb_backup_acme_\d{14}\.zip"/);
    r = await runCli(['backup', 'Bad Name.zip', `--dir=${dir}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('name: Must be in a valid format.');
    r = await runCli(['backup', 'first.zip', `--dir=${dir}`]);
    expect(r.code).toBe(1);
    expect(readdirSync(join(dir, 'backups')).length).toBe(2);

    await runCli(['superuser', 'upsert', 'later@example.com', '1234567890', `--dir=${dir}`]);
    expect(superuserEmails(dir)).toContain('later@example.com');
    r = await runCli(['restore', 'first.zip', `--dir=${dir}`]);
    expect(r.stderr).not.toContain('Error');
    expect(r.code).toBe(0);
    expect(superuserEmails(dir)).toEqual(['a@example.com']);
    const db = new Database(join(dir, 'data.db'), { readonly: true });
    expect(db.query('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    db.close();
  });

  test('the TLS certificate cache stays out of backups and survives a restore', async () => {
    const dir = newDir();
    expect(
      (await runCli(['superuser', 'upsert', 'a@example.com', '1234567890', `--dir=${dir}`])).code,
    ).toBe(0);
    mkdirSync(join(dir, '.autocert_cache'));
    writeFileSync(join(dir, '.autocert_cache', 'example.com'), 'old key and chain');
    expect((await runCli(['backup', 'tls.zip', `--dir=${dir}`])).code).toBe(0);
    const names = await listZip(join(dir, 'backups', 'tls.zip'));
    expect(names).toContain('data.db');
    expect(names.filter((n) => n.includes('autocert'))).toEqual([]);
    writeFileSync(join(dir, '.autocert_cache', 'example.com'), 'renewed key and chain');
    expect((await runCli(['restore', 'tls.zip', `--dir=${dir}`])).code).toBe(0);
    expect(readFileSync(join(dir, '.autocert_cache', 'example.com'), 'utf8')).toBe(
      'renewed key and chain',
    );
  });

  test('restore refuses a missing backup and another program’s database, changing nothing', async () => {
    const dir = newDir();
    expect(
      (await runCli(['superuser', 'upsert', 'a@example.com', '1234567890', `--dir=${dir}`])).code,
    ).toBe(0);
    expect((await runCli(['backup', 'keep.zip', `--dir=${dir}`])).code).toBe(0);
    const other = join(tempDir(), 'other.db');
    const foreign = new Database(other);
    foreign.run('CREATE TABLE t (x)');
    foreign.close();
    const zip = new yazl.ZipFile();
    zip.addBuffer(readFileSync(other), 'data.db');
    zip.end();
    const chunks: Buffer[] = [];
    for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
    writeFileSync(join(dir, 'backups', 'foreign.zip'), Buffer.concat(chunks));

    const before = fingerprint(dir);
    let r = await runCli(['restore', 'foreign.zip', `--dir=${dir}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('data.db has no _collections table');
    r = await runCli(['restore', 'nope.zip', `--dir=${dir}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Missing or invalid backup file.');
    expect(fingerprint(dir)).toEqual(before);
    r = await runCli(['restore', `--dir=${dir}`]);
    expect(r.code).toBe(2);
  });

  test('backup works beside a running server; restore refuses while it serves the dir', async () => {
    const dir = newDir();
    const serve = await spawnServe(dir);
    try {
      const r = await runCli(['backup', 'online.zip', `--dir=${dir}`]);
      expect(r.code).toBe(0);
      const refused = await runCli(['restore', 'online.zip', `--dir=${dir}`]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`is being served by process ${serve.proc.pid}`);
      // The server is untouched: still answering.
      expect((await fetch(`${serve.url}/api/health`)).status).toBe(200);
    } finally {
      serve.proc.kill('SIGTERM');
      await within('serve to exit', serve.proc.exited);
    }
  });
});

// `satchel superuser …` as a subprocess against a temp dir, alone and beside a running server.
import { afterAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import PocketBase from 'pocketbase';
import { startServer, tempDir } from '../support/server.ts';

const MAIN = resolve(import.meta.dir, '../../src/main.ts');
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function newDir(): string {
  const d = tempDir('satchel-cli-');
  dirs.push(d);
  return join(d, 'sb_data');
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const proc = Bun.spawn([process.execPath, MAIN, 'superuser', ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, out, err };
}

describe('superuser CLI', () => {
  test('--help', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('upsert <email> <password>');
    for (const action of ['create', 'update', 'delete', 'otp', 'ips']) {
      expect(r.out).toContain(action);
    }
  });

  test.each([
    [[], 'Usage: satchel superuser'],
    [['frobnicate', 'a@b.c', '12345678'], "unknown command 'frobnicate'"],
    [['upsert'], "missing required argument 'email'"],
    [['upsert', 'a@b.c'], "missing required argument 'password'"],
    [['delete', 'a@b.c', 'extra'], "too many arguments for 'delete'"],
  ])('usage error %j', async (args, message) => {
    const r = await cli(...args, `--dir=${newDir()}`);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  test('invalid email or short password → exit 1 with the reason', async () => {
    const dir = newDir();
    let r = await cli('upsert', 'not-an-email', '1234567890', `--dir=${dir}`);
    expect(r.code).toBe(1);
    expect(r.err).toContain('email: Must be a valid email address.');
    r = await cli('upsert', 'a@example.com', 'short', `--dir=${dir}`);
    expect(r.code).toBe(1);
    expect(r.err).toContain('password: Must be at least 8 character(s).');
  });

  test('upsert, create, update, delete; then log in through the API', async () => {
    const dir = newDir();
    expect((await cli('upsert', 'one@example.com', 'password-1', `--dir=${dir}`)).code).toBe(0);
    const dup = await cli('create', 'one@example.com', 'password-x', `--dir=${dir}`);
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('email: Value must be unique.');
    expect((await cli('create', 'two@example.com', 'password-2', `--dir=${dir}`)).code).toBe(0);
    expect((await cli('update', 'one@example.com', 'password-1b', `--dir=${dir}`)).code).toBe(0);
    const missing = await cli('update', 'nobody@example.com', 'password-1b', `--dir=${dir}`);
    expect(missing.code).toBe(1);
    expect((await cli('delete', 'two@example.com', `--dir=${dir}`)).code).toBe(0);
    const last = await cli('delete', 'one@example.com', `--dir=${dir}`);
    expect(last.code).toBe(1);
    expect(last.err).toContain('only existing superuser');

    const server = await startServer({ dir, noSuperuser: true });
    try {
      const pb = new PocketBase(server.url);
      await pb.collection('_superusers').authWithPassword('one@example.com', 'password-1b');
      expect(pb.authStore.isSuperuser).toBe(true);
      await expect(
        pb.collection('_superusers').authWithPassword('two@example.com', 'password-2'),
      ).rejects.toThrow();
    } finally {
      await server.stop(true);
    }
  });

  test('works while a server serves the same dir; old tokens die with the password', async () => {
    const dir = newDir();
    const server = await startServer({ dir, noSuperuser: true });
    try {
      const r = await cli('upsert', 'live@example.com', 'password-1', `--dir=${dir}`);
      expect([r.code, r.err]).toEqual([0, '']);
      expect(r.out).toContain('live@example.com');
      const pb = new PocketBase(server.url);
      const auth = await pb
        .collection('_superusers')
        .authWithPassword('live@example.com', 'password-1');

      expect((await cli('upsert', 'live@example.com', 'password-2', `--dir=${dir}`)).code).toBe(0);
      const health = await server.fetch('/api/health', { headers: { authorization: auth.token } });
      expect(((await health.json()) as { data: object }).data).toEqual({}); // tokenKey rotated
      await pb.collection('_superusers').authWithPassword('live@example.com', 'password-2');
      expect(pb.authStore.isSuperuser).toBe(true);
    } finally {
      await server.stop(true);
    }
  });
});

// `satchel serve` as a process: help, lock against a second server, graceful shutdown, durability.
import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { runCli, spawnServe } from '../support/process.ts';
import { tempDir } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

describe('cli', () => {
  for (const command of [[], ['serve'], ['superuser'], ['version']]) {
    test(`${['satchel', ...command].join(' ')} --help`, async () => {
      const r = await runCli([...command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: satchel');
    });
  }

  test('version prints the package version', async () => {
    const r = await runCli(['version']);
    expect(r.stdout).toMatch(/^satchel version \d+\.\d+\.\d+/);
  });

  test('an unknown command is a usage error (exit 2)', async () => {
    const r = await runCli(['nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'nope'");
  });
});

describe('serve', () => {
  test('prints an install link whose token creates the first superuser, then the installer is gone', async () => {
    const dir = join(tempDir(), 'sb_data');
    const s = await spawnServe(dir);
    try {
      await waitFor('the install link', () => /pbinstal\/\S+/.test(s.output()));
      expect(s.output()).toContain('superuser upsert');
      const token = /pbinstal\/(\S+)/.exec(s.output())![1]!;
      const created = await fetch(`${s.url}/api/collections/_superusers/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: token },
        body: JSON.stringify({
          email: 'first@example.com',
          password: '1234567890',
          passwordConfirm: '1234567890',
        }),
      });
      expect(created.status).toBe(200);
      const login = await fetch(`${s.url}/api/collections/_superusers/auth-with-password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity: 'first@example.com', password: '1234567890' }),
      });
      const { token: real } = (await login.json()) as { token: string };
      const list = await fetch(`${s.url}/api/collections/_superusers/records`, {
        headers: { authorization: real },
      });
      const emails = ((await list.json()) as { items: { email: string }[] }).items.map(
        (r) => r.email,
      );
      expect(emails).toEqual(['first@example.com']);
    } finally {
      s.proc.kill('SIGTERM');
      expect(await s.proc.exited).toBe(0);
    }
  });

  test('a second serve on the same dir is refused; CLI commands still work beside it', async () => {
    const dir = join(tempDir(), 'sb_data');
    const first = await spawnServe(dir);
    try {
      const second = await runCli(['serve', '--http=127.0.0.1:0', `--dir=${dir}`]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('already being served');
      const upsert = await runCli([
        'superuser',
        'upsert',
        'cli@example.com',
        '1234567890',
        `--dir=${dir}`,
      ]);
      expect(upsert.code).toBe(0);
      const login = await fetch(`${first.url}/api/collections/_superusers/auth-with-password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity: 'cli@example.com', password: '1234567890' }),
      });
      expect(login.status).toBe(200);
    } finally {
      first.proc.kill('SIGTERM');
      expect(await first.proc.exited).toBe(0);
    }
    // the lock is released on shutdown: serving again works
    const again = await spawnServe(dir);
    again.proc.kill('SIGINT');
    expect(await again.proc.exited).toBe(0);
  });

  test('SIGTERM lets an in-flight request finish before exiting', async () => {
    const dir = join(tempDir(), 'sb_data');
    expect(
      (await runCli(['superuser', 'upsert', 'a@example.com', '1234567890', `--dir=${dir}`])).code,
    ).toBe(0);
    const s = await spawnServe(dir);
    // A request whose body is still streaming when the signal arrives.
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    const pending = fetch(`${s.url}/api/collections/_superusers/auth-with-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: readable,
      duplex: 'half',
    } as RequestInit);
    await writer.write(new TextEncoder().encode('{"identity":"a@example.com",'));
    // A barrier instead of a sleep: the server accepts connections in order, so once it has answered
    // a request opened after ours, ours is in flight.
    const barrier = await fetch(`${s.url}/api/health`, { keepalive: false });
    expect(barrier.status).toBe(200);
    s.proc.kill('SIGTERM');
    await writer.write(new TextEncoder().encode('"password":"1234567890"}'));
    await writer.close();
    const res = await pending;
    expect(res.status).toBe(200);
    expect((await res.json()).record.email).toBe('a@example.com');
    expect(await s.proc.exited).toBe(0);
    // new connections are refused once it stopped
    expect(fetch(`${s.url}/api/health`)).rejects.toThrow();
  });

  test('an acknowledged write survives kill -9', async () => {
    const dir = join(tempDir(), 'sb_data');
    expect(
      (await runCli(['superuser', 'upsert', 'a@example.com', '1234567890', `--dir=${dir}`])).code,
    ).toBe(0);
    const s = await spawnServe(dir);
    const login = await fetch(`${s.url}/api/collections/_superusers/auth-with-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'a@example.com', password: '1234567890' }),
    });
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${s.url}/api/collections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: token },
      body: JSON.stringify({ name: 'notes', fields: [{ name: 'text', type: 'text' }] }),
    });
    expect(created.status).toBe(200);
    const rec = await fetch(`${s.url}/api/collections/notes/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: token },
      body: JSON.stringify({ text: 'durable' }),
    });
    expect(rec.status).toBe(200);
    const { id } = (await rec.json()) as { id: string };
    s.proc.kill('SIGKILL');
    await s.proc.exited;
    // the stale lock of the killed process is taken over
    const again = await spawnServe(dir);
    try {
      const got = await fetch(`${again.url}/api/collections/notes/records/${id}`, {
        headers: { authorization: token },
      });
      expect(got.status).toBe(200);
      expect((await got.json()).text).toBe('durable');
    } finally {
      again.proc.kill('SIGTERM');
      await again.proc.exited;
    }
  });
});

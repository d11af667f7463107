// What a new user meets first: one server per address, flags that are checked, help that lists
// everything, PocketBase's command lines, and a banner whose superuser hint works as printed.
import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FlagError, normalizeArgv, PENDING_FLAGS, pendingWarning } from '../../src/cli/flags.ts';
import { ROOT, runCli, spawnServe } from '../support/process.ts';
import { tempDir } from '../support/server.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function newDir(): string {
  const d = tempDir('satchel-first-');
  dirs.push(d);
  return d;
}

describe('Go-style flags', () => {
  test.each([
    [['--automigrate=false'], ['--no-automigrate']],
    [['--hooksWatch=0'], ['--no-hooksWatch']],
    [['--indexFallback=true'], ['--indexFallback']],
    [['--dev=true'], ['--dev']],
    [['--dev=false'], []],
    [
      ['--dir=/tmp/x', 'serve'],
      ['--dir', '/tmp/x', 'serve'],
    ],
    [['--origins='], ['--origins', '']],
    [
      ['serve', '--', '--dir=x'],
      ['serve', '--', '--dir=x'],
    ],
  ])('%j → %j', (argv, expected) => {
    expect(normalizeArgv(argv)).toEqual(expected);
  });

  test('a boolean with a value Go refuses, and flags of other servers, are errors', () => {
    expect(() => normalizeArgv(['--dev=maybe'])).toThrow(FlagError);
    expect(() => normalizeArgv(['--port=8093'])).toThrow('Did you mean --http=127.0.0.1:PORT?');
  });
});

describe('usage errors', () => {
  test('serve --port=8093 is refused (it started on 8090 before)', async () => {
    const r = await runCli(['serve', '--port=8093']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--port=8093'");
    expect(r.stderr).toContain('--http');
  });

  test('a misspelt --dir is refused with a suggestion and creates nothing', async () => {
    const cwd = newDir();
    const r = await runCli(['superuser', 'upsert', 'a@example.com', '1234567890', '--dri=/tmp/x'], {
      cwd,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--dri'");
    expect(r.stderr).toContain('Did you mean --dir?');
    expect(r.stdout).not.toContain('Successfully');
    expect(existsSync(join(cwd, 'sb_data'))).toBe(false);
  });

  test('--help lists every command and every flag', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const command of [
      'satchel serve [domains...]',
      'satchel superuser upsert <email> <password>',
      'satchel superuser create <email> <password>',
      'satchel superuser update <email> <password>',
      'satchel superuser delete <email>',
      'satchel superuser otp <email>',
      'satchel superuser ips [ips...]',
      'satchel version',
      'satchel healthcheck',
    ]) {
      expect(r.stdout).toContain(command);
    }
    for (const flag of [
      ...Object.keys(PENDING_FLAGS),
      'publicDir',
      'indexFallback',
      'hooksDir',
      'hooksWatch',
      'hooksPool',
    ]) {
      expect(r.stdout).toContain(`--${flag}`);
    }
    const serve = await runCli(['serve', '--help']);
    for (const flag of ['--http', '--https', '--cert', '--key', '--origins', '--dir', '--dev']) {
      expect(serve.stdout).toContain(flag);
    }
  });
});

describe('serve', () => {
  test('a second server on a busy address fails clearly; the first keeps all requests', async () => {
    const first = await spawnServe(join(newDir(), 'a'));
    try {
      const address = first.url.replace('http://', '');
      const second = await runCli(['serve', `--http=${address}`, `--dir=${join(newDir(), 'b')}`]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`${address} is already in use`);
      expect(second.stdout).not.toContain('Server started');
      // Before, the kernel split requests between both processes: every answer comes from `first`.
      const dirs = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const res = await fetch(`${first.url}/api/health`, { keepalive: false });
          return res.status;
        }),
      );
      expect(dirs).toEqual(Array(20).fill(200));
    } finally {
      first.proc.kill('SIGTERM');
      expect(await first.proc.exited).toBe(0);
    }
  });

  test("PocketBase's command line starts, warning once per flag whose feature isn't built", async () => {
    const dir = join(newDir(), 'pb_like');
    const s = await spawnServe(
      dir,
      [
        '--dev=false',
        '--encryptionEnv=SATCHEL_KEY',
        '--queryTimeout=10',
        '--hooksDir=/tmp/hooks',
        '--hooksWatch=false',
        '--hooksPool=5',
        '--migrationsDir=/tmp/migrations',
        '--automigrate=false',
        '--publicDir=/tmp/public',
        '--indexFallback=false',
        '--origins=http://a.example,http://b.example',
      ],
      ['--http=127.0.0.1:0'],
    );
    try {
      const cors = await fetch(`${s.url}/api/health`, { headers: { origin: 'http://b.example' } });
      expect(cors.status).toBe(200);
      expect(cors.headers.get('access-control-allow-origin')).toBe('http://b.example');
    } finally {
      s.proc.kill('SIGTERM');
      expect(await s.proc.exited).toBe(0);
    }
    await s.stderrClosed;
    const warnings = s.errors().split('\n').filter(Boolean);
    for (const flag of Object.keys(PENDING_FLAGS)) {
      expect(warnings.filter((w) => w === pendingWarning(flag))).toHaveLength(1);
    }
    // --publicDir and --indexFallback work now: no warning for them.
    expect(warnings.some((w) => w.includes('--publicDir') || w.includes('--indexFallback'))).toBe(
      false,
    );
    expect(warnings).toHaveLength(Object.keys(PENDING_FLAGS).length);
  });

  test('the banner names the API and dashboard, and its superuser hint works as printed', async () => {
    const dir = join(newDir(), 'my data');
    mkdirSync(dir, { recursive: true });
    const s = await spawnServe(dir);
    try {
      expect(s.output()).toContain(`├─ REST API:  ${s.url}/api/`);
      expect(s.output()).toContain(`├─ Dashboard: ${s.url}/_/`);
      const hint = await waitForHint(s.output);
      // From a source checkout there is no `satchel` command: the hint runs the sources with npx.
      expect(hint).toStartWith('npx bun src/main.ts superuser upsert EMAIL PASS --dir=');
      const command = hint.replace('EMAIL PASS', 'hint@example.com 1234567890');
      const proc = Bun.spawn(['sh', '-c', command], { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' });
      expect(await proc.exited).toBe(0);
      expect(await new Response(proc.stdout).text()).toContain('Successfully saved superuser');
      const login = await fetch(`${s.url}/api/collections/_superusers/auth-with-password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity: 'hint@example.com', password: '1234567890' }),
      });
      expect(login.status).toBe(200);
    } finally {
      s.proc.kill('SIGTERM');
      await s.proc.exited;
    }
  });
});

/** The command inside `(or create one by running: …)`, once the install link is out. */
async function waitForHint(output: () => string): Promise<string> {
  const { waitFor } = await import('../support/wait.ts');
  return waitFor('the superuser hint', () => /by running: (.+)\)$/m.exec(output())?.[1]);
}

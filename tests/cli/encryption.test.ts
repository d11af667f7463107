// `serve --encryptionEnv=VAR`: starts with the key, refuses clearly without it (never on defaults).
import { afterAll, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { runCli, spawnServe } from '../support/process.ts';
import { tempDir } from '../support/server.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  delete process.env.SATCHEL_TEST_KEY;
  delete process.env.SATCHEL_TEST_OTHER;
});

test('settings saved under a key need that key to start again', async () => {
  const base = tempDir('satchel-enc-cli-');
  dirs.push(base);
  const dir = join(base, 'sb_data');
  process.env.SATCHEL_TEST_KEY = 'abcdefghijklmnopqrstuvwxyz012345';
  process.env.SATCHEL_TEST_OTHER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
  expect((await runCli(['superuser', 'upsert', 'a@b.co', '1234567890', `--dir=${dir}`])).code).toBe(
    0,
  );
  const s = await spawnServe(dir, ['--encryptionEnv=SATCHEL_TEST_KEY']);
  try {
    const pb = new PocketBase(s.url);
    await pb.collection('_superusers').authWithPassword('a@b.co', '1234567890');
    await pb.settings.update({ meta: { appName: 'Sealed' } });
  } finally {
    s.proc.kill('SIGTERM');
    expect(await s.proc.exited).toBe(0);
  }
  await s.stderrClosed;
  expect(s.errors()).not.toContain('encryptionEnv');

  const without = await runCli(['serve', '--http=127.0.0.1:0', `--dir=${dir}`]);
  expect(without.code).toBe(1);
  expect(without.stderr).toContain('row of _params is encrypted');
  expect(without.stdout).not.toContain('Server started');
  const wrong = await runCli([
    'serve',
    '--http=127.0.0.1:0',
    `--dir=${dir}`,
    '--encryptionEnv=SATCHEL_TEST_OTHER',
  ]);
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toContain(
    "can't be decrypted with the given key (the value of $SATCHEL_TEST_OTHER)",
  );
  // Other commands open the dir with the same flag.
  const su = await runCli([
    'superuser',
    'upsert',
    'c@d.co',
    '1234567890',
    `--dir=${dir}`,
    '--encryptionEnv=SATCHEL_TEST_KEY',
  ]);
  expect(su.code).toBe(0);
  expect((await runCli(['superuser', 'upsert', 'e@f.co', '1234567890', `--dir=${dir}`])).code).toBe(
    1,
  );
});

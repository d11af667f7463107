// Encrypted settings both ways with the reference PocketBase binary, when it is here
// (../shared/tools/get-pocketbase.sh puts it in .cache/pocketbase; POCKETBASE_BIN overrides).
// Without it, tests/core/settings/encryption.test.ts still checks PocketBase's committed row.
import { Database } from 'bun:sqlite';
import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { openCore } from '../../src/app.ts';
import { ROOT, runCli, spawnServe } from '../support/process.ts';
import { tempDir } from '../support/server.ts';
import { waitFor, within } from '../support/wait.ts';

const PB_BIN = process.env.POCKETBASE_BIN ?? join(ROOT, '.cache/pocketbase/pocketbase');
const KEY = 'k3y-for-both-servers-0123456789a';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  delete process.env.SATCHEL_BOTH_KEY;
});

/** The stored `settings` row: never plain JSON once a key is set. */
function storedSettings(dir: string): string {
  const db = new Database(join(dir, 'data.db'), { readonly: true });
  try {
    const row = db.query("SELECT value FROM _params WHERE id = 'settings'").get() as {
      value: string | Uint8Array;
    };
    return typeof row.value === 'string' ? row.value : new TextDecoder().decode(row.value);
  } finally {
    db.close();
  }
}

async function freePort(): Promise<number> {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const { port } = probe;
  probe.stop(true);
  return port;
}

async function login(url: string): Promise<PocketBase> {
  const pb = new PocketBase(url);
  await pb.collection('_superusers').authWithPassword('both@example.com', '1234567890');
  return pb;
}

describe.skipIf(!existsSync(PB_BIN))('encrypted settings with the reference PocketBase', () => {
  test('Satchel writes, PocketBase reads and writes, Satchel reads', async () => {
    const base = tempDir('satchel-enc-pb-');
    dirs.push(base);
    const dir = join(base, 'pb_data');
    process.env.SATCHEL_BOTH_KEY = KEY;
    const flag = '--encryptionEnv=SATCHEL_BOTH_KEY';
    expect(
      (await runCli(['superuser', 'upsert', 'both@example.com', '1234567890', `--dir=${dir}`]))
        .code,
    ).toBe(0);
    const satchel = await spawnServe(dir, [flag]);
    try {
      await (await login(satchel.url)).settings.update({ meta: { appName: 'From Satchel' } });
    } finally {
      satchel.proc.kill('SIGTERM');
      expect(await satchel.proc.exited).toBe(0);
    }
    expect(() => JSON.parse(storedSettings(dir))).toThrow();

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const pbProc = Bun.spawn([PB_BIN, 'serve', `--dir=${dir}`, `--http=127.0.0.1:${port}`, flag], {
      env: { ...process.env },
      stdout: 'ignore',
      stderr: 'ignore',
    });
    try {
      await waitFor(
        'PocketBase to answer',
        () =>
          fetch(`${url}/api/health`).then(
            (r) => r.ok,
            () => false,
          ),
        { timeout: 20_000, interval: 50 },
      );
      const pb = await login(url);
      expect((await pb.settings.getAll()).meta.appName).toBe('From Satchel');
      await pb.settings.update({ meta: { appName: 'From PocketBase' } });
    } finally {
      pbProc.kill('SIGTERM');
      await within('PocketBase to stop', pbProc.exited, { timeout: 10_000 });
    }
    expect(() => JSON.parse(storedSettings(dir))).toThrow();

    await expect(openCore(dir)).rejects.toThrow(/encrypted/);
    const core = await openCore(dir, { encryption: { env: 'SATCHEL_BOTH_KEY', key: KEY } });
    try {
      expect(core.settings.get().meta.appName).toBe('From PocketBase');
    } finally {
      core.store.close();
    }
  }, 60_000);
});

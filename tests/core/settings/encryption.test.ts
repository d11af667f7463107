// Settings encrypted at rest as PocketBase's --encryptionEnv: its rows open here, ours are its format.
import { Database } from 'bun:sqlite';
import { afterAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openCore } from '../../../src/app.ts';
import {
  checkEncryptionKey,
  decryptParam,
  encryptParam,
  openParam,
  SettingsEncryptionError,
} from '../../../src/core/settings/encryption.ts';
import {
  readSatchelParams,
  updateSatchelParams,
} from '../../../src/core/settings/satchel-params.ts';
import pbRow from '../../fixtures/encrypted-settings/pocketbase-0.40.4.json';
import { tempDir } from '../../support/server.ts';

const KEY = pbRow.key;
const enc = { env: pbRow.env, key: KEY };
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function newDir(): string {
  const d = tempDir('satchel-enc-');
  dirs.push(d);
  return join(d, 'sb_data');
}
const storedValue = (dir: string, id: string): unknown => {
  const db = new Database(join(dir, 'data.db'), { readonly: true });
  try {
    return db.query('SELECT value FROM _params WHERE id = ?').get(id) as { value: unknown } | null;
  } finally {
    db.close();
  }
};

describe("PocketBase's format", () => {
  test('the row PocketBase 0.40.4 encrypted decrypts with its key to its settings JSON', () => {
    const plain = decryptParam(pbRow.value, KEY);
    expect(plain).not.toBeNull();
    const json = JSON.parse(new TextDecoder().decode(plain!));
    expect(json.meta.appName).toBe('Encrypted fixture');
    expect(json.smtp.password).toBe('smtp-secret-pw');
  });

  test('a wrong key, a flipped byte or a truncated value does not decrypt (GCM tag)', () => {
    expect(decryptParam(pbRow.value, 'x'.repeat(32))).toBeNull();
    const raw = Buffer.from(pbRow.value, 'base64');
    raw[20] = raw[20]! ^ 1;
    expect(decryptParam(raw.toString('base64'), KEY)).toBeNull();
    expect(decryptParam(pbRow.value.slice(0, 20), KEY)).toBeNull();
    expect(decryptParam('not base64 at all', KEY)).toBeNull();
  });

  test('ours: base64(12-byte nonce ‖ ciphertext ‖ 16-byte tag), a fresh nonce every time', () => {
    const data = new TextEncoder().encode('{"a":1}');
    const one = encryptParam(data, KEY);
    const two = encryptParam(data, KEY);
    expect(one).not.toBe(two);
    expect(Buffer.from(one, 'base64')).toHaveLength(12 + data.length + 16);
    expect(new TextDecoder().decode(decryptParam(one, KEY)!)).toBe('{"a":1}');
  });

  test('keys: 32 characters (AES-256) and the 16/24 Go also takes; others refused', () => {
    for (const n of [16, 24, 32]) expect(() => checkEncryptionKey('k'.repeat(n))).not.toThrow();
    for (const n of [0, 8, 31, 33, 64]) {
      expect(() => checkEncryptionKey('k'.repeat(n))).toThrow(SettingsEncryptionError);
    }
  });

  test('loading as PocketBase: plain JSON first, then decryption; errors name the cause', () => {
    expect(openParam('settings', '{"a":1}', KEY)).toEqual({ a: 1 });
    expect(openParam('settings', new TextEncoder().encode('{"a":1}'))).toEqual({ a: 1 });
    expect(openParam('settings', null)).toBeNull();
    expect(() => openParam('settings', pbRow.value)).toThrow(/encrypted.*--encryptionEnv/);
    expect(() => openParam('settings', pbRow.value, 'y'.repeat(32), 'PBKEY')).toThrow(
      /\$PBKEY.*wrong key/,
    );
  });
});

describe('a data dir', () => {
  test("PocketBase's encrypted row loads with the key; without it or with another, no start", async () => {
    const dir = newDir();
    (await openCore(dir)).store.close();
    const db = new Database(join(dir, 'data.db'));
    db.run(
      `INSERT INTO _params (id, value) VALUES ('settings', ?)
       ON CONFLICT(id) DO UPDATE SET value = excluded.value`,
      [pbRow.value],
    );
    db.close();
    const core = await openCore(dir, { encryption: enc });
    expect(core.settings.get().meta.appName).toBe('Encrypted fixture');
    expect(core.settings.get().smtp.password).toBe('smtp-secret-pw');
    core.store.close();
    await expect(openCore(dir)).rejects.toThrow(SettingsEncryptionError);
    await expect(openCore(dir, { encryption: { env: 'K', key: 'z'.repeat(32) } })).rejects.toThrow(
      /\$K/,
    );
    await expect(openCore(dir, { encryption: { env: 'K', key: 'short' } })).rejects.toThrow(
      /32 characters/,
    );
  });

  test('with a key, saved settings and the satchel row are stored encrypted; a plain dir upgrades', async () => {
    const dir = newDir();
    let core = await openCore(dir);
    await core.settings.update(core.store, { meta: { appName: 'Plain first' } });
    core.store.close();
    // A plain dir opens with a key (as PocketBase), and the next save encrypts.
    core = await openCore(dir, { encryption: enc });
    expect(core.settings.get().meta.appName).toBe('Plain first');
    await core.settings.update(core.store, { meta: { appName: 'Now secret' } });
    await updateSatchelParams(core.store, core.settings, { openapi: { public: true } });
    expect(readSatchelParams(core.store.reader, core.settings).openapi.public).toBe(true);
    core.store.close();
    for (const id of ['settings', 'satchel']) {
      const value = (storedValue(dir, id) as { value: unknown }).value;
      expect(typeof value).toBe('string');
      expect(() => JSON.parse(value as string)).toThrow();
      expect(decryptParam(value as string, KEY)).not.toBeNull();
    }
    const settings = (storedValue(dir, 'settings') as { value: string }).value;
    const json = JSON.parse(new TextDecoder().decode(decryptParam(settings, KEY)!));
    expect(json.meta.appName).toBe('Now secret');
    await expect(openCore(dir)).rejects.toThrow(/"satchel" row/);
    core = await openCore(dir, { encryption: enc });
    expect(core.settings.get().meta.appName).toBe('Now secret');
    core.store.close();
  });
});

// Local storage: keys that would leave `<dataDir>/storage` never touch a file; sidecars as PocketBase writes them.
import { afterAll, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalStorage } from '../../src/storage/local.ts';
import { isSafeKey } from '../../src/storage/storage.ts';
import { tempDir } from '../support/server.ts';

const dir = tempDir('satchel-storage-');
const root = join(dir, 'storage');
const storage = new LocalStorage(root);
writeFileSync(join(dir, 'secret.txt'), 'outside');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.each([
  ['../secret.txt', false],
  ['a/../../secret.txt', false],
  ['/etc/passwd', false],
  ['a/b\0c', false],
  ['a\\..\\b', false],
  ['a//b', false],
  ['./a', false],
  ['', false],
  ['c/r/file.png', true],
  ['c/r/thumbs_f.png/100x100_f.png', true],
])('isSafeKey(%p) = %p', (key, ok) => expect(isSafeKey(key)).toBe(ok));

test('unsafe keys read nothing, write nothing, delete nothing', async () => {
  for (const key of ['../secret.txt', '..', '/tmp', `${dir}/secret.txt`, 'x/../../secret.txt']) {
    expect(await storage.get(key)).toBeNull();
    expect(await storage.exists(key)).toBe(false);
    await storage.delete(key);
    await storage.deletePrefix(key);
    expect(storage.put(key, new Uint8Array([1]), { contentType: 'text/plain' })).rejects.toThrow();
  }
  expect(readFileSync(join(dir, 'secret.txt'), 'utf8')).toBe('outside');
});

test('put writes the file and a PocketBase-shaped .attrs sidecar; get reads the type back', async () => {
  await storage.put('c1/r1/a.txt', new TextEncoder().encode('hi'), {
    contentType: 'text/plain; charset=utf-8',
    originalName: 'A.txt',
  });
  const attrs = JSON.parse(readFileSync(join(root, 'c1/r1/a.txt.attrs'), 'utf8'));
  expect(attrs).toEqual({
    'user.cache_control': '',
    'user.content_disposition': '',
    'user.content_encoding': '',
    'user.content_language': '',
    'user.content_type': 'text/plain; charset=utf-8',
    'user.metadata': { 'original-filename': 'A.txt' },
    md5: createHash('md5').update('hi').digest('base64'),
  });
  const got = await storage.get('c1/r1/a.txt');
  expect(got?.contentType).toBe('text/plain; charset=utf-8');
  expect(await got!.blob.text()).toBe('hi');
  expect(await storage.list('c1')).toEqual(['c1/r1/a.txt']);
});

test('a missing sidecar means application/octet-stream', async () => {
  mkdirSync(join(root, 'c2/r2'), { recursive: true });
  writeFileSync(join(root, 'c2/r2/raw.bin'), 'x');
  expect((await storage.get('c2/r2/raw.bin'))?.contentType).toBe('application/octet-stream');
  await storage.deletePrefix('c2/r2');
  expect(existsSync(join(root, 'c2/r2'))).toBe(false);
});

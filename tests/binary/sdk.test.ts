// The SDK scenarios that matter most, run against the compiled binary as shipped (SATCHEL_BINARY=path).
// Skipped under a plain `bun test`; .ci/run builds the binary and runs this file against it.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { deflateSync } from 'node:zlib';
import { EventSource } from 'eventsource';
import type PocketBase from 'pocketbase';
import { describeWithFixture } from '../support/fixture.ts';
import { copyFixture, FIXTURE_PASSWORD } from '../support/server.ts';
import {
  BINARY,
  type BinaryServer,
  emptyDirs,
  removeDir,
  runBinary,
  serveBinary,
} from './binary.ts';

/** A solid-colour RGB PNG, built by hand so the test needs no image library. */
function png(width: number, height: number): Uint8Array<ArrayBuffer> {
  const chunk = (type: string, data: Uint8Array) => {
    const body = new Uint8Array([...new TextEncoder().encode(type), ...data]);
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(body, 4);
    view.setUint32(8 + data.length, Bun.hash.crc32(body));
    return out;
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = [0, ...Array.from({ length: width }, () => [200, 40, 40]).flat()];
  const raw = new Uint8Array(Array.from({ length: height }, () => row).flat());
  const sig = [137, 80, 78, 71, 13, 10, 26, 10];
  return new Uint8Array([
    ...sig,
    ...chunk('IHDR', ihdr),
    ...chunk('IDAT', deflateSync(raw)),
    ...chunk('IEND', new Uint8Array()),
  ]);
}

/** Width × height from a PNG's IHDR (thumbs keep the source format). */
function pngSize(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return `${view.getUint32(16)}x${view.getUint32(20)}`;
}

const EMAIL = 'admin@example.com';
const PASSWORD = '1234567890';

describe.skipIf(!BINARY)('compiled binary', () => {
  const dirs = emptyDirs();
  let server: BinaryServer;
  let su: PocketBase;

  beforeAll(async () => {
    (globalThis as { EventSource?: unknown }).EventSource ??= EventSource;
    const upsert = await runBinary(
      ['superuser', 'upsert', EMAIL, PASSWORD, `--dir=${dirs.data}`],
      dirs.cwd,
    );
    expect(upsert.code).toBe(0);
    server = await serveBinary(dirs.data, dirs.cwd, dirs.tmp);
    su = server.client();
    await su.collection('_superusers').authWithPassword(EMAIL, PASSWORD);
  });

  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
    removeDir(dirs.base);
  });

  test('version prints the version and the baked-in commit', async () => {
    const r = await runBinary(['version'], dirs.cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^satchel version \d+\.\d+\.\d+ \((?!dev\))[^)]+\)/);
  });

  test('healthcheck answers 0 for a live server and 1 for a dead port', async () => {
    expect((await runBinary(['healthcheck', `--url=${server.url}`], dirs.cwd)).code).toBe(0);
    const dead = await runBinary(
      ['healthcheck', '--url=http://127.0.0.1:9', '--timeout=1000'],
      dirs.cwd,
    );
    expect(dead.code).toBe(1);
  });

  test('superuser login, then a wrong password is a 400', async () => {
    const auth = await server.client().collection('_superusers').authWithPassword(EMAIL, PASSWORD);
    expect(auth.record.email).toBe(EMAIL);
    expect(su.authStore.isSuperuser).toBe(true);
    const other = server.client();
    await expect(
      other.collection('_superusers').authWithPassword(EMAIL, 'wrong-password'),
    ).rejects.toMatchObject({
      status: 400,
    });
  });

  test('collections CRUD', async () => {
    const c = await su.collections.create({
      name: 'tmp_items',
      type: 'base',
      fields: [{ name: 'label', type: 'text', required: true }],
    });
    expect((await su.collections.getOne('tmp_items')).id).toBe(c.id);
    await su.collections.update(c.id, { listRule: '' });
    expect((await su.collections.getOne(c.id)).listRule).toBe('');
    await su.collections.delete(c.id);
    await expect(su.collections.getOne('tmp_items')).rejects.toMatchObject({ status: 404 });
  });

  test('records CRUD, list with filter and sort, rules for guests', async () => {
    await su.collections.create({
      name: 'posts',
      type: 'base',
      listRule: 'published = true',
      viewRule: 'published = true',
      fields: [
        { name: 'title', type: 'text', required: true },
        { name: 'views', type: 'number' },
        { name: 'published', type: 'bool' },
      ],
    });
    const posts = su.collection('posts');
    for (let i = 0; i < 5; i++)
      await posts.create({ title: `post ${i}`, views: i * 10, published: i % 2 === 0 });
    const hot = await posts.getList(1, 10, { filter: 'views >= 20', sort: '-views' });
    expect(hot.items.map((r) => r.title)).toEqual(['post 4', 'post 3', 'post 2']);
    const guest = await server.client().collection('posts').getFullList({ sort: 'title' });
    expect(guest.map((r) => r.title)).toEqual(['post 0', 'post 2', 'post 4']);

    const created = await posts.create({ title: 'draft' });
    expect((await posts.update(created.id, { title: 'final' })).title).toBe('final');
    await expect(posts.create({ title: '' })).rejects.toMatchObject({ status: 400 });
    await posts.delete(created.id);
    await expect(posts.getOne(created.id)).rejects.toMatchObject({ status: 404 });
    // The binary reads 1 MiB of request line too: a 100 KB filter is a 400 with a reason.
    const long = await fetch(
      `${server.url}/api/collections/posts/records?filter=${'1'.repeat(100_000)}`,
    );
    expect(long.status).toBe(400);
    expect(((await long.json()) as { message: string }).message).toContain('too long');
  });

  test('realtime: a subscriber receives create and delete events', async () => {
    const posts = su.collection('posts');
    const events: string[] = [];
    const { promise: gotDelete, resolve } = Promise.withResolvers<void>();
    const unsubscribe = await posts.subscribe('*', (e) => {
      events.push(`${e.action}:${e.record.title}`);
      if (e.action === 'delete') resolve();
    });
    const r = await posts.create({ title: 'live', published: true });
    await posts.delete(r.id);
    await gotDelete;
    expect(events).toEqual(['create:live', 'delete:live']);
    await unsubscribe();
  });

  test('the embedded dashboard is served under /_/ with its hashed assets', async () => {
    const page = await fetch(`${server.url}/_/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /src="(\/_\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(server.url + script);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${server.url}/_/collections/posts`)).status).toBe(200);
  });

  test('thumbnails come from the embedded native image code, unpacked under $TMPDIR', async () => {
    await su.collections.create({
      name: 'pictures',
      type: 'base',
      viewRule: '',
      fields: [{ name: 'image', type: 'file', maxSelect: 1, thumbs: ['20x20'] }],
    });
    const form = new FormData();
    form.append('image', new File([png(64, 48)], 'red.png', { type: 'image/png' }));
    const rec = await su.collection('pictures').create(form);
    const original = await fetch(`${server.url}/api/files/pictures/${rec.id}/${rec.image}`);
    expect(pngSize(await original.bytes())).toBe('64x48');
    const thumb = await fetch(
      `${server.url}/api/files/pictures/${rec.id}/${rec.image}?thumb=20x20`,
    );
    expect(thumb.status).toBe(200);
    expect(pngSize(await thumb.bytes())).toBe('20x20');
    expect(readdirSync(dirs.tmp).filter((d) => d.startsWith('satchel-native-'))).toHaveLength(1);
  });

  test('it wrote nothing to its working dir', () => {
    expect(readdirSync(dirs.cwd)).toEqual([]);
  });
});

(BINARY ? describeWithFixture : describe.skip)('compiled binary on a PocketBase data dir', () => {
  test('adopts a copy of pb_data (migrations embedded) and logs its superuser in', async () => {
    const dirs = emptyDirs();
    const data = copyFixture();
    const server = await serveBinary(data, dirs.cwd, dirs.tmp);
    try {
      const pb = server.client();
      await pb.collection('_superusers').authWithPassword('test@example.com', FIXTURE_PASSWORD);
      expect((await pb.collections.getFullList()).length).toBeGreaterThan(0);
    } finally {
      expect(await server.stop()).toBe(0);
      removeDir(dirs.base);
      removeDir(dirname(data));
    }
  });
});

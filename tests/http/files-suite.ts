// The files suite (http-api.md §3.6, §5) as a function, so the same tests run against local disk and S3.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import sharp from 'sharp';
import { fileStorage } from '../../src/core/files/storage.ts';
import { startServer, type TestServer } from '../support/server.ts';

export interface SuiteOptions {
  name: string;
  /** Turns on the backend under test (e.g. S3 settings) once the server runs. */
  configure?: (server: TestServer, pb: PocketBase) => Promise<void>;
  expectKind: 'local' | 's3';
}

export const png = (w: number, h: number, color = '#ff0000') =>
  sharp({ create: { width: w, height: h, channels: 3, background: color } })
    .png()
    .toBuffer();
const jpeg = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 3, background: '#00ff00' } })
    .jpeg()
    .toBuffer();
/** Random pixels: a PNG that doesn't compress (bigger than the field's 4000-byte maxSize). */
const noisyPng = (w: number, h: number) =>
  sharp(crypto.getRandomValues(new Uint8Array(w * h * 3)), {
    raw: { width: w, height: h, channels: 3 },
  })
    .png()
    .toBuffer();
const gif = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 4, background: '#0000ff' } })
    .gif()
    .toBuffer();
const webp = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 3, background: '#00ffff' } })
    .webp()
    .toBuffer();
export const size = async (buf: ArrayBuffer | Uint8Array) => {
  const m = await sharp(new Uint8Array(buf)).metadata();
  return [m.width, m.height, m.format];
};
const file = (data: Uint8Array | string, name: string) =>
  new File([typeof data === 'string' ? data : new Uint8Array(data)], name);

export function filesSuite(opts: SuiteOptions) {
  describe(`files (${opts.name})`, () => {
    let server: TestServer;
    let su: PocketBase;
    let docsId = '';
    const storage = () => fileStorage(server.app.core);
    const keys = (prefix: string) => storage().list(prefix);

    beforeAll(async () => {
      server = await startServer();
      su = await server.superuserClient();
      await opts.configure?.(server, su);
      const docs = await su.collections.create({
        name: 'docs',
        type: 'base',
        listRule: '',
        viewRule: '',
        createRule: '',
        updateRule: '',
        deleteRule: '',
        fields: [
          { name: 'title', type: 'text' },
          { name: 'one', type: 'file', maxSelect: 1 },
          {
            name: 'many',
            type: 'file',
            maxSelect: 5,
            thumbs: ['50x50', '0x20', '40x30f', '20x20t', '30x0'],
          },
          { name: 'pngs', type: 'file', maxSelect: 2, maxSize: 4000, mimeTypes: ['image/png'] },
        ],
      });
      docsId = docs.id;
      await su.collections.create({
        name: 'private',
        type: 'base',
        listRule: '@request.auth.id != ""',
        viewRule: '@request.auth.id != ""',
        createRule: null,
        fields: [{ name: 'doc', type: 'file', maxSelect: 1, protected: true }],
      });
      await su.collections.create({
        name: 'locked',
        type: 'base',
        fields: [{ name: 'doc', type: 'file', maxSelect: 1, protected: true }],
      });
    });
    afterAll(() => server.stop());

    test('the backend under test is the one the settings select', () => {
      expect(storage().kind).toBe(opts.expectKind);
    });

    if (opts.expectKind === 's3') {
      test('POST /api/settings/test/s3 round-trips an object; a wrong bucket says why', async () => {
        expect(await su.settings.testS3('storage')).toBe(true);
        const s3 = (await su.settings.getAll()).s3;
        await su.settings.update({ s3: { ...s3, bucket: 'no-such-bucket' } });
        try {
          const e = await su.settings.testS3('storage').catch((err) => err);
          expect(e.status).toBe(400);
          expect(e.response.message).toStartWith('Failed to test the S3 filesystem');
        } finally {
          await su.settings.update({ s3: { ...s3 } });
        }
      });
    }

    test('SDK upload (File) → stored name, byte-identical download, headers', async () => {
      const data = await png(30, 20);
      const rec = await server
        .client()
        .collection('docs')
        .create({ one: file(data, 'My Photo.png') });
      expect(rec.one).toMatch(/^my_photo_[a-z0-9]{10}\.png$/);
      const url = server.client().files.getURL(rec, rec.one);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array(data));
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('content-disposition')).toBe(`inline; filename=${rec.one}`);
      expect(res.headers.get('cache-control')).toBe(
        'max-age=2592000, stale-while-revalidate=86400',
      );
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('accept-ranges')).toBe('bytes');
      const dl = await fetch(`${url}?download=1`);
      expect(dl.headers.get('content-disposition')).toBe(`attachment; filename=${rec.one}`);
      await dl.arrayBuffer();
      expect(await keys(`${docsId}/${rec.id}`)).toEqual([`${docsId}/${rec.id}/${rec.one}`]);
    });

    test('range and conditional requests', async () => {
      const text = 'abcdefghijklmnopqrstuvwxyz';
      const rec = await server
        .client()
        .collection('docs')
        .create({ one: file(text, 'letters.txt') });
      const url = server.client().files.getURL(rec, rec.one);
      const part = await fetch(url, { headers: { range: 'bytes=2-5' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 2-5/${text.length}`);
      expect(await part.text()).toBe('cdef');
      const tail = await fetch(url, { headers: { range: 'bytes=-3' } });
      expect(await tail.text()).toBe('xyz');
      const bad = await fetch(url, { headers: { range: 'bytes=100-' } });
      expect(bad.status).toBe(416);
      await bad.arrayBuffer();
      const full = await fetch(url);
      expect(full.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(full.headers.get('content-disposition')).toStartWith('attachment;');
      const lastModified = full.headers.get('last-modified')!;
      await full.arrayBuffer();
      const cached = await fetch(url, { headers: { 'if-modified-since': lastModified } });
      expect(cached.status).toBe(304);
      expect(cached.headers.get('content-type')).toBeNull();
      // If-Range: a range for the version the client has; for another version, the whole file.
      const resumed = await fetch(url, {
        headers: { range: 'bytes=0-3', 'if-range': lastModified },
      });
      expect([resumed.status, await resumed.text()]).toEqual([206, 'abcd']);
      const stale = await fetch(url, {
        headers: { range: 'bytes=0-3', 'if-range': 'Mon, 01 Jan 2001 00:00:00 GMT' },
      });
      expect([stale.status, await stale.text()]).toEqual([200, text]);
      const changed = await fetch(url, {
        headers: { 'if-unmodified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' },
      });
      expect(changed.status).toBe(412);
      await changed.arrayBuffer();
    });

    test('FormData with several files, modifiers append / prepend / remove', async () => {
      const pb = server.client();
      const form = new FormData();
      form.append('title', 'multi');
      form.append('many', file('one', 'aaa.txt'));
      form.append('many', file('two', 'b.txt'));
      const rec = await pb.collection('docs').create(form);
      expect(rec.many).toHaveLength(2);
      expect(rec.many[0]).toMatch(/^aaa_[a-z0-9]{10}\.txt$/);
      // A base under 3 chars gets 10 more random chars.
      expect(rec.many[1]).toMatch(/^b[a-z0-9]{10}_[a-z0-9]{10}\.txt$/);
      const appended = await pb
        .collection('docs')
        .update(rec.id, { 'many+': file('3', 'ccc.txt') });
      expect(appended.many).toHaveLength(3);
      expect(appended.many[2]).toStartWith('ccc_');
      const prepended = await pb
        .collection('docs')
        .update(rec.id, { '+many': file('0', 'zzz.txt') });
      expect(prepended.many[0]).toStartWith('zzz_');
      const removed = await pb.collection('docs').update(rec.id, { 'many-': [prepended.many[0]] });
      expect(removed.many).toEqual(appended.many);
      expect(await storage().exists(`${docsId}/${rec.id}/${prepended.many[0]}`)).toBe(false);
      // Kept names plus new files under the plain key: kept first, new appended.
      const kept = new FormData();
      kept.append('many', removed.many[1]);
      kept.append('many', file('4', 'ddd.txt'));
      const mixed = await pb.collection('docs').update(rec.id, kept);
      expect(mixed.many).toHaveLength(2);
      expect(mixed.many[0]).toBe(removed.many[1]);
      expect(mixed.many[1]).toStartWith('ddd_');
      expect((await keys(`${docsId}/${rec.id}`)).map((k) => k.split('/').pop()).sort()).toEqual(
        [...mixed.many].sort(),
      );
    });

    test('multipart as the SDK and browsers send it: @jsonPayload names + files, empty inputs, paths', async () => {
      const pb = server.client();
      const rec = await pb.collection('docs').create({ many: [file('k', 'keep.txt')] });
      // The SDK puts a plain array under @jsonPayload; the new file part joins it, not replaced.
      const form = new FormData();
      form.append('@jsonPayload', JSON.stringify({ many: [rec.many[0]] }));
      form.append('many', file('fresh', 'fresh.txt'));
      const both = await pb.collection('docs').update(rec.id, form);
      expect(both.many).toHaveLength(2);
      expect([both.many[0], both.many[1].startsWith('fresh_')]).toEqual([rec.many[0], true]);
      // An empty file input (filename="") is an empty value: it clears, it uploads nothing.
      const empty = new FormData();
      empty.append('one', new File([], ''));
      empty.append('title', 'no file chosen');
      const cleared = await pb.collection('docs').create(empty);
      expect([cleared.title, cleared.one]).toEqual(['no file chosen', '']);
      expect(await keys(`${docsId}/${cleared.id}`)).toEqual([]);
      // Only the base name of a client path counts.
      const pathed = await pb.collection('docs').create({ one: file('x', '../../x/photo.txt') });
      expect(pathed.one).toMatch(/^photo_[a-z0-9]{10}\.txt$/);
    });

    test('too many files is reported before their sizes, as PocketBase orders the checks', async () => {
      const big = await noisyPng(64, 64);
      const res = await server
        .client()
        .collection('docs')
        .create({ pngs: [file(big, 'a.png'), file(big, 'b.png'), file(big, 'c.png')] })
        .catch((err: { response: { data: Record<string, { code: string }> } }) => err.response);
      expect((res as { data: Record<string, { code: string }> }).data.pngs?.code).toBe(
        'validation_too_many_files',
      );
    });

    test('replacing a single file deletes the old one after the commit', async () => {
      const pb = server.client();
      const rec = await pb.collection('docs').create({ one: file('old', 'old.txt') });
      const next = await pb.collection('docs').update(rec.id, { one: file('new', 'new.txt') });
      expect(next.one).toStartWith('new_');
      expect(await keys(`${docsId}/${rec.id}`)).toEqual([`${docsId}/${rec.id}/${next.one}`]);
      const cleared = await pb.collection('docs').update(rec.id, { one: null });
      expect(cleared.one).toBe('');
      expect(await keys(`${docsId}/${rec.id}`)).toEqual([]);
    });

    test('validation: type, size, count, unknown names → 400 naming the field, no orphan file', async () => {
      const pb = server.client();
      const before = await keys(docsId);
      const cases: [Record<string, unknown>, string, string][] = [
        [{ pngs: file('not a png', 'fake.png') }, 'pngs', 'validation_invalid_mime_type'],
        [{ pngs: file(await noisyPng(64, 64), 'big.png') }, 'pngs', 'validation_file_size_limit'],
        [
          {
            pngs: [
              file(await png(2, 2), 'a.png'),
              file(await png(2, 2), 'b.png'),
              file(await png(2, 2), 'c.png'),
            ],
          },
          'pngs',
          'validation_too_many_files',
        ],
        [{ many: 'nope.txt' }, 'many', 'validation_invalid_file'],
        [{ title: 'x'.repeat(6000), one: file('x', 'x.txt') }, 'title', ''],
      ];
      for (const [body, field, code] of cases) {
        const err = await pb
          .collection('docs')
          .create(body)
          .catch((e) => e);
        expect(err.status).toBe(400);
        expect(err.response.data[field]).toBeDefined();
        if (code) expect(err.response.data[field].code).toBe(code);
      }
      expect(await keys(docsId)).toEqual(before);
    });

    test('SVG and text are sniffed from content, not the name', async () => {
      const svg =
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>';
      const rec = await server
        .client()
        .collection('docs')
        .create({ one: file(svg, 'logo') });
      expect(rec.one).toMatch(/^logo_[a-z0-9]{10}\.svg$/);
      const res = await fetch(server.client().files.getURL(rec, rec.one));
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(res.headers.get('content-disposition')).toStartWith('attachment;');
      expect(await res.text()).toBe(svg);
    });

    test('thumbs: sizes, formats, cache, fallbacks', async () => {
      const pb = server.client();
      const rec = await pb.collection('docs').create({
        many: [
          file(await png(200, 100), 'p.png'),
          file(await jpeg(120, 90), 'j.jpg'),
          file(await gif(60, 40), 'g.gif'),
          file(await webp(80, 80), 'w.webp'),
          file('text', 't.txt'),
        ],
      });
      const [p, j, g, w, t] = rec.many as string[];
      // Stored 80×40 with EXIF orientation 6 (shown 40×80): thumbs come out upright.
      const rotated = await sharp({
        create: { width: 80, height: 40, channels: 3, background: '#123456' },
      })
        .jpeg()
        .withMetadata({ orientation: 6 })
        .toBuffer();
      const upright = await pb.collection('docs').create({ many: [file(rotated, 'r.jpg')] });
      const r = upright.many[0] as string;
      const rThumb = await fetch(pb.files.getURL(upright, r, { thumb: '30x0' }));
      expect(await size(await rThumb.arrayBuffer())).toEqual([30, 60, 'jpeg']);
      const thumb = async (name: string, size: string) => {
        const res = await fetch(pb.files.getURL(rec, name, { thumb: size }));
        expect(res.status).toBe(200);
        return { type: res.headers.get('content-type'), body: await res.arrayBuffer(), res };
      };
      const cases: [string, string, [number, number, string]][] = [
        [p!, '100x100', [100, 100, 'png']],
        [p!, '50x50', [50, 50, 'png']],
        [p!, '0x20', [40, 20, 'png']],
        [p!, '30x0', [30, 15, 'png']],
        [p!, '40x30f', [40, 20, 'png']],
        [p!, '20x20t', [20, 20, 'png']],
        [j!, '100x100', [100, 100, 'jpeg']],
        [g!, '50x50', [50, 50, 'gif']],
        [w!, '50x50', [50, 50, 'png']],
      ];
      for (const [name, sz, expected] of cases) {
        const out = await thumb(name, sz);
        expect([sz, ...(await size(out.body))]).toEqual([sz, ...expected]);
        expect(out.res.headers.get('content-disposition')).toBe(`inline; filename=${sz}_${name}`);
        expect(await storage().exists(`${docsId}/${rec.id}/thumbs_${name}/${sz}_${name}`)).toBe(
          true,
        );
      }
      // Not listed, or not an image: the original.
      expect(await size((await thumb(p!, '60x60')).body)).toEqual([200, 100, 'png']);
      expect(new TextDecoder().decode((await thumb(t!, '100x100')).body)).toBe('text');
      // Cached: served again byte-identical from storage.
      const again = await thumb(p!, '50x50');
      const stored = await storage().get(`${docsId}/${rec.id}/thumbs_${p}/50x50_${p}`);
      expect(new Uint8Array(again.body)).toEqual(new Uint8Array(await stored!.blob.arrayBuffer()));
      // Deleting the file removes its thumbs too.
      await pb.collection('docs').update(rec.id, { 'many-': p });
      expect(await keys(`${docsId}/${rec.id}/thumbs_${p}`)).toEqual([]);
    });

    test('concurrent requests for one thumb generate it once and agree', async () => {
      const pb = server.client();
      const rec = await pb
        .collection('docs')
        .create({ many: file(await png(300, 300, '#00aa00'), 'c.png') });
      const url = pb.files.getURL(rec, rec.many[0], { thumb: '50x50' });
      const bodies = await Promise.all(
        Array.from({ length: 8 }, () => fetch(url).then((r) => r.arrayBuffer())),
      );
      for (const b of bodies) expect(new Uint8Array(b)).toEqual(new Uint8Array(bodies[0]!));
      expect(await size(bodies[0]!)).toEqual([50, 50, 'png']);
      expect(await keys(`${docsId}/${rec.id}/thumbs_${rec.many[0]}`)).toHaveLength(1);
    });

    test('a decompression bomb is refused for thumbs: the original is served', async () => {
      const bomb = pngHeaderOnly(20000, 20000);
      const rec = await server
        .client()
        .collection('docs')
        .create({ one: file(bomb, 'bomb.png') });
      const res = await fetch(server.client().files.getURL(rec, rec.one, { thumb: '100x100' }));
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array(bomb));
    });

    test('protected files need a file token and pass the viewRule', async () => {
      const user = await su.collection('users').create({
        email: `u${Date.now()}@example.com`,
        password: '1234567890',
        passwordConfirm: '1234567890',
      });
      const data = 'secret bytes';
      const rec = await su.collection('private').create({ doc: file(data, 'secret.txt') });
      const locked = await su.collection('locked').create({ doc: file(data, 'locked.txt') });
      const guest = server.client();
      expect((await fetch(guest.files.getURL(rec, rec.doc))).status).toBe(404);
      expect((await fetch(guest.files.getURL(rec, rec.doc, { token: 'garbage' }))).status).toBe(
        404,
      );
      const userPb = server.client();
      await userPb.collection('users').authWithPassword(user.email, '1234567890');
      const token = await userPb.files.getToken();
      const ok = await fetch(userPb.files.getURL(rec, rec.doc, { token }));
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe(data);
      // An auth token is not a file token.
      expect(
        (await fetch(userPb.files.getURL(rec, rec.doc, { token: userPb.authStore.token }))).status,
      ).toBe(404);
      // Null viewRule: superusers only.
      expect((await fetch(userPb.files.getURL(locked, locked.doc, { token }))).status).toBe(404);
      const suToken = await su.files.getToken();
      expect((await fetch(su.files.getURL(locked, locked.doc, { token: suToken }))).status).toBe(
        200,
      );
      // No auth → 401 for a token.
      const noAuth = await server.fetch('/api/files/token', { method: 'POST' });
      expect(noAuth.status).toBe(401);
    });

    test('view collections serve the files of the records they read', async () => {
      await su.collections.create({
        name: 'doc_files',
        type: 'view',
        listRule: '',
        viewRule: '',
        viewQuery: 'SELECT d.id, d.title AS label, d.one AS front, d.many FROM docs d',
      });
      await su.collections.create({
        name: 'doc_files_2',
        type: 'view',
        viewRule: '',
        viewQuery: 'SELECT id, front, many FROM doc_files',
      });
      await su.collections.create({
        name: 'private_files',
        type: 'view',
        viewRule: '@request.auth.collectionName = "users"',
        viewQuery: 'SELECT id, doc FROM private',
      });
      const data = await png(40, 40);
      const rec = await su.collection('docs').create({
        title: 'viewed',
        one: file('front bytes', 'front.txt'),
        many: [file(data, 'a.png'), file('second', 'b.txt')],
      });
      const guest = server.client();
      for (const view of ['doc_files', 'doc_files_2']) {
        const row = await guest.collection(view).getOne(rec.id);
        expect(row.front).toBe(rec.one);
        const front = await fetch(guest.files.getURL(row, row.front));
        expect([view, front.status, await front.text()]).toEqual([view, 200, 'front bytes']);
        const img = await fetch(guest.files.getURL(row, row.many[0]));
        expect(new Uint8Array(await img.arrayBuffer())).toEqual(new Uint8Array(data));
        const thumb = await fetch(guest.files.getURL(row, row.many[0], { thumb: '100x100' }));
        expect(await size(await thumb.arrayBuffer())).toEqual([100, 100, 'png']);
        // A name the view row doesn't hold, or a row that isn't there, is still a 404.
        const other = await su.collection('docs').create({ one: file('other', 'other.txt') });
        const wrongRow = await fetch(guest.files.getURL(row, other.one));
        expect(wrongRow.status).toBe(404);
        await wrongRow.arrayBuffer();
        const missing = await server.fetch(`/api/files/${view}/nope/${rec.one}`);
        expect(missing.status).toBe(404);
        await missing.arrayBuffer();
      }
      // Protected fields keep their protection in the view, under the view's own viewRule.
      const secret = await su.collection('private').create({ doc: file('classified', 's.txt') });
      const viewRow = await su.collection('private_files').getOne(secret.id);
      expect((await fetch(guest.files.getURL(viewRow, viewRow.doc))).status).toBe(404);
      const user = await su.collection('users').create({
        email: `v${Date.now()}@example.com`,
        password: '1234567890',
        passwordConfirm: '1234567890',
      });
      const userPb = server.client();
      await userPb.collection('users').authWithPassword(user.email, '1234567890');
      const token = await userPb.files.getToken();
      const ok = await fetch(userPb.files.getURL(viewRow, viewRow.doc, { token }));
      expect([ok.status, await ok.text()]).toEqual([200, 'classified']);
    });

    test('path traversal and unknown names are 404s', async () => {
      const rec = await server
        .client()
        .collection('docs')
        .create({ one: file('x', 'x.txt') });
      const paths = [
        `/api/files/docs/${rec.id}/..%2F..%2Fdata.db`,
        `/api/files/docs/${rec.id}/%2e%2e`,
        `/api/files/docs/..%2F..%2F/data.db`,
        `/api/files/..%2F${docsId}/${rec.id}/${rec.one}`,
        `/api/files/docs/${rec.id}/%2Fetc%2Fpasswd`,
        `/api/files/docs/${rec.id}/${rec.one}%00`,
        `/api/files/docs/${rec.id}/${rec.one}.attrs`,
        `/api/files/docs/${rec.id}/nope.txt`,
        `/api/files/docs/missing/${rec.one}`,
        `/api/files/nope/${rec.id}/${rec.one}`,
        `/api/files/docs/${rec.id}/thumbs_${rec.one}`,
      ];
      for (const path of paths) {
        const res = await server.fetch(path);
        expect([path, res.status]).toEqual([path, 404]);
        await res.arrayBuffer();
      }
    });

    test('record delete and collection delete clean storage', async () => {
      const pb = server.client();
      const rec = await pb.collection('docs').create({ one: file(await png(10, 10), 'gone.png') });
      await fetch(pb.files.getURL(rec, rec.one, { thumb: '100x100' })).then((r) => r.arrayBuffer());
      expect((await keys(`${docsId}/${rec.id}`)).length).toBe(2);
      await pb.collection('docs').delete(rec.id);
      expect(await keys(`${docsId}/${rec.id}`)).toEqual([]);
      const tmp = await su.collections.create({
        name: 'temp_files',
        type: 'base',
        createRule: '',
        fields: [{ name: 'f', type: 'file' }],
      });
      await pb.collection('temp_files').create({ f: file('a', 'a.txt') });
      expect((await keys(tmp.id)).length).toBe(1);
      await su.collections.delete(tmp.id);
      expect(await keys(tmp.id)).toEqual([]);
    });
  });
}

/** A valid PNG signature + IHDR claiming w×h, with a tiny IDAT: huge on paper, a few bytes on disk. */
export function pngHeaderOnly(w: number, h: number): Uint8Array<ArrayBuffer> {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, w);
  v.setUint32(4, h);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const idat = new Uint8Array(Bun.deflateSync(new Uint8Array(64)));
  const zlib = new Uint8Array([0x78, 0x9c, ...idat, 0, 0, 0, 1]);
  const sig = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array([
    ...sig,
    ...chunk('IHDR', ihdr),
    ...chunk('IDAT', zlib),
    ...chunk('IEND', new Uint8Array()),
  ]);
}

function crc32(buf: Uint8Array): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

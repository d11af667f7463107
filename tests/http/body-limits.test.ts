// Record writes may exceed the global body cap by their fields' own maximums (http-api.md §1.1).
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let pb: PocketBase;

beforeAll(async () => {
  server = await startServer({ bodyLimit: 4096 });
  pb = await server.superuserClient();
  await pb.collections.create({
    name: 'uploads',
    createRule: '',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'doc', type: 'file', maxSelect: 1, maxSize: 50_000 },
    ],
  });
  await pb.collections.create({
    name: 'plain',
    createRule: '',
    fields: [{ name: 'title', type: 'text', max: 0 }],
  });
});
afterAll(() => server.stop());

test('a file above the global cap but within the field maxSize is accepted', async () => {
  const data = new Uint8Array(20_000).fill(65);
  const rec = await pb
    .collection('uploads')
    .create({ title: 'big', doc: new File([data], 'big.txt') });
  expect(rec.doc).toMatch(/^big_[a-z0-9]{10}\.txt$/);
  const res = await server.fetch(`/api/files/uploads/${rec.id}/${rec.doc}`);
  expect(new Uint8Array(await res.arrayBuffer())).toEqual(data);
});

test('the same size on a collection without such fields is refused with 413', async () => {
  const res = await server.fetch('/api/collections/plain/records', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'x'.repeat(20_000) }),
  });
  expect(res.status).toBe(413);
});

test('above the field allowance the upload is refused with 413, not stored', async () => {
  const form = new FormData();
  form.append('title', 'too big');
  form.append('doc', new File([new Uint8Array(200_000)], 'huge.bin'));
  const res = await server.fetch('/api/collections/uploads/records', {
    method: 'POST',
    body: form,
  });
  expect(res.status).toBe(413);
  expect(
    (await pb.collection('uploads').getList(1, 50, { filter: 'title = "too big"' })).totalItems,
  ).toBe(0);
});

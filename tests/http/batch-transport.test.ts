// Batch sub-requests keep the caller's IP (superuserIPs) and the batch body has its own size cap.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type PocketBase from 'pocketbase';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let pb: PocketBase;

beforeAll(async () => {
  server = await startServer({ bodyLimit: 2048 });
  pb = await server.superuserClient();
  await pb.settings.update({
    batch: { enabled: true, maxRequests: 50, timeout: 3, maxBodySize: 0 },
  });
  await pb.collections.create({ name: 'notes', fields: [{ name: 'text', type: 'text' }] });
});
afterAll(() => server.stop());

test('a superuser batch works when superuserIPs allows the caller', async () => {
  await pb.settings.update({ superuserIPs: ['127.0.0.1', '::1'] });
  const batch = pb.createBatch();
  batch.collection('notes').create({ text: 'from batch' });
  const results = await batch.send();
  expect(results.map((r) => r.status)).toEqual([200]);
  await pb.settings.update({ superuserIPs: [] });
});

test('a superuser outside superuserIPs is refused on every request', async () => {
  await pb.settings.update({ superuserIPs: ['10.9.9.9'] });
  const res = await server.fetch('/api/collections/notes/records', {
    headers: { authorization: pb.authStore.token },
  });
  expect(res.status).toBe(403);
  // ...and cannot lift the restriction either; reset it through the core instead.
  await server.app.core.settings.update(server.app.core.store, { superuserIPs: [] });
  const ok = await server.fetch('/api/collections/notes/records', {
    headers: { authorization: pb.authStore.token },
  });
  expect(ok.status).toBe(200);
});

test('a batch body above the global limit is still read (batch.maxBodySize applies)', async () => {
  const text = 'x'.repeat(1500);
  const body = JSON.stringify({
    requests: [
      { method: 'POST', url: '/api/collections/notes/records', body: { text } },
      { method: 'POST', url: '/api/collections/notes/records', body: { text } },
    ],
  });
  expect(body.length).toBeGreaterThan(2048);
  const res = await server.fetch('/api/batch', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: pb.authStore.token },
    body,
  });
  expect(res.status).toBe(200);
  const direct = await server.fetch('/api/collections/notes/records', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: pb.authStore.token },
    body: JSON.stringify({ text: text + text }),
  });
  expect(direct.status).toBe(413);
});

test('files written by a sub-request are removed when the batch rolls back', async () => {
  const docs = await pb.collections.create({
    name: 'docs_rb',
    createRule: '',
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'doc', type: 'file', maxSelect: 1 },
    ],
  });
  const batch = pb.createBatch();
  batch.collection('docs_rb').create({ title: 'a', doc: new File(['hello'], 'hello.txt') });
  batch.collection('docs_rb').create({ title: '' }); // required: fails, everything rolls back
  await expect(batch.send()).rejects.toMatchObject({ status: 400 });
  const dir = join(server.dir, 'storage', docs.id);
  const files = existsSync(dir) ? readdirSync(dir, { recursive: true }) : [];
  expect(files.filter((f) => String(f).endsWith('.txt'))).toEqual([]);
  expect((await pb.collection('docs_rb').getList()).totalItems).toBe(0);
});

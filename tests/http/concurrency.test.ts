// 200 parallel collection and record writes from several clients: the write queue means no SQLITE_BUSY, no 500.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import type PocketBase from 'pocketbase';
import { runCli } from '../support/process.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let clients: PocketBase[];

beforeAll(async () => {
  server = await startServer();
  clients = await Promise.all(Array.from({ length: 5 }, () => server.superuserClient()));
  await clients[0]!.collections.create({
    name: 'counters',
    type: 'base',
    createRule: '',
    updateRule: '',
    viewRule: '',
    fields: [
      { name: 'label', type: 'text' },
      { name: 'n', type: 'number' },
    ],
  });
});
afterAll(() => server.stop());

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    return (err as { status?: number }).status ?? -1;
  }
}

test('200 parallel record creates and updates all succeed', async () => {
  const seed = await clients[0]!.collection('counters').create({ label: 'seed', n: 0 });
  const jobs = Array.from({ length: 200 }, (_, i) => {
    const pb = clients[i % clients.length]!;
    return i % 2 === 0
      ? statusOf(pb.collection('counters').create({ label: `c${i}`, n: i }))
      : statusOf(pb.collection('counters').update(seed.id, { 'n+': 1 }));
  });
  const statuses = await Promise.all(jobs);
  expect(statuses.filter((s) => s !== 200)).toEqual([]);
  const after = await clients[0]!.collection('counters').getOne(seed.id);
  expect(after.n).toBe(100); // every increment applied exactly once: no lost update
  const list = await clients[0]!.collection('counters').getList(1, 1);
  expect(list.totalItems).toBe(101);
});

test('parallel collection writes beside record writes never fail with busy errors', async () => {
  const jobs: Promise<number>[] = [];
  for (let i = 0; i < 40; i++) {
    const pb = clients[i % clients.length]!;
    jobs.push(
      statusOf(
        pb.collections.create({ name: `par_${i}`, fields: [{ name: 'title', type: 'text' }] }),
      ),
    );
    for (let j = 0; j < 4; j++) {
      jobs.push(statusOf(pb.collection('counters').create({ label: `p${i}_${j}`, n: j })));
    }
  }
  const statuses = await Promise.all(jobs);
  expect(statuses.filter((s) => s !== 200)).toEqual([]);
  const names = (await clients[0]!.collections.getFullList()).map((c) => c.name);
  for (let i = 0; i < 40; i++) expect(names).toContain(`par_${i}`);
});

test('a second process writing the same dir (CLI) waits instead of failing', async () => {
  const writes = Array.from({ length: 50 }, (_, i) =>
    statusOf(clients[i % clients.length]!.collection('counters').create({ label: `x${i}`, n: i })),
  );
  const cli = runCli([
    'superuser',
    'upsert',
    'second@example.com',
    '1234567890',
    `--dir=${join(server.dir)}`,
  ]);
  const [statuses, cliResult] = await Promise.all([Promise.all(writes), cli]);
  expect(statuses.filter((s) => s !== 200)).toEqual([]);
  expect({ code: cliResult.code, stderr: cliResult.stderr }).toEqual({ code: 0, stderr: '' });
});

// The HTTP layer without sockets: CPU time per request through app.http.handle (route table, event,
// handler, headers), median of rounds. Steadier than the req/s benches on a shared machine; run it
// before and after a change to the router or the request event.

import { json, ORIGIN, openInProcess } from './in-process.ts';
import { POSTS_FIELDS } from './servers.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const PER_ROUND = 1280;

const { app, send, token } = await openInProcess('dispatch');
const base = { name: 'posts', type: 'base', listRule: '', viewRule: '', createRule: '' };
await send('/api/collections', json({ ...base, fields: POSTS_FIELDS }, token));
const ids: string[] = [];
for (let i = 0; i < 100; i++) {
  const res = await send('/api/collections/posts/records', json({ title: `post ${i}`, views: i }));
  ids.push(((await res.json()) as { id: string }).id);
}

const phases: [string, (i: number) => Request][] = [
  [
    'view by id',
    (i) => new Request(`${ORIGIN}/api/collections/posts/records/${ids[i % ids.length]}`),
  ],
  ['list (perPage=2)', () => new Request(`${ORIGIN}/api/collections/posts/records?perPage=2`)],
  ['health', () => new Request(`${ORIGIN}/api/health`)],
  ['404', () => new Request(`${ORIGIN}/api/nope`)],
];

/** CPU µs per request over `n` requests, 32 in flight. */
async function cpuPerRequest(make: (i: number) => Request, n: number): Promise<number> {
  const c0 = process.cpuUsage();
  for (let k = 0; k < n / 32; k++) {
    const batch: Promise<ArrayBuffer>[] = [];
    for (let j = 0; j < 32; j++)
      batch.push(app.http.handle(make(k * 32 + j)).then((r) => r.arrayBuffer()));
    await Promise.all(batch);
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}

console.log(
  `dispatch bench: CPU µs per request through app.http.handle, median of ${ROUNDS} rounds`,
);
for (const [name, make] of phases) {
  await cpuPerRequest(make, PER_ROUND * 4); // warm up
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await cpuPerRequest(make, PER_ROUND));
  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(rounds.length / 2)]!;
  console.log(
    `${name.padEnd(18)} ${median.toFixed(2).padStart(7)} µs   (min ${rounds[0]!.toFixed(2)})`,
  );
}
await app.close();

// Request logging's CPU without sockets or a load generator: requests through app.http.handle with
// `settings.logs` on and off in turn (same process, rounds alternate), main-thread CPU and the
// whole process's (the log worker's inserts) per request. Steadier than bench/logs.ts on a busy
// machine; no requestIP (no socket), so a logged request here is ~2–3 µs cheaper than a served one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../tests/support/server.ts';
import { json, ORIGIN, openInProcess } from './in-process.ts';
import { POSTS_FIELDS } from './servers.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 12_800);

const base = tempDir('satchel-bench-logs-dispatch-');
mkdirSync(join(base, 'sb_hooks'));
writeFileSync(
  join(base, 'sb_hooks', 'bench.ts'),
  `import { routerAdd } from 'satchel';
routerAdd('GET', '/api/hello/{name}', (e) => e.json(200, { message: 'Hello ' + e.params.name + '!' }));
`,
);
const { app, send, token } = await openInProcess(
  'logs-dispatch',
  { hooksDir: join(base, 'sb_hooks'), hooksWatch: false },
  base,
);
const setLogs = (on: boolean) =>
  send('/api/settings', json({ logs: { maxDays: on ? 7 : 0 } }, token, 'PATCH'));
const fields = { name: 'posts', type: 'base', listRule: '', viewRule: '', createRule: '' };
await send('/api/collections', json({ ...fields, fields: POSTS_FIELDS }, token));
const ids: string[] = [];
for (let i = 0; i < 100; i++) {
  const res = await send('/api/collections/posts/records', json({ title: `post ${i}`, views: i }));
  ids.push(((await res.json()) as { id: string }).id);
}

const headers = { 'user-agent': 'bench/1.0', accept: '*/*' };
const phases: [string, (i: number) => Request][] = [
  [
    'view by id',
    (i) =>
      new Request(`${ORIGIN}/api/collections/posts/records/${ids[i % ids.length]}`, { headers }),
  ],
  ['hooks hello', (i) => new Request(`${ORIGIN}/api/hello/n${i % 100}`, { headers })],
];

const threadCpu = () => {
  const c = process.threadCpuUsage();
  return c.user + c.system;
};

/** Main-thread and whole-process CPU µs per request over `n` requests, 32 in flight. */
async function cpuPerRequest(make: (i: number) => Request, n: number) {
  const m0 = threadCpu();
  const c0 = process.cpuUsage();
  for (let k = 0; k < n / 32; k++) {
    const batch: Promise<ArrayBuffer>[] = [];
    for (let j = 0; j < 32; j++)
      batch.push(app.http.handle(make(k * 32 + j)).then((r) => r.arrayBuffer()));
    await Promise.all(batch);
  }
  const c = process.cpuUsage(c0);
  return { main: (threadCpu() - m0) / n, all: (c.user + c.system) / n };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`logs dispatch bench: CPU µs per request, median of ${ROUNDS} rounds of ${PER_ROUND}`);
for (const [name, make] of phases) {
  await cpuPerRequest(make, PER_ROUND); // warm-up
  const seen = { on: { main: [] as number[], all: [] as number[] }, off: { main: [], all: [] } };
  for (let r = 0; r < ROUNDS; r++) {
    for (const on of r % 2 === 0 ? [true, false] : [false, true]) {
      await setLogs(on);
      const c = await cpuPerRequest(make, PER_ROUND);
      const s = on ? seen.on : seen.off;
      s.main.push(c.main);
      s.all.push(c.all);
    }
  }
  const f = (xs: number[]) => median(xs).toFixed(1).padStart(6);
  console.log(
    `${name.padEnd(12)} main: off ${f(seen.off.main)} on ${f(seen.on.main)} (+${(median(seen.on.main) - median(seen.off.main)).toFixed(1)})` +
      `   all threads: off ${f(seen.off.all)} on ${f(seen.on.all)} (+${(median(seen.on.all) - median(seen.off.all)).toFixed(1)})`,
  );
}
await app.close();

// The read scenarios of bench/scenarios.ts (view, lists, expand, auth-refresh) without sockets: CPU
// µs per request through app.http.handle, median of rounds, on the same data (ROWS posts by one
// user). Steadier than req/s on a shared machine: run it before and after a change to a read path.
// BENCH_LOGS=off without request logs; BENCH_ONLY=view,expand; BENCH_ROUNDS (default 9).
// Under `bun --cpu-prof` only the measured phases matter: setup is a small share of the time.
import { Database } from 'bun:sqlite';
import { join } from 'node:path';
import { json, ORIGIN, ok, openInProcess } from './in-process.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 1000);
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const ONLY = process.env.BENCH_ONLY?.split(',');
/** Requests in flight at once (the socket benches run some scenarios at 1000). */
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 32);

const { app, send, token: su, dir } = await openInProcess('reads');
const users = await ok(send('/api/collections/users', { headers: { authorization: su } }));
const fields = [
  { name: 'title', type: 'text', required: true },
  { name: 'body', type: 'text' },
  { name: 'views', type: 'number' },
  { name: 'author', type: 'relation', collectionId: users.id, maxSelect: 1 },
  { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
  { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
];
await ok(
  send(
    '/api/collections',
    json(
      {
        name: 'posts',
        type: 'base',
        listRule: '',
        viewRule: '',
        createRule: '',
        fields,
        indexes: ['CREATE INDEX idx_posts_created ON posts (created)'],
      },
      su,
    ),
  ),
);
const user = { email: 'bench-user@example.com', password: 'bench-password' };
await ok(
  send('/api/collections/users/records', json({ ...user, passwordConfirm: user.password }, su)),
);
const login = (await ok(
  send(
    '/api/collections/users/auth-with-password',
    json({ identity: user.email, password: user.password }),
  ),
)) as { token: string; record: { id: string } };

const db = new Database(join(dir, 'data.db'), { strict: true });
db.run('PRAGMA busy_timeout = 10000');
const insert = db.query(
  'INSERT INTO posts (id, title, body, views, author, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)',
);
const ids: string[] = [];
db.transaction(() => {
  for (let i = 0; i < ROWS; i++) {
    const created = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace('T', ' ');
    const id = `s${i.toString(36).padStart(14, '0')}`;
    insert.run(
      id,
      `post ${i % 1000}`,
      'lorem ipsum dolor sit amet',
      i % 500,
      login.record.id,
      created,
      created,
    );
    ids.push(id);
  }
})();
db.close();

const page = (i: number) => (i % 10) + 1;
const get = (path: string, headers?: Record<string, string>) =>
  new Request(ORIGIN + path, { headers });
const phases: [string, (i: number) => Request][] = [
  ['view', (i) => get(`/api/collections/posts/records/${ids[(i * 7919) % ids.length]}`)],
  ['list with totals', (i) => get(`/api/collections/posts/records?page=${page(i)}&perPage=30`)],
  [
    'list skipTotal',
    (i) => get(`/api/collections/posts/records?page=${page(i)}&perPage=30&skipTotal=1`),
  ],
  ['expand', (i) => get(`/api/collections/posts/records?page=${page(i)}&perPage=30&expand=author`)],
  [
    'auth-refresh',
    () =>
      new Request(`${ORIGIN}/api/collections/users/auth-refresh`, {
        method: 'POST',
        headers: { authorization: login.token },
      }),
  ],
];

/** CPU µs per request over `n` requests, IN_FLIGHT at a time. */
async function cpuPerRequest(make: (i: number) => Request, n: number): Promise<number> {
  const c0 = process.cpuUsage();
  for (let k = 0; k < n / IN_FLIGHT; k++) {
    const batch: Promise<ArrayBuffer>[] = [];
    for (let j = 0; j < IN_FLIGHT; j++)
      batch.push(
        app.http.handle(make(k * IN_FLIGHT + j)).then((r) => {
          if (!r.ok) throw new Error(`status ${r.status}`);
          return r.arrayBuffer();
        }),
      );
    await Promise.all(batch);
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}

console.log(`reads bench: CPU µs per request through app.http.handle, median of ${ROUNDS} rounds`);
for (const [name, make] of phases) {
  if (ONLY && !ONLY.includes(name)) continue;
  await cpuPerRequest(make, PER_ROUND * 2); // warm up
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await cpuPerRequest(make, PER_ROUND));
  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(rounds.length / 2)]!;
  console.log(
    `${name.padEnd(18)} ${median.toFixed(2).padStart(7)} µs   (min ${rounds[0]!.toFixed(2)})`,
  );
}
await app.close();

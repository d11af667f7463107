// Record creates through the HTTP layer without sockets: CPU µs per request through app.http.handle
// for issue 17's two write scenarios (create; create with an auth rule and a user token), median of
// rounds, 32 in flight. BENCH_LOGS=off measures without request logs. Run before and after a change
// to the write path (body, validation, write queue, hooks).

import { json, ORIGIN, ok, openInProcess } from './in-process.ts';
import { POSTS_FIELDS } from './servers.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const PER_ROUND = 1024;

const { app, send, token } = await openInProcess('writes');
const users = await ok(await send('/api/collections/users', { headers: { authorization: token } }));
const fields = [
  ...POSTS_FIELDS,
  { name: 'author', type: 'relation', collectionId: users.id, maxSelect: 1 },
];
const base = { type: 'base', listRule: '', viewRule: '', createRule: '', fields };
await ok(await send('/api/collections', json({ ...base, name: 'posts' }, token)));
const rule = '@request.auth.id != "" && author = @request.auth.id';
await ok(await send('/api/collections', json({ ...base, name: 'ruled', createRule: rule }, token)));
const user = { email: 'bench-user@example.com', password: 'bench-password' };
await ok(
  await send('/api/collections/users/records', json({ ...user, passwordConfirm: user.password })),
);
const login = (await ok(
  await send(
    '/api/collections/users/auth-with-password',
    json({ identity: user.email, password: user.password }),
  ),
)) as { token: string; record: { id: string } };

const post = (i: number) => ({ title: `new ${i}`, body: 'lorem ipsum dolor sit amet', views: i });
const phases: [string, (i: number) => Request][] = [
  ['create', (i) => new Request(`${ORIGIN}/api/collections/posts/records`, json(post(i)))],
  [
    'create with rule',
    (i) =>
      new Request(
        `${ORIGIN}/api/collections/ruled/records`,
        json({ ...post(i), author: login.record.id }, login.token),
      ),
  ],
];

/** CPU µs per request over `n` requests, 32 in flight. */
async function cpuPerRequest(make: (i: number) => Request, n: number): Promise<number> {
  const c0 = process.cpuUsage();
  for (let k = 0; k < n / 32; k++) {
    const batch: Promise<Response>[] = [];
    for (let j = 0; j < 32; j++) batch.push(app.http.handle(make(k * 32 + j)));
    for (const res of await Promise.all(batch)) await ok(res);
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}

console.log(`writes bench: CPU µs per create through app.http.handle, median of ${ROUNDS} rounds`);
for (const [name, make] of phases) {
  await cpuPerRequest(make, PER_ROUND * 2); // warm up
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await cpuPerRequest(make, PER_ROUND));
  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(rounds.length / 2)]!;
  console.log(
    `${name.padEnd(18)} ${median.toFixed(2).padStart(7)} µs   (min ${rounds[0]!.toFixed(2)})`,
  );
}
const { started, commits } = app.core.store.writes.stats;
console.log(`transactions per COMMIT: ${(started / Math.max(1, commits)).toFixed(1)}`);
await app.close();

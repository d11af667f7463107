// Auth costs over HTTP: authWithPassword, token verification per request, and wrong-password vs unknown-user timing.
//
// Run: bun bench/auth.ts. Starts `satchel serve` as a user would (bench/servers.ts).
import { startSatchel, stopAll } from './servers.ts';

const sat = await startSatchel();
const json = { 'content-type': 'application/json' };

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(sat.url + path, {
    method: 'POST',
    headers: { ...json, ...headers },
    body: JSON.stringify(body),
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed(fn: () => Promise<Response>): Promise<number> {
  const t0 = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  return performance.now() - t0;
}

// Users: the failed-login throttle (10 per identity and IP a minute) means one identity per sample.
const N = 40;
const emails: string[] = [];
for (let i = 0; i < N; i++) {
  const email = `u${i}@bench.test`;
  const res = await post(
    '/api/collections/users/records',
    { email, password: 'bench-password', passwordConfirm: 'bench-password' },
    { authorization: sat.token },
  );
  if (!res.ok) throw new Error(await res.text());
  emails.push(email);
}

const login = (identity: string, password: string) => () =>
  post('/api/collections/users/auth-with-password', { identity, password });

// Warm-up.
for (let i = 0; i < 5; i++) await timed(login(emails[0]!, 'bench-password'));

const ok: number[] = [];
const wrong: number[] = [];
const unknown: number[] = [];
for (let i = 0; i < N; i++) {
  ok.push(await timed(login(emails[i]!, 'bench-password')));
  // Alternating which of the two goes first, so neither always follows a successful login.
  const w = () => timed(login(emails[i]!, 'wrong-password'));
  const u = () => timed(login(`nobody${i}@bench.test`, 'wrong-password'));
  if (i % 2) {
    wrong.push(await w());
    unknown.push(await u());
  } else {
    unknown.push(await u());
    wrong.push(await w());
  }
}

// Concurrent logins: bcrypt runs off the event loop, so throughput scales with cores.
const CONC = 8;
const ROUNDS = 5;
const t0 = performance.now();
for (let r = 0; r < ROUNDS; r++) {
  await Promise.all(
    Array.from({ length: CONC }, (_, i) =>
      timed(login(emails[(r * CONC + i) % N]!, 'bench-password')),
    ),
  );
}
const loginsPerSec = (CONC * ROUNDS) / ((performance.now() - t0) / 1000);

// Token verification: the same GET with and without a user token.
const auth = (await (await login(emails[0]!, 'bench-password')()).json()) as { token: string };
const M = 2000;
const plain: number[] = [];
const withToken: number[] = [];
for (let i = 0; i < M; i++) {
  plain.push(await timed(() => fetch(`${sat.url}/api/collections/posts/records?perPage=1`)));
  withToken.push(
    await timed(() =>
      fetch(`${sat.url}/api/collections/posts/records?perPage=1`, {
        headers: { authorization: auth.token },
      }),
    ),
  );
}

const ms = (x: number) => `${x.toFixed(2)} ms`;
console.log(`authWithPassword (bcrypt cost 10), median of ${N}: ${ms(median(ok))}`);
console.log(`authWithPassword, ${CONC} concurrent: ${loginsPerSec.toFixed(0)} logins/s`);
console.log(`wrong password, median: ${ms(median(wrong))}`);
console.log(`unknown user, median:   ${ms(median(unknown))}`);
console.log(`timing ratio wrong/unknown: ${(median(wrong) / median(unknown)).toFixed(3)}`);
console.log(`GET list without token, median of ${M}: ${ms(median(plain))}`);
console.log(`GET list with token, median of ${M}:    ${ms(median(withToken))}`);
console.log(`token verification per request: ~${ms(median(withToken) - median(plain))}`);

await stopAll(sat);

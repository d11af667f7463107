// Issue 17's scenario table in one run: each scenario at its concurrency against the raw ceiling
// (bench/raw-server.ts), Satchel and, when the reference binary is there, PocketBase; req/s,
// p50/p99 and server CPU per request (from /proc/<pid>/stat), then the table in bench/README.md.
//
// BENCH_SECONDS (default 2) per phase, BENCH_ROUNDS (default 1; rounds alternate the targets'
// order, each figure is the median round), BENCH_ROWS (default 10000), BENCH_ONLY=view,expand,
// BENCH_WARMUP (seconds per target and scenario, default 0.3), BENCH_README=0 to leave the README
// alone. Request logs stay on, as PocketBase's default. BENCH_CPU=1 and BENCH_PERF: see `measure`.
import { Database } from 'bun:sqlite';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpuMicros } from './cpu.ts';
import { formatResult, type LoadResult, runLoad } from './load.ts';
import {
  BENCH_USER,
  PB_BIN,
  type Running,
  startPocketBase,
  startRaw,
  startSatchel,
  stopAll,
} from './servers.ts';
import { runWrk, wrkAvailable } from './wrk.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const ONLY = process.env.BENCH_ONLY?.split(',');
const WARMUP = Number(process.env.BENCH_WARMUP ?? 0.3);
const README = join(import.meta.dir, 'README.md');
/** wrk (one C thread) where installed, as issue 17's table was measured; BENCH_LOAD=fetch: load.ts. */
const USE_WRK = wrkAvailable();

interface Target extends Running {
  name: 'raw' | 'satchel' | 'pocketbase';
  /** The user's token, and the user's id (the posts' author). */
  token: string;
  userId: string;
  ids: string[];
}

/** The posts collection every target holds, and `ruled`, whose create needs the author's token. */
function collections(usersId: string) {
  const fields = [
    { name: 'title', type: 'text', required: true },
    { name: 'body', type: 'text' },
    { name: 'views', type: 'number' },
    { name: 'author', type: 'relation', collectionId: usersId, maxSelect: 1 },
    { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
    { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
  ];
  const open = { type: 'base', listRule: '', viewRule: '', createRule: '', fields };
  return [
    { ...open, name: 'posts', indexes: ['CREATE INDEX idx_posts_created ON posts (created)'] },
    { ...open, name: 'ruled', createRule: '@request.auth.id != "" && author = @request.auth.id' },
  ];
}

async function api(url: string, path: string, token: string, init: RequestInit = {}) {
  const res = await fetch(url + path, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: token },
  });
  if (!res.ok && init.method !== 'DELETE') throw new Error(`${path}: ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
}

/** Satchel and PocketBase: the same collections and user through the same API. */
async function prepare(url: string, superuser: string): Promise<{ token: string; userId: string }> {
  const users = await api(url, '/api/collections/users', superuser);
  await api(url, '/api/collections/posts', superuser, { method: 'DELETE' });
  for (const c of collections(users.id as string)) {
    await api(url, '/api/collections', superuser, { method: 'POST', body: JSON.stringify(c) });
  }
  await api(url, '/api/collections/users/records', superuser, {
    method: 'POST',
    body: JSON.stringify({
      email: BENCH_USER.email,
      password: BENCH_USER.password,
      passwordConfirm: BENCH_USER.password,
    }),
  });
  return login(url);
}

async function login(url: string) {
  const res = await fetch(`${url}/api/collections/users/auth-with-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: BENCH_USER.email, password: BENCH_USER.password }),
  });
  const body = (await res.json()) as { token: string; record: { id: string } };
  return { token: body.token, userId: body.record.id };
}

/** The same ROWS posts in each database, written directly (seeding is not what is measured). */
function seed(path: string, author: string): string[] {
  const db = new Database(path, { strict: true });
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
        author,
        created,
        created,
      );
      ids.push(id);
    }
  })();
  db.close();
  return ids;
}

/**
 * One scenario's requests, declared once so that either load generator can send them: wrk takes
 * the paths round-robin with one fixed body; load.ts takes `body(i)` for varied writes.
 */
interface Requests {
  method: 'GET' | 'POST';
  paths: string[];
  auth?: boolean;
  body?: (i: number) => unknown;
}
type Scenario = [name: string, concurrency: number, requests: (t: Target) => Requests];

const post = (i: number) => ({ title: `new ${i}`, body: 'lorem ipsum dolor sit amet', views: i });
const FILTER = encodeURIComponent("views > 100 && title ~ 'post 1'");
/** The raw server takes the filter's two values as plain parameters. */
const filtered = (t: Target) =>
  t.name === 'raw' ? 'views=100&title=post%201' : `filter=${FILTER}&sort=-created`;
/** Pages 1–10 of 30 posts, with `query` added. */
const pages = (query: string) =>
  Array.from(
    { length: 10 },
    (_, i) => `/api/collections/posts/records?page=${i + 1}&perPage=30${query}`,
  );
const get = (paths: string[]): Requests => ({ method: 'GET', paths });

/** Issue 17's table: name, concurrency, requests. Reads first, so creates don't change their data. */
const SCENARIOS: Scenario[] = [
  [
    'view',
    100,
    (t) =>
      get(
        Array.from(
          { length: 1000 },
          (_, i) => `/api/collections/posts/records/${t.ids[(i * 7919) % t.ids.length]}`,
        ),
      ),
  ],
  ['list with totals', 1, () => get(pages(''))],
  ['list skipTotal', 1000, () => get(pages('&skipTotal=1'))],
  ['list filter+sort', 10, (t) => get(pages(`&${filtered(t)}`))],
  ['expand', 10, () => get(pages('&expand=author'))],
  [
    'auth-refresh',
    100,
    () => ({ method: 'POST', paths: ['/api/collections/users/auth-refresh'], auth: true }),
  ],
  [
    'create',
    500,
    () => ({ method: 'POST', paths: ['/api/collections/posts/records'], body: post }),
  ],
  [
    'create with rule',
    500,
    (t) => ({
      method: 'POST',
      paths: ['/api/collections/ruled/records'],
      auth: true,
      body: (i) => ({ ...post(i), author: t.userId }),
    }),
  ],
];

/** Runs one scenario's requests against `t` through wrk where installed, else load.ts. */
function runScenario(t: Target, conc: number, r: Requests, seconds: number): Promise<LoadResult> {
  const headers: Record<string, string> = r.auth ? { authorization: t.token } : {};
  if (USE_WRK) {
    const body = r.body ? JSON.stringify(r.body(0)) : '';
    return Promise.resolve(
      runWrk(t.url, r.paths, { connections: conc, seconds, method: r.method, body, headers }),
    );
  }
  return runLoad(
    (i) =>
      fetch(t.url + r.paths[i % r.paths.length], {
        method: r.method,
        headers: r.body ? { ...headers, 'content-type': 'application/json' } : headers,
        body: r.body ? JSON.stringify(r.body(i)) : undefined,
      }),
    { concurrency: conc, seconds },
  );
}

interface Measured extends LoadResult {
  cpu: number;
}

/** `perf record` of one target's server for a phase (BENCH_PERF=<file prefix>, BENCH_PERF_TARGETS). */
function perfRecord(t: Target) {
  const prefix = process.env.BENCH_PERF;
  if (!prefix || !(process.env.BENCH_PERF_TARGETS ?? 'satchel').split(',').includes(t.name))
    return null;
  const out = `${prefix}-${t.name}.data`;
  const args = ['-F', '2000', '-g', '-p', String(t.proc.pid), '-o', out, '--', 'sleep'];
  return Bun.spawn(['perf', 'record', ...args, String(SECONDS)], {
    stdout: 'ignore',
    stderr: 'ignore',
  });
}

async function measure(t: Target, conc: number, r: Requests): Promise<Measured> {
  const c0 = cpuMicros(t.proc.pid).all;
  // BENCH_CPU=1: the CPU every server and the load generator took in the phase (ms): the machine
  // is shared, and a phase whose load generator or server got less than its share reads higher.
  const all0 = running.map((x) => cpuMicros(x.proc.pid).all);
  const gen0 = process.cpuUsage();
  const perf = perfRecord(t);
  const result = await runScenario(t, conc, r, SECONDS);
  const gen = process.cpuUsage(gen0);
  await perf?.exited;
  if (process.env.BENCH_CPU) {
    const ms = running.map((x, k) => Math.round((cpuMicros(x.proc.pid).all - all0[k]!) / 1000));
    console.log(
      `  ${t.name}: servers ${ms.join(' · ')} ms, load generator ${Math.round((gen.user + gen.system) / 1000)} ms`,
    );
  }
  return { ...result, cpu: (cpuMicros(t.proc.pid).all - c0) / Math.max(1, result.requests) };
}

const satchel = await startSatchel();
const raw = await startRaw();
const pb = await startPocketBase();
const running: Running[] = [satchel, raw, ...(pb ? [pb] : [])];
try {
  const targets: Target[] = [];
  const rawUser = await login(raw.url);
  targets.push({
    ...raw,
    name: 'raw',
    ...rawUser,
    ids: seed(join(raw.dir, 'raw.db'), rawUser.userId),
  });
  const satUser = await prepare(satchel.url, satchel.token);
  targets.push({
    ...satchel,
    name: 'satchel',
    ...satUser,
    ids: seed(join(satchel.dir, 'data.db'), satUser.userId),
  });
  if (pb) {
    const pbUser = await prepare(pb.url, pb.token);
    targets.push({
      ...pb,
      name: 'pocketbase',
      ...pbUser,
      ids: seed(join(pb.dir, 'data.db'), pbUser.userId),
    });
  }
  console.log(
    `scenarios: ${ROWS} posts, ${SECONDS}s per phase, ${ROUNDS} round(s), ${navigator.hardwareConcurrency} cores, load from ${USE_WRK ? 'wrk' : 'load.ts'}; ` +
      `targets: ${targets.map((t) => t.name).join(', ')}${pb ? '' : ` (no PocketBase at ${PB_BIN})`}\n`,
  );
  const results = new Map<string, Measured[]>();
  for (const [name, conc, requests] of SCENARIOS) {
    if (ONLY && !ONLY.includes(name)) continue;
    // Warm-up: JIT of both the load generator and the servers, not reported.
    for (const t of targets) await runScenario(t, conc, requests(t), WARMUP);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const t of order) {
        const key = `${name}|${t.name}`;
        results.set(key, [...(results.get(key) ?? []), await measure(t, conc, requests(t))]);
      }
    }
    for (const t of targets)
      console.log(
        formatResult(`${name} (${conc}): ${t.name}`, median(results.get(`${name}|${t.name}`)!)),
      );
  }
  const table = renderTable(
    targets.map((t) => t.name),
    results,
  );
  console.log(`\n${table}`);
  if (process.env.BENCH_README !== '0') updateReadme(table);
} finally {
  await stopAll(...running);
  for (const r of running)
    rmSync((r as Running & { dir?: string }).dir ?? '/nonexistent', {
      recursive: true,
      force: true,
    });
}

function median(xs: Measured[]): Measured {
  return [...xs].sort((a, b) => a.rps - b.rps)[Math.floor(xs.length / 2)]!;
}

function renderTable(names: string[], results: Map<string, Measured[]>): string {
  const hasPb = names.includes('pocketbase');
  const head = [
    'scenario (conc)',
    'Satchel ÷ ceiling',
    ...(hasPb ? ['Satchel ÷ PocketBase'] : []),
    `req/s ${names.join(' · ')}`,
    'p50 / p99 ms Satchel (ceiling)',
    `server CPU µs/req ${names.join(' · ')}`,
  ];
  const rows = [`| ${head.join(' | ')} |`, `|---|---:|${hasPb ? '---:|' : ''}---|---|---|`];
  for (const [name, conc] of SCENARIOS) {
    const of = (t: string) => results.get(`${name}|${t}`);
    if (!of('satchel')) continue;
    const r = Object.fromEntries(names.map((t) => [t, median(of(t)!)])) as Record<string, Measured>;
    const sat = r.satchel!;
    const ratio = (other: Measured | undefined) =>
      other ? `${(sat.rps / other.rps).toFixed(2)}×` : '';
    rows.push(
      `| ${name} (${conc}) | ${ratio(r.raw)} | ${hasPb ? `${ratio(r.pocketbase)} | ` : ''}` +
        `${names.map((t) => r[t]!.rps).join(' · ')} | ${sat.p50} / ${sat.p99} (${r.raw!.p50} / ${r.raw!.p99}) | ` +
        `${names.map((t) => Math.round(r[t]!.cpu)).join(' · ')} |`,
    );
  }
  return rows.join('\n');
}

function updateReadme(table: string) {
  const text = readFileSync(README, 'utf8');
  const start = '<!-- scenarios:start -->';
  const end = '<!-- scenarios:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${README} lacks the ${start} … ${end} markers`);
  // The load average says how much else ran on the machine meanwhile (it is shared).
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const stamp = `Last run: ${new Date().toISOString().slice(0, 16)}Z, ${ROWS} posts, ${SECONDS}s per phase, ${ROUNDS} round(s), ${navigator.hardwareConcurrency} cores, load from ${USE_WRK ? 'wrk (one thread)' : 'load.ts'}, load average after ${load}.`;
  writeFileSync(
    README,
    `${text.slice(0, i + start.length)}\n${stamp}\n\n${table}\n${text.slice(j)}`,
  );
  // Biome lays out Markdown tables: the README stays lint-clean.
  const biome = join(import.meta.dir, '../node_modules/.bin/biome');
  Bun.spawnSync([biome, 'format', '--write', README], { stdout: 'ignore', stderr: 'inherit' });
}

// PostgreSQL nodes beside SQLite: view, list, create and realtime delivery for SQLite (one process),
// one node and three nodes on one PostgreSQL database, in one run, with server CPU per request.
// bun bench/postgres.ts [seconds per phase, default 3]   (BENCH_PG_URL: use that server's `postgres` db)
import { readFileSync } from 'node:fs';
import { testPostgres } from '../tests/support/postgres.ts';
import { realtimeDelivery } from './delivery.ts';
import { formatResult, type LoadResult, runLoad } from './load.ts';
import { type Running, startSatchel, startSatchelNode, stopAll } from './servers.ts';

const seconds = Number(process.argv[2] ?? 3);
const CONCURRENCY = 16;
const SEED = 200;
const SUBSCRIBERS = 21;
const EVENTS = 150;
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ). */
const HZ = 100;

/** CPU seconds used so far by these processes (utime + stime). */
function cpuOf(pids: number[]): number {
  let ticks = 0;
  for (const p of pids) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile
    }
  }
  return ticks / HZ;
}

/** The PostgreSQL server's processes (it forks one per connection): by name, any user. */
function postgresPids(): number[] {
  return Bun.spawnSync(['pgrep', '-x', 'postgres'])
    .stdout.toString()
    .split('\n')
    .filter(Boolean)
    .map(Number);
}

interface Phase extends LoadResult {
  cpuMs: number;
  pgCpuMs: number;
}

async function phase(
  nodes: Running[],
  name: string,
  send: (i: number) => Promise<Response>,
): Promise<Phase> {
  const pids = nodes.map((n) => n.proc.pid);
  const cpu0 = cpuOf(pids);
  const pg0 = cpuOf(postgresPids());
  const r = await runLoad(send, { concurrency: CONCURRENCY, seconds });
  const per = (s: number) => (s * 1000) / Math.max(r.requests, 1);
  const cpuMs = per(cpuOf(pids) - cpu0);
  const pgCpuMs = per(cpuOf(postgresPids()) - pg0);
  console.log(
    `${formatResult(name, r)}   CPU ${cpuMs.toFixed(2)} ms/req (+ PostgreSQL ${pgCpuMs.toFixed(2)})`,
  );
  return { ...r, cpuMs, pgCpuMs };
}

async function run(label: string, dbUrl: string | null, count: number) {
  const args = dbUrl ? [`--db=${dbUrl}`] : [];
  const first = await startSatchel({}, args);
  const nodes: Running[] = [first];
  for (let i = 1; i < count; i++) nodes.push(await startSatchelNode(args));
  const at = (i: number) => `${nodes[i % nodes.length]!.url}/api/collections/posts/records`;
  const ids: string[] = [];
  for (let i = 0; i < SEED; i++) {
    const res = await fetch(at(i), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: `post ${i}`, body: 'x'.repeat(200), views: i }),
    });
    ids.push(((await res.json()) as { id: string }).id);
  }
  console.log(label);
  const view = await phase(nodes, '  view', (i) => fetch(`${at(i)}/${ids[i % ids.length]}`));
  const list = await phase(nodes, '  list (perPage=20)', (i) => fetch(`${at(i)}?perPage=20`));
  const create = await phase(nodes, '  create', (i) =>
    fetch(at(i), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: `new ${i}`, body: 'y'.repeat(200), views: i }),
    }),
  );
  const delivery = await realtimeDelivery(
    nodes.map((n) => n.url),
    { subscribers: SUBSCRIBERS, events: EVENTS },
  );
  await stopAll(...nodes);
  return { view, list, create, delivery };
}

async function freshDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  // BENCH_PG_URL: a server of your own; else one started from Debian's binaries (as the tests do).
  if (process.env.BENCH_PG_URL) process.env.SATCHEL_TEST_PG_URL = process.env.BENCH_PG_URL;
  const pg = await testPostgres();
  const url = await pg.createDatabase(name);
  return { url, drop: () => pg.dropDatabase(url) };
}

const sqlite = await run('SQLite, one process', null, 1);
const db1 = await freshDatabase('bench_pg1');
const pg1 = await run('PostgreSQL, one node', db1.url, 1);
await db1.drop();
const db3 = await freshDatabase('bench_pg3');
const pg3 = await run('PostgreSQL, three nodes', db3.url, 3);
await db3.drop();

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '–');
console.log('\nreq/s relative to SQLite (one process)         1 node   3 nodes');
for (const k of ['view', 'list', 'create'] as const) {
  console.log(
    `  ${k.padEnd(44)} ${ratio(pg1[k].rps, sqlite[k].rps).padStart(6)}   ${ratio(pg3[k].rps, sqlite[k].rps).padStart(7)}`,
  );
}
console.log(
  `realtime p99 ms: SQLite ${sqlite.delivery.p99} · PG 1 node ${pg1.delivery.p99} · PG 3 nodes ${pg3.delivery.p99}`,
);
process.exit(0);

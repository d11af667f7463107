// `serve --workers=N`: view, list and create at 1 and 2 workers in one run, with server CPU per request.
// bun bench/workers.ts [seconds per phase, default 3]; BENCH_WARM_SECONDS (default 2, 0 for none) per
// worker of the same load runs unmeasured before each phase: every worker JIT-compiles the path it
// serves, once per process, and each of N workers sees 1/N of the load, so it needs N times as long
// to get as far (creates at 2 workers after 1 s, then 2 s: the compiler threads still took 25 and
// 12-17 µs CPU per create; after 4 s 2-3 µs, after 8 s 1.9, as at 1 worker).
// BENCH_ONLY=create (or view,list,create,realtime, comma-separated): only those phases.
import { readFileSync } from 'node:fs';
import { realtimeDelivery } from './delivery.ts';
import { formatResult, type LoadResult, runLoad } from './load.ts';
import { type Satchel, startSatchel, stopAll } from './servers.ts';
import { runWrk, wrkAvailable } from './wrk.ts';

const seconds = Number(process.argv[2] ?? 3);
const CONCURRENCY = 16;
const SEED = 200;
/** Writes through wrk too (BENCH_WRK_WRITES=1): a lighter generator for them as well. */
const WRK_WRITES = process.env.BENCH_WRK_WRITES === '1';
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 2);
const ONLY = process.env.BENCH_ONLY?.split(',');
const runs = (name: string) => !ONLY || ONLY.includes(name);
const SKIPPED: LoadResult & { cpuMs: number } = {
  requests: 0,
  errors: 0,
  rps: 0,
  p50: 0,
  p99: 0,
  cpuMs: 0,
};
/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const HZ = 100;

/** CPU seconds used so far by the server: the supervisor and its workers (children, live and reaped). */
function serverCpu(pid: number): number {
  const children = Bun.spawnSync(['pgrep', '-P', String(pid)])
    .stdout.toString()
    .split('\n')
    .filter(Boolean)
    .map(Number);
  let ticks = 0;
  for (const p of [pid, ...children]) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // utime, stime, cutime, cstime: fields 14-17 of stat, 12-15 after the command.
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // exited meanwhile
    }
  }
  return ticks / HZ;
}

/**
 * One phase: reads through wrk when it is installed (its one C thread leaves the server more of the
 * two cores than Bun's fetch loop, so scaling shows), writes and the rest through load.ts.
 */
async function phase(
  server: Satchel & { workers: number },
  name: string,
  send: (i: number) => Promise<Response>,
  getPaths?: string[],
  postBody?: string,
) {
  const pid = server.proc.pid;
  const load = (s: number): LoadResult | Promise<LoadResult> =>
    getPaths && wrkAvailable()
      ? runWrk(server.url, getPaths, {
          connections: CONCURRENCY,
          seconds: s,
          ...(postBody ? { method: 'POST', body: postBody } : {}),
        })
      : runLoad(send, { concurrency: CONCURRENCY, seconds: s });
  if (WARM_SECONDS > 0) await load(WARM_SECONDS * server.workers);
  const cpu0 = serverCpu(pid);
  const r = await load(seconds);
  const cpuMs = ((serverCpu(pid) - cpu0) * 1000) / Math.max(r.requests, 1);
  console.log(`${formatResult(name, r)}   server CPU ${(cpuMs * 1000).toFixed(1)} µs/req`);
  return { ...r, cpuMs };
}

async function run(workers: number) {
  const server = { ...(await startSatchel({}, [`--workers=${workers}`])), workers };
  const url = `${server.url}/api/collections/posts/records`;
  const ids: string[] = [];
  for (let i = 0; i < SEED; i++) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: `post ${i}`, body: 'x'.repeat(200), views: i }),
    });
    ids.push(((await res.json()) as { id: string }).id);
  }
  console.log(`--workers=${workers}`);
  const path = '/api/collections/posts/records';
  const view = !runs('view')
    ? SKIPPED
    : await phase(
        server,
        '  view',
        (i) => fetch(`${url}/${ids[i % ids.length]}`),
        ids.map((id) => `${path}/${id}`),
      );
  const list = !runs('list')
    ? SKIPPED
    : await phase(server, '  list (perPage=20)', () => fetch(`${url}?perPage=20`), [
        `${path}?perPage=20`,
      ]);
  const create = !runs('create')
    ? SKIPPED
    : await phase(
        server,
        '  create',
        (i) =>
          fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ title: `new ${i}`, body: 'y'.repeat(200), views: i }),
          }),
        // Through wrk the body is one fixed record (the title needn't differ: nothing is unique).
        WRK_WRITES ? [path] : undefined,
        JSON.stringify({ title: 'new', body: 'y'.repeat(200), views: 1 }),
      );
  // 20 subscribers spread over the workers by the kernel, then 200 creates one after another.
  const delivery = runs('realtime')
    ? await realtimeDelivery([server.url], { subscribers: 20, events: 200, timeoutMs: 10_000 })
    : null;
  await stopAll(server);
  return { view, list, create, delivery };
}

const one = await run(1);
const two = await run(2);
const ratio = (a: LoadResult, b: LoadResult) => (b.rps / Math.max(a.rps, 1)).toFixed(2);
console.log(
  `load generator for reads: ${wrkAvailable() ? 'wrk (1 thread)' : "Bun's fetch (load.ts)"}`,
);
const ratios = (['view', 'list', 'create'] as const)
  .filter(runs)
  .map((name) => `${name} ${ratio(one[name], two[name])}×`);
console.log(
  `2 workers / 1 worker: ${ratios.join(', ')} ` +
    `(errors at 2 workers: ${two.view.errors + two.list.errors + two.create.errors})`,
);
const cpu = (['view', 'list', 'create'] as const)
  .filter(runs)
  .map(
    (name) =>
      `${name} ${(one[name].cpuMs * 1000).toFixed(1)} → ${(two[name].cpuMs * 1000).toFixed(1)}`,
  );
console.log(`server CPU µs/req, 1 worker → 2: ${cpu.join(', ')}`);

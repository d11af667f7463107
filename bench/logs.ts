// What request logging costs: record view and a hooks-file route with `settings.logs` on and off in
// the same Satchel process (toggled between phases, rounds alternate), beside raw Bun.serve and,
// when the reference binary is there, PocketBase's view with its own logs on and off.
// Issue 15's target: logs on ≥ 0.9× logs off on the view benchmark.
import { cpuMicros as cpu, untilQuiet } from './cpu.ts';
import { formatResult, type LoadResult, runLoad } from './load.ts';
import {
  POSTS_FIELDS,
  type Running,
  type Satchel,
  startPocketBase,
  startRaw,
  startSatchel,
  stopAll,
} from './servers.ts';
import { runWrk, wrkAvailable } from './wrk.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Measured extends LoadResult {
  /** Server CPU per request, µs: the main thread's and every thread's (log worker, GC, …). */
  mainCpu: number;
  allCpu: number;
}

/**
 * One phase's figures. CPU is counted from a quiet server until it is quiet again, so a request's
 * share of the log writer's work (rows committed after the load stopped) is in it, and none of it
 * spills into the next phase.
 */
async function measured(server: Running, run: () => Promise<LoadResult>): Promise<Measured> {
  await untilQuiet(server.proc.pid);
  const c0 = cpu(server.proc.pid);
  const r = await run();
  await untilQuiet(server.proc.pid);
  const c1 = cpu(server.proc.pid);
  const n = Math.max(1, r.requests);
  return { ...r, mainCpu: (c1.main - c0.main) / n, allCpu: (c1.all - c0.all) / n };
}

const HOOKS = `import { routerAdd } from 'satchel';
routerAdd('GET', '/api/hello/{name}', (e) => e.json(200, { message: 'Hello ' + e.params.name + '!' }));
`;

const satchel = await startSatchel({ 'bench.ts': HOOKS });
const raw = await startRaw();
// PocketBase's own logging cost beside Satchel's, when the reference binary is there.
const pb = await startPocketBase();
try {
  const json = { 'content-type': 'application/json', authorization: satchel.token };
  const setLogs = async (server: Satchel, on: boolean) => {
    const res = await fetch(`${server.url}/api/settings`, {
      method: 'PATCH',
      headers: { ...json, authorization: server.token },
      body: JSON.stringify({ logs: { maxDays: on ? 7 : 0 } }),
    });
    if (!res.ok) throw new Error(await res.text());
  };
  if (pb) {
    const res = await fetch(`${pb.url}/api/collections`, {
      method: 'POST',
      headers: { ...json, authorization: pb.token },
      body: JSON.stringify({ name: 'posts', type: 'base', viewRule: '', fields: POSTS_FIELDS }),
    });
    if (!res.ok) throw new Error(await res.text());
  }
  const seed = async (url: string, token = satchel.token) => {
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${url}/api/collections/posts/records`, {
        method: 'POST',
        headers: { ...json, authorization: token },
        body: JSON.stringify({ title: `post ${i}`, body: 'lorem ipsum', views: i }),
      });
      ids.push(((await res.json()) as { id: string }).id);
    }
    return ids;
  };
  const ids = await seed(satchel.url);
  const rawIds = await seed(raw.url);
  const pbIds = pb ? await seed(pb.url, pb.token) : [];
  const opts = { concurrency: CONCURRENCY, seconds: SECONDS };
  // wrk where installed (one C thread leaves the server most of a core; Bun's fetch loop takes
  // about as much CPU as the server), else load.ts.
  const load = (url: string, paths: string[]) => () =>
    wrkAvailable()
      ? Promise.resolve(runWrk(url, paths, { connections: CONCURRENCY, seconds: SECONDS }))
      : runLoad((i) => fetch(url + paths[i % paths.length]), opts);
  const view = (url: string, keys: string[]) =>
    load(
      url,
      keys.map((id) => `/api/collections/posts/records/${id}`),
    );
  const hello = load(
    satchel.url,
    Array.from({ length: 100 }, (_, i) => `/api/hello/n${i}`),
  );
  await runLoad((i) => fetch(`${satchel.url}/api/hello/w${i}`), { ...opts, seconds: 1 }); // warm-up
  type Phase = [string, boolean | null, Running, () => Promise<LoadResult>];
  const phases: Phase[] = [
    ['raw Bun.serve: view', null, raw, view(raw.url, rawIds)],
    ...(pb
      ? ([
          ['pocketbase view, logs off', false, pb, view(pb.url, pbIds)],
          ['pocketbase view, logs on', true, pb, view(pb.url, pbIds)],
        ] satisfies Phase[])
      : []),
    ['satchel view, logs off', false, satchel, view(satchel.url, ids)],
    ['satchel view, logs on', true, satchel, view(satchel.url, ids)],
    ['satchel hello, logs off', false, satchel, hello],
    ['satchel hello, logs on', true, satchel, hello],
  ];
  const results = new Map<string, Measured[]>(phases.map(([n]) => [n, []]));
  console.log(
    `logs bench: ${CONCURRENCY} connections, ${SECONDS}s per phase, ${ROUNDS} rounds, ` +
      `load generator ${wrkAvailable() ? 'wrk (1 thread)' : "Bun's fetch (load.ts)"}\n`,
  );
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order of on/off each round, so drift hits both alike.
    const order = round % 2 === 0 ? phases : [...phases].reverse();
    for (const [name, logs, server, run] of order) {
      if (logs !== null) await setLogs(server as Satchel, logs);
      results.get(name)!.push(await measured(server, run));
    }
  }
  const median = (name: string) => {
    const sorted = [...results.get(name)!].sort((a, b) => a.rps - b.rps);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const [name] of phases) {
    const rs = results.get(name)!;
    const main = med(rs.map((r) => r.mainCpu)).toFixed(0);
    const all = med(rs.map((r) => r.allCpu)).toFixed(0);
    console.log(`${formatResult(name, median(name))}   cpu µs/req main ${main} all ${all}`);
  }
  const ratios = (on: string, off: string) =>
    results
      .get(on)!
      .map((r, i) => (r.rps / results.get(off)![i]!.rps).toFixed(2))
      .join(' ');
  console.log(
    `\nview logs on / off, per round: ${ratios('satchel view, logs on', 'satchel view, logs off')}` +
      `\nhello logs on / off, per round: ${ratios('satchel hello, logs on', 'satchel hello, logs off')}` +
      (pb
        ? `\npocketbase view logs on / off, per round: ${ratios('pocketbase view, logs on', 'pocketbase view, logs off')}`
        : `\n(no PocketBase binary: its logging cost is not measured)`),
  );
} finally {
  await stopAll(satchel, raw, ...(pb ? [pb] : []));
}

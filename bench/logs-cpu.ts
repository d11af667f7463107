// Where request logging's CPU goes: the record view under load on two Satchel servers, one logging
// and one not, each under `bun --cpu-prof`; prints self time per request by function for both and
// the functions that differ most. BENCH_ROUTE=hello profiles a hooks-file route instead.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad } from './load.ts';

// servers.ts reads the server's extra flags when it loads: one profile dir for both runs.
const PROF_DIR = mkdtempSync(join(tmpdir(), 'satchel-logs-prof-'));
process.env.BENCH_SATCHEL_FLAGS = `--cpu-prof --cpu-prof-interval=200 --cpu-prof-dir=${PROF_DIR}`;
const { startSatchel, stopAll } = await import('./servers.ts');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROUTE = process.env.BENCH_ROUTE ?? 'view';
const TOP = Number(process.env.BENCH_TOP ?? 25);

const HOOKS = `import { routerAdd } from 'satchel';
routerAdd('GET', '/api/hello/{name}', (e) => e.json(200, { message: 'Hello ' + e.params.name + '!' }));
`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  /** Wall-clock µs. */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Functions whose inclusive time is printed too (the logging path). */
const INCLUSIVE = ['logDispatched', 'flush', 'encodeLogRow', 'serializeLogData', 'remoteIP'];

/**
 * µs of self time by `function url:line`, plus `[incl] name` for INCLUSIVE, over the samples taken
 * between `from` and `to` (wall-clock ms): the measured load, not start-up or shutdown.
 */
function selfTimes(profile: Profile, from: number, to: number): Map<string, number> {
  const names = new Map<number, string>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const file = f.url.replace(/^.*\/(src|node_modules)\//, '$1/');
    names.set(n.id, `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const out = new Map<string, number>();
  const add = (k: string, v: number) => out.set(k, (out.get(k) ?? 0) + v);
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    if (t < from * 1000 || t > to * 1000) continue;
    const id = profile.samples[i]!;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    add(names.get(id)!, dt);
    const seen = new Set<string>();
    for (let c: number | undefined = id; c !== undefined; c = parent.get(c)) {
      const fn = names.get(c)!.split(' ')[0]!;
      if (INCLUSIVE.includes(fn) && !seen.has(fn)) {
        seen.add(fn);
        add(`[incl] ${fn}`, dt);
      }
    }
  }
  return out;
}

async function profiled(logs: boolean): Promise<{ perReq: Map<string, number>; requests: number }> {
  const before = new Set(readdirSync(PROF_DIR));
  process.env.BENCH_LOGS = logs ? 'on' : 'off';
  const satchel = await startSatchel({ 'bench.ts': HOOKS });
  let requests = 0;
  let from = 0;
  let to = 0;
  try {
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${satchel.url}/api/collections/posts/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `post ${i}`, body: 'lorem ipsum', views: i }),
      });
      ids.push(((await res.json()) as { id: string }).id);
    }
    const url =
      ROUTE === 'hello'
        ? (i: number) => `${satchel.url}/api/hello/n${i % 100}`
        : (i: number) => `${satchel.url}/api/collections/posts/records/${ids[i % ids.length]}`;
    await runLoad((i) => fetch(url(i)), { concurrency: CONCURRENCY, seconds: 1 }); // warm-up
    from = Date.now();
    requests = (await runLoad((i) => fetch(url(i)), { concurrency: CONCURRENCY, seconds: SECONDS }))
      .requests;
    to = Date.now();
  } finally {
    await stopAll(satchel);
  }
  const file = readdirSync(PROF_DIR).find((f) => f.endsWith('.cpuprofile') && !before.has(f));
  if (!file) throw new Error(`no new profile in ${PROF_DIR}`);
  const profile = JSON.parse(readFileSync(join(PROF_DIR, file), 'utf8')) as Profile;
  const times = selfTimes(profile, from, to);
  const perReq = new Map([...times].map(([k, v]) => [k, v / requests]));
  return { perReq, requests };
}

const off = await profiled(false);
const on = await profiled(true);
const total = (m: Map<string, number>) =>
  [...m].filter(([k]) => !k.startsWith('[incl]')).reduce((a, [, v]) => a + v, 0);
console.log(
  `${ROUTE}: main-thread profile, µs per request (logs off ${off.requests} req, logs on ${on.requests} req)`,
);
console.log(`total: off ${total(off.perReq).toFixed(1)}  on ${total(on.perReq).toFixed(1)}\n`);
const keys = new Set([...off.perReq.keys(), ...on.perReq.keys()]);
const rows = [...keys].map((k) => {
  const a = off.perReq.get(k) ?? 0;
  const b = on.perReq.get(k) ?? 0;
  return { k, a, b, d: b - a };
});
console.log('largest differences (on − off):');
for (const r of rows.sort((x, y) => Math.abs(y.d) - Math.abs(x.d)).slice(0, TOP)) {
  console.log(
    `${r.d.toFixed(2).padStart(7)}  ${r.a.toFixed(2).padStart(6)} → ${r.b.toFixed(2).padStart(6)}  ${r.k}`,
  );
}

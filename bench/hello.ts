// Extension overhead: a custom route `GET /api/hello/{name}` from a hooks file beside a raw Bun.serve
// route doing the same (target ≥ 0.7×) and, when the reference binary is there, PocketBase's JSVM
// route from a pb_hooks file; then a create whose hook changes the record beside a plain create
// (target ≥ 0.9×). One run, same machine. PB_BIN points at PocketBase (default ../.cache/pocketbase).
// The route runs with request logs on (PocketBase's default, as PocketBase's route here) and off:
// the raw route logs nothing, and what a `_logs` row costs is bench/logs.ts's subject.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'bun';
import { untilQuiet } from './cpu.ts';
import { formatResult, type LoadResult, runLoad } from './load.ts';
import { PB_BIN, POSTS_FIELDS, type Running, startSatchel, stopAll } from './servers.ts';
import { runWrk, wrkAvailable } from './wrk.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const SATCHEL_HOOKS = `import { onRecordCreate, routerAdd } from 'satchel';
routerAdd('GET', '/api/hello/{name}', (e) => e.json(200, { message: 'Hello ' + e.params.name + '!' }));
onRecordCreate((e) => {
  e.record.title = String(e.record.title).toUpperCase();
  return e.next();
}, 'hooked');
`;

const PB_HOOKS = `routerAdd("GET", "/api/hello/{name}", (e) => {
  return e.json(200, { message: "Hello " + e.request.pathValue("name") + "!" });
});
`;

const RAW_HELLO = `const server = Bun.serve({ hostname: '127.0.0.1', port: 0, routes: {
  '/api/hello/:name': (req) => Response.json({ message: 'Hello ' + req.params.name + '!' }),
} });
console.log('http://127.0.0.1:' + server.port);`;

async function started(args: string[], cwd?: string): Promise<Running> {
  const proc = spawn(args, { cwd, stdout: 'pipe', stderr: 'pipe' });
  const pattern = /http:\/\/127\.0\.0\.1:\d+/;
  let text = '';
  const decoder = new TextDecoder();
  // PocketBase prints its address on stderr; Bun scripts on stdout.
  const read = async (stream: ReadableStream<Uint8Array>) => {
    const reader = stream.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += decoder.decode(value, { stream: true });
    }
  };
  void read(proc.stdout);
  void read(proc.stderr);
  const deadline = Date.now() + 15_000;
  while (!pattern.test(text)) {
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`no address: ${text}`);
    await Bun.sleep(20);
  }
  return { proc, url: pattern.exec(text)![0] };
}

async function startPocketBase(): Promise<(Running & { dir: string }) | null> {
  if (!existsSync(PB_BIN)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'satchel-bench-pb-'));
  mkdirSync(join(dir, 'pb_hooks'));
  writeFileSync(join(dir, 'pb_hooks/main.pb.js'), PB_HOOKS);
  const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
  const port = probe.port;
  probe.stop(true);
  const pb = await started([
    PB_BIN,
    'serve',
    `--http=127.0.0.1:${port}`,
    `--dir=${join(dir, 'pb_data')}`,
    `--hooksDir=${join(dir, 'pb_hooks')}`,
    '--hooksWatch=false',
  ]);
  return { ...pb, dir };
}

const HELLO_PATHS = Array.from({ length: 100 }, (_, i) => `/api/hello/n${i}`);

/** wrk where installed (one C thread leaves the servers most of a core), else Bun's fetch loop. */
const hello = async (server: Running) => {
  await untilQuiet(server.proc.pid);
  return wrkAvailable()
    ? runWrk(server.url, HELLO_PATHS, { connections: CONCURRENCY, seconds: SECONDS })
    : runLoad((i) => fetch(server.url + HELLO_PATHS[i % HELLO_PATHS.length]), {
        concurrency: CONCURRENCY,
        seconds: SECONDS,
      });
};

const ratio = (a: LoadResult, b: LoadResult) => (a.rps / b.rps).toFixed(2);

console.log(
  `hello bench: ${CONCURRENCY} connections, ${SECONDS}s per phase, ${ROUNDS} rounds, ` +
    `${navigator.hardwareConcurrency} cores, load generator ${wrkAvailable() ? 'wrk (1 thread)' : "Bun's fetch"}\n`,
);
const satchel = await startSatchel({ 'bench.ts': SATCHEL_HOOKS });
const raw = await started([process.execPath, '-e', RAW_HELLO]);
const pb = await startPocketBase();
try {
  // Warm-up (JIT of the load generator and both servers), not reported.
  for (const url of [raw.url, satchel.url]) {
    await runLoad((i) => fetch(`${url}/api/hello/w${i}`), { concurrency: CONCURRENCY, seconds: 1 });
  }
  const json = { 'content-type': 'application/json', authorization: satchel.token };
  const setLogs = async (on: boolean) => {
    const res = await fetch(`${satchel.url}/api/settings`, {
      method: 'PATCH',
      headers: json,
      body: JSON.stringify({ logs: { maxDays: on ? 7 : 0 } }),
    });
    if (!res.ok) throw new Error(await res.text());
  };
  const created = await fetch(`${satchel.url}/api/collections`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ name: 'hooked', type: 'base', createRule: '', fields: POSTS_FIELDS }),
  });
  if (!created.ok) throw new Error(await created.text());
  const create = async (collection: string) => {
    await untilQuiet(satchel.proc.pid);
    return runLoad(
      (i) =>
        fetch(`${satchel.url}/api/collections/${collection}/records`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: `post ${i}`, body: 'lorem ipsum', views: i }),
        }),
      { concurrency: CONCURRENCY, seconds: SECONDS },
    );
  };
  const logged = async <T>(on: boolean, run: () => Promise<T>) => {
    await setLogs(on);
    try {
      return await run();
    } finally {
      await setLogs(true);
    }
  };
  // Rounds alternate the compared phases, so a burst of load from elsewhere hits both alike; each
  // line is the median round.
  const phases: Record<string, () => Promise<LoadResult>> = {
    'raw Bun.serve: hello': () => hello(raw),
    'satchel hooks route: hello': () => hello(satchel),
    'satchel hooks route, logs off': () => logged(false, () => hello(satchel)),
    ...(pb ? { 'pocketbase pb_hooks: hello': () => hello(pb) } : {}),
    'satchel: plain create': () => create('posts'),
    'satchel: create, hook changes it': () => create('hooked'),
  };
  const results: Record<string, LoadResult[]> = Object.fromEntries(
    Object.keys(phases).map((name) => [name, []]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(phases)) results[name]!.push(await run());
  }
  const median = (name: string) => {
    const sorted = [...results[name]!].sort((a, b) => a.rps - b.rps);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  for (const name of Object.keys(phases)) console.log(formatResult(name, median(name)));
  if (!pb) console.log(`(no PocketBase at ${PB_BIN}: its JSVM route is skipped)`);
  const pairs = (a: string, b: string) =>
    results[a]!.map((r, i) => ratio(r, results[b]![i]!)).join(' ');
  console.log(
    `\nhooks route / raw Bun.serve: ${ratio(median('satchel hooks route: hello'), median('raw Bun.serve: hello'))}× ` +
      `logs on, ${ratio(median('satchel hooks route, logs off'), median('raw Bun.serve: hello'))}× logs off ` +
      `(target ≥ 0.7; per round, on: ${pairs('satchel hooks route: hello', 'raw Bun.serve: hello')}, ` +
      `off: ${pairs('satchel hooks route, logs off', 'raw Bun.serve: hello')})\n` +
      `hooked / plain create: ${ratio(median('satchel: create, hook changes it'), median('satchel: plain create'))}× ` +
      `(target ≥ 0.9; per round ${pairs('satchel: create, hook changes it', 'satchel: plain create')})`,
  );
} finally {
  await stopAll(satchel, raw, ...(pb ? [pb] : []));
  if (pb) rmSync(pb.dir, { recursive: true, force: true });
}

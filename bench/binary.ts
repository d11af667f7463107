// The shipped artifact: binary size, cold start to the first /api/health answer (median of several),
// idle RSS, and peak RSS under the records load (create then view). `bun src/main.ts` runs beside it,
// as `npm start` runs it.
//   bun bench/binary.ts [path/to/satchel]   (default dist/satchel; build it with `bun run build`)
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'bun';
import { MAX_HEADER_FLAG } from '../src/http/header-limit.ts';
import { formatResult, runLoad } from './load.ts';
import { POSTS_FIELDS } from './servers.ts';

const ROOT = resolve(import.meta.dir, '..');
const BINARY = resolve(process.argv[2] ?? join(ROOT, 'dist/satchel'));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const MiB = 2 ** 20;

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

/** VmRSS of a live process, in MB (Linux). */
function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Started {
  pid: number;
  url: string;
  ms: number;
  stop(): Promise<void>;
}

/** Spawns `serve` and polls /api/health back to back (no sleeps) until it answers 200. */
async function start(cmd: string[], dir: string): Promise<Started> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const proc = spawn([...cmd, 'serve', `--http=127.0.0.1:${port}`, `--dir=${dir}`], {
    cwd: ROOT,
    stdout: 'pipe',
    stderr: 'inherit',
  });
  // Drain stdout. The bench dirs have no superuser at start, so serve writes an installer token right after listening and
  // then prints the link; stop after that line, since a SIGTERM mid-write is a separate shutdown race.
  let out = '';
  const printed = (async () => {
    const decoder = new TextDecoder();
    const reader = proc.stdout.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read())
      out += decoder.decode(r.value);
  })();
  const settled = async () => {
    for (let i = 0; i < 200 && !out.includes('superuser upsert'); i++) await Bun.sleep(5);
  };
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${cmd.join(' ')} exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
  }
  const ms = performance.now() - t0;
  return {
    pid: proc.pid,
    url,
    ms,
    async stop() {
      await settled();
      proc.kill('SIGTERM');
      await proc.exited;
      await printed;
    },
  };
}

async function coldStarts(cmd: string[], fresh: boolean): Promise<number[]> {
  const base = mkdtempSync(join(tmpdir(), 'satchel-bench-bin-'));
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = await start(cmd, join(base, fresh ? `d${i}` : 'd'));
    times.push(s.ms);
    await s.stop();
  }
  rmSync(base, { recursive: true, force: true });
  return times;
}

async function setup(url: string, cmd: string[], dir: string): Promise<string> {
  const email = 'bench@example.com';
  const password = 'bench-password';
  await spawn([...cmd, 'superuser', 'upsert', email, password, `--dir=${dir}`], { cwd: ROOT })
    .exited;
  const login = await fetch(`${url}/api/collections/_superusers/auth-with-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: email, password }),
  });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${url}/api/collections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({
      name: 'posts',
      type: 'base',
      listRule: '',
      viewRule: '',
      createRule: '',
      fields: POSTS_FIELDS,
    }),
  });
  if (!res.ok) throw new Error(`creating posts failed: ${await res.text()}`);
  return token;
}

async function memory(name: string, cmd: string[]): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'satchel-bench-bin-'));
  const dir = join(base, 'd');
  const s = await start(cmd, dir);
  await setup(s.url, cmd, dir);
  await Bun.sleep(1000); // let start-up garbage settle before calling it idle
  const idle = rssMB(s.pid);
  let peak = idle;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMB(s.pid));
  }, 50);
  const ids: string[] = [];
  const json = { 'content-type': 'application/json' };
  const create = await runLoad(
    async (i) => {
      const res = await fetch(`${s.url}/api/collections/posts/records`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ title: `post ${i}`, body: 'lorem ipsum '.repeat(8), views: i }),
      });
      if (res.ok) ids.push(((await res.clone().json()) as { id: string }).id);
      return res;
    },
    { concurrency: CONCURRENCY, seconds: SECONDS },
  );
  const view = await runLoad(
    (i) => fetch(`${s.url}/api/collections/posts/records/${ids[i % ids.length]}`),
    {
      concurrency: CONCURRENCY,
      seconds: SECONDS,
    },
  );
  clearInterval(sampler);
  peak = Math.max(peak, rssMB(s.pid));
  await s.stop();
  rmSync(base, { recursive: true, force: true });
  console.log(
    `${name.padEnd(12)} idle RSS ${idle.toFixed(1)} MB   peak RSS under load ${peak.toFixed(1)} MB`,
  );
  console.log(`  ${formatResult('create', create)}\n  ${formatResult('view', view)}`);
}

const fmt = (xs: number[]) =>
  `median ${median(xs).toFixed(1)} ms  (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;
const targets: Array<[string, string[]]> = [
  ['binary', [BINARY]],
  // As `npm start` runs it: with Bun's header-limit flag, which spares loading node:http (src/app.ts).
  ['bun run', [process.execPath, MAX_HEADER_FLAG, join(ROOT, 'src/main.ts')]],
];

const size = statSync(BINARY).size;
console.log(`binary ${BINARY}: ${(size / MiB).toFixed(1)} MiB (${size} B)   [target ≤ 140 MiB]`);
console.log(`cold start to first /api/health 200, ${RUNS} runs each   [target ≤ 150 ms]`);
for (const [name, cmd] of targets) {
  console.log(`  ${name.padEnd(8)} new data dir:      ${fmt(await coldStarts(cmd, true))}`);
  console.log(`  ${name.padEnd(8)} existing data dir: ${fmt(await coldStarts(cmd, false))}`);
}
console.log(
  `memory, ${CONCURRENCY} connections, ${SECONDS}s create + ${SECONDS}s view   [idle target ≤ 60 MB]`,
);
for (const [name, cmd] of targets) await memory(name, cmd);

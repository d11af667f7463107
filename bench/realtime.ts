// Realtime fan-out at 10,000 subscribers (SSE, then WS): half guests on a public collection, half users under
// an owner-only rule; each write (one batch transaction) reaches all. BENCH_WRITES (default 5) writes, one
// after another once the last was delivered to all: the first after start runs cold code, the median p99 of
// the others is the steady state. Prints connect time, delivery p50/p99 per write, RSS, and the same figures
// for bench/realtime/raw-server.ts (plain Bun fan-out, no auth or rules) as ratios.
// BENCH_RAW=0 skips the raw server; BENCH_TRANSPORT=sse|ws runs one transport; BENCH_SATCHEL_FLAGS and
// BENCH_RAW_FLAGS add flags to either server's bun (`--cpu-prof --cpu-prof-dir=/tmp/prof`).
// BENCH_WARM=1 makes one write on each server before anyone subscribes, so the measured write is
// not the process's first (Satchel loads its batch modules and runs its create path cold then).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, spawnSync } from 'bun';
import { MAX_HEADER_FLAG } from '../src/http/header-limit.ts';
import { type Subscriber, sseSubscriber, wsSubscriber } from './realtime/clients.ts';
import { NOTES_RULE, type Seeded, seed } from './realtime/seed.ts';

const ROOT = resolve(import.meta.dir, '..');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10_000);
const CONNECT_CONCURRENCY = Number(process.env.BENCH_CONNECT_CONCURRENCY ?? 100);
/** Writes per run, each awaited until every subscriber has it: the first is cold, the rest steady. */
const WRITES = Math.max(2, Number(process.env.BENCH_WRITES ?? 5));

/** Each process holds ~1 fd per subscriber (the server one more per client); re-exec with a raised limit. */
function ensureFileLimit(): void {
  const soft = Number(spawnSync(['sh', '-c', 'ulimit -n']).stdout.toString().trim());
  const want = CLIENTS + 2000;
  if (soft >= want || process.env.BENCH_REEXEC) return;
  const script = `ulimit -n ${want} 2>/dev/null || ulimit -n $(ulimit -Hn); exec "${process.execPath}" "${import.meta.path}"`;
  const r = spawnSync(['sh', '-c', script], {
    env: { ...process.env, BENCH_REEXEC: '1' },
    stdout: 'inherit',
    stderr: 'inherit',
  });
  process.exit(r.exitCode ?? 1);
}

/** VmRSS (now) or VmHWM (the peak so far) of `pid`, in MB. */
function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) / 1024;
}

async function startServer(dir: string | null) {
  // Satchel as it ships: `npm start` and the binary both start Bun with the header-limit flag, which
  // spares loading node:http to raise it at run time (src/app.ts; ~2 MB of the idle process).
  const flags = (process.env[dir ? 'BENCH_SATCHEL_FLAGS' : 'BENCH_RAW_FLAGS'] ?? '')
    .split(' ')
    .filter(Boolean);
  const args = dir
    ? [...flags, MAX_HEADER_FLAG, 'src/main.ts', 'serve', '--http=127.0.0.1:0', `--dir=${dir}`]
    : [...flags, 'bench/realtime/raw-server.ts'];
  const proc = spawn([process.execPath, ...args], {
    cwd: ROOT,
    stdout: 'pipe',
    stderr: 'inherit',
  });
  const reader = proc.stdout.getReader();
  let text = '';
  while (!/127\.0\.0\.1:(\d+)/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${text}`);
    text += new TextDecoder().decode(value);
  }
  void (async () => {
    while (!(await reader.read()).done) {}
  })();
  return { proc, port: Number(/127\.0\.0\.1:(\d+)/.exec(text)![1]) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Result {
  /** Delivery p99 of the first write after start (cold code). */
  firstP99: number;
  /** Median over the later writes of each one's delivery p99. */
  laterP99: number;
  peak: number;
}

/** One write's fan-out: delivery times (ms from the write's start, sorted) and its request time. */
interface Delivery {
  writeMs: number;
  /** The server's RSS once every subscriber had it, MB. */
  rss: number;
  all: number[];
  guests: number[];
  users: number[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The measured write's shape, made once with nobody subscribed (BENCH_WARM=1). */
async function warmUp(base: string, auth: Record<string, string>, seeded: Seeded | null) {
  const body = seeded
    ? {
        requests: [
          { method: 'POST', url: '/api/collections/posts/records', body: { title: 'warm' } },
          {
            method: 'POST',
            url: '/api/collections/notes/records',
            body: { text: 'warm', owner: seeded.users[0]!.id, shared: true },
          },
        ],
      }
    : [{ topic: 'posts/*', data: { action: 'create', record: { title: 'warm' } } }];
  const res = await fetch(`${base}${seeded ? '/api/batch' : '/publish'}`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`warm-up write failed: ${res.status}`);
}

/** One server (Satchel, or the raw one when `raw`) under CLIENTS subscribers of `transport`. */
async function run(transport: 'sse' | 'ws', raw: boolean): Promise<Result> {
  const half = Math.floor(CLIENTS / 2);
  let dir: string | null = null;
  let seeded: Seeded | null = null;
  if (!raw) {
    dir = join(mkdtempSync(join(tmpdir(), 'satchel-bench-rt-')), 'sb_data');
    seeded = await seed(dir, CLIENTS - half);
  }
  const { proc, port } = await startServer(dir);
  const base = `http://127.0.0.1:${port}`;
  const auth = { 'content-type': 'application/json', authorization: seeded?.superuserToken ?? '' };
  if (seeded) {
    await fetch(`${base}/api/settings`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify({ batch: { enabled: true, maxRequests: 50 } }),
    });
  }
  if (process.env.BENCH_WARM === '1') await warmUp(base, auth, seeded);
  const rssIdle = rssMb(proc.pid);
  const open = transport === 'sse' ? sseSubscriber : wsSubscriber;
  const subs: Subscriber[] = [];
  const t0 = performance.now();
  for (let i = 0; i < CLIENTS; i += CONNECT_CONCURRENCY) {
    const batch = [];
    for (let j = i; j < Math.min(CLIENTS, i + CONNECT_CONCURRENCY); j++) {
      batch.push(
        j < half
          ? open('127.0.0.1', port, 'posts/*', null)
          : open('127.0.0.1', port, 'notes/*', seeded?.users[j - half]?.token ?? null),
      );
    }
    subs.push(...(await Promise.all(batch)));
  }
  const connectMs = performance.now() - t0;
  await Bun.sleep(500);
  const rssConnected = rssMb(proc.pid);
  // Which phase sets the peak: connecting (garbage of 10,000 requests) or the fan-out.
  const peakConnecting = rssMb(proc.pid, 'VmHWM');

  // Each write: a batch (one transaction) creating a public post and a note shared with all users.
  // The raw server is handed both events as they would come out of it. The first write after start
  // runs cold code (Satchel loads its batch modules then); the later ones are the steady state.
  const body = JSON.stringify(
    raw
      ? [
          { topic: 'posts/*', data: { action: 'create', record: { title: 'hello all' } } },
          { topic: 'notes/*', data: { action: 'create', record: { text: 'shared' } } },
        ]
      : {
          requests: [
            { method: 'POST', url: '/api/collections/posts/records', body: { title: 'hello all' } },
            {
              method: 'POST',
              url: '/api/collections/notes/records',
              body: { text: 'shared', owner: seeded!.users[0]!.id, shared: true },
            },
          ],
        },
  );
  const writes: Delivery[] = [];
  for (let n = 0; n < WRITES; n++) {
    for (const s of subs) s.reset();
    const w0 = performance.now();
    const res = await fetch(`${base}${raw ? '/publish' : '/api/batch'}`, {
      method: 'POST',
      headers: auth,
      body,
    });
    const writeMs = performance.now() - w0;
    if (!res.ok) console.log(`write failed: ${res.status} ${(await res.text()).slice(0, 200)}`);
    const deadline = performance.now() + 10_000;
    while (subs.some((s) => s.receivedAt === null) && performance.now() < deadline)
      await Bun.sleep(5);
    const sorted = (list: Subscriber[]) =>
      list
        .filter((s) => s.receivedAt !== null)
        .map((s) => s.receivedAt! - w0)
        .sort((a, b) => a - b);
    writes.push({
      writeMs,
      rss: rssMb(proc.pid),
      all: sorted(subs),
      guests: sorted(subs.slice(0, half)),
      users: sorted(subs.slice(half)),
    });
  }
  const first = writes[0]!;
  const later = writes.slice(1);
  const line = (d: Delivery) =>
    `delivered ${d.all.length}/${CLIENTS}; from write start p50 ${percentile(d.all, 50).toFixed(1)} ms, p99 ${percentile(d.all, 99).toFixed(1)} ms, max ${(d.all.at(-1) ?? NaN).toFixed(1)} ms (guests p99 ${percentile(d.guests, 99).toFixed(1)}, users p99 ${percentile(d.users, 99).toFixed(1)}); ${raw ? 'publish' : 'batch'} request ${d.writeMs.toFixed(1)} ms; RSS ${d.rss.toFixed(0)} MB`;
  const laterP99 = median(later.map((d) => percentile(d.all, 99)));
  const per1k = ((rssConnected - rssIdle) / CLIENTS) * 1000;
  const rssPeak = rssMb(proc.pid, 'VmHWM');
  const who = raw
    ? `raw Bun fan-out (${half} on posts/*, ${CLIENTS - half} on notes/*, no auth or rules)`
    : `${half} guests on posts/*, ${CLIENTS - half} users on notes/* under ${NOTES_RULE}`;
  console.log(
    [
      `${transport.toUpperCase()}${raw ? ' raw' : ''}: ${CLIENTS} subscribers (${who})`,
      `  connect+subscribe all: ${(connectMs / 1000).toFixed(2)} s (${(connectMs / CLIENTS).toFixed(3)} ms/client, ${CONNECT_CONCURRENCY} at a time)`,
      `  first write: ${line(first)}`,
      ...later.map((d, i) => `  write ${i + 2}: ${line(d)}`),
      `  server RSS: idle ${rssIdle.toFixed(0)} MB, connected ${rssConnected.toFixed(0)} MB (${per1k.toFixed(1)} MB per 1,000 clients), peak ${rssPeak.toFixed(0)} MB (${peakConnecting.toFixed(0)} before the writes)`,
    ].join('\n'),
  );
  for (const s of subs) s.close();
  proc.kill('SIGTERM');
  await proc.exited;
  return { firstP99: percentile(first.all, 99), laterP99, peak: rssPeak };
}

ensureFileLimit();
const only = process.env.BENCH_TRANSPORT;
const withRaw = process.env.BENCH_RAW !== '0';
for (const t of ['sse', 'ws'] as const) {
  if (only && only !== t) continue;
  const satchel = await run(t, false);
  if (!withRaw) continue;
  const raw = await run(t, true);
  console.log(
    `${t.toUpperCase()} Satchel / raw: delivery p99 ${(satchel.laterP99 / raw.laterP99).toFixed(2)}× (median of writes 2–${WRITES}; first write ${(satchel.firstP99 / raw.firstP99).toFixed(2)}×), peak RSS ${(satchel.peak / raw.peak).toFixed(2)}× (${satchel.peak.toFixed(0)} vs ${raw.peak.toFixed(0)} MB)`,
  );
}
process.exit(0);

// Realtime fan-out at 10,000 subscribers (SSE, then WS): half guests on a public collection, half users under
// an owner-only rule; one write (one batch transaction) reaches all. Prints connect time, delivery p50/p99, RSS.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, spawnSync } from 'bun';
import { type Subscriber, sseSubscriber, wsSubscriber } from './realtime/clients.ts';
import { NOTES_RULE, seed } from './realtime/seed.ts';

const ROOT = resolve(import.meta.dir, '..');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10_000);
const CONNECT_CONCURRENCY = Number(process.env.BENCH_CONNECT_CONCURRENCY ?? 100);

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

async function startServer(dir: string) {
  const proc = spawn(
    [process.execPath, 'src/main.ts', 'serve', '--http=127.0.0.1:0', `--dir=${dir}`],
    {
      cwd: ROOT,
      stdout: 'pipe',
      stderr: 'inherit',
    },
  );
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

async function run(transport: 'sse' | 'ws') {
  const dir = join(mkdtempSync(join(tmpdir(), 'satchel-bench-rt-')), 'sb_data');
  const half = Math.floor(CLIENTS / 2);
  const seeded = await seed(dir, CLIENTS - half);
  const { proc, port } = await startServer(dir);
  const base = `http://127.0.0.1:${port}`;
  const auth = { 'content-type': 'application/json', authorization: seeded.superuserToken };
  await fetch(`${base}/api/settings`, {
    method: 'PATCH',
    headers: auth,
    body: JSON.stringify({ batch: { enabled: true, maxRequests: 50 } }),
  });
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
          : open('127.0.0.1', port, 'notes/*', seeded.users[j - half]!.token),
      );
    }
    subs.push(...(await Promise.all(batch)));
  }
  const connectMs = performance.now() - t0;
  await Bun.sleep(500);
  const rssConnected = rssMb(proc.pid);

  // One write: a batch (one transaction) creating a public post and a note shared with all users.
  const body = JSON.stringify({
    requests: [
      { method: 'POST', url: '/api/collections/posts/records', body: { title: 'hello all' } },
      {
        method: 'POST',
        url: '/api/collections/notes/records',
        body: { text: 'shared', owner: seeded.users[0]!.id, shared: true },
      },
    ],
  });
  const w0 = performance.now();
  const res = await fetch(`${base}/api/batch`, { method: 'POST', headers: auth, body });
  const writeMs = performance.now() - w0;
  if (!res.ok) console.log(`batch failed: ${res.status} ${(await res.text()).slice(0, 200)}`);
  const deadline = performance.now() + 10_000;
  while (subs.some((s) => s.receivedAt === null) && performance.now() < deadline)
    await Bun.sleep(5);
  const latencies = subs
    .filter((s) => s.receivedAt !== null)
    .map((s) => s.receivedAt! - w0)
    .sort((a, b) => a - b);
  const guestLat = subs
    .slice(0, half)
    .filter((s) => s.receivedAt !== null)
    .map((s) => s.receivedAt! - w0)
    .sort((a, b) => a - b);
  const userLat = subs
    .slice(half)
    .filter((s) => s.receivedAt !== null)
    .map((s) => s.receivedAt! - w0)
    .sort((a, b) => a - b);
  const per1k = ((rssConnected - rssIdle) / CLIENTS) * 1000;
  const rssPeak = rssMb(proc.pid, 'VmHWM');
  console.log(
    [
      `${transport.toUpperCase()}: ${CLIENTS} subscribers (${half} guests on posts/*, ${CLIENTS - half} users on notes/* under ${NOTES_RULE})`,
      `  connect+subscribe all: ${(connectMs / 1000).toFixed(2)} s (${(connectMs / CLIENTS).toFixed(3)} ms/client, ${CONNECT_CONCURRENCY} at a time)`,
      `  write (batch request round trip): ${writeMs.toFixed(1)} ms`,
      `  delivered: ${latencies.length}/${CLIENTS}; from write start p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms`,
      `    guests p50/p99 ${percentile(guestLat, 50).toFixed(1)}/${percentile(guestLat, 99).toFixed(1)} ms; users p50/p99 ${percentile(userLat, 50).toFixed(1)}/${percentile(userLat, 99).toFixed(1)} ms`,
      `  server RSS: idle ${rssIdle.toFixed(0)} MB, connected ${rssConnected.toFixed(0)} MB (${per1k.toFixed(1)} MB per 1,000 clients), peak ${rssPeak.toFixed(0)} MB`,
    ].join('\n'),
  );
  for (const s of subs) s.close();
  proc.kill('SIGTERM');
  await proc.exited;
}

ensureFileLimit();
const only = process.env.BENCH_TRANSPORT;
for (const t of ['sse', 'ws'] as const) if (!only || only === t) await run(t);
process.exit(0);

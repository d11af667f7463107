// `serve --workers=N`: view, list and create at 1 and 2 workers in one run, with server CPU per request.
// bun bench/workers.ts [seconds per phase, default 3]
import { readFileSync } from 'node:fs';
import { formatResult, type LoadResult, runLoad } from './load.ts';
import { type Satchel, startSatchel, stopAll } from './servers.ts';

const seconds = Number(process.argv[2] ?? 3);
const CONCURRENCY = 16;
const SEED = 200;
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

async function phase(server: Satchel, name: string, send: (i: number) => Promise<Response>) {
  const pid = server.proc.pid;
  const cpu0 = serverCpu(pid);
  const r: LoadResult = await runLoad(send, { concurrency: CONCURRENCY, seconds });
  const cpuMs = ((serverCpu(pid) - cpu0) * 1000) / Math.max(r.requests, 1);
  console.log(`${formatResult(name, r)}   server CPU ${cpuMs.toFixed(2)} ms/req`);
  return { ...r, cpuMs };
}

async function run(workers: number) {
  const server = await startSatchel({}, [`--workers=${workers}`]);
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
  const view = await phase(server, '  view', (i) => fetch(`${url}/${ids[i % ids.length]}`));
  const list = await phase(server, '  list (perPage=20)', () => fetch(`${url}?perPage=20`));
  const create = await phase(server, '  create', (i) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: `new ${i}`, body: 'y'.repeat(200), views: i }),
    }),
  );
  const delivery = await realtimeDelivery(server);
  await stopAll(server);
  return { view, list, create, delivery };
}

/**
 * Realtime delivery: 20 SSE subscribers (spread over the workers by the kernel), then 200 creates
 * one after another; the time from sending each create to its event at every subscriber (the
 * create's own time included: an event may arrive before the create's response).
 */
async function realtimeDelivery(server: Satchel): Promise<{ p50: number; p99: number }> {
  const url = `${server.url}/api/collections/posts/records`;
  const arrivals: { id: string; at: number }[] = [];
  const subscribers = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const res = await fetch(`${server.url}/api/realtime`, { headers: { connection: 'close' } });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      let clientId = '';
      const ready = Promise.withResolvers<void>();
      void (async () => {
        for (;;) {
          const { value, done } = await reader
            .read()
            .catch(() => ({ value: undefined, done: true }));
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /^data:(.*)$/m.exec(frame)?.[1] ?? '{}';
            if (frame.includes('event:PB_CONNECT')) {
              clientId = (JSON.parse(data) as { clientId: string }).clientId;
              ready.resolve();
            } else {
              const id = (JSON.parse(data) as { record: { id: string } }).record.id;
              arrivals.push({ id, at: performance.now() });
            }
          }
        }
      })();
      await ready.promise;
      const sub = await fetch(`${server.url}/api/realtime`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({ clientId, subscriptions: ['posts'] }),
      });
      if (sub.status !== 204) throw new Error(`subscribe failed: ${sub.status}`);
      return reader;
    }),
  );
  const sent = new Map<string, number>();
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: `rt ${i}`, body: 'z', views: i }),
    });
    sent.set(((await res.json()) as { id: string }).id, t0);
  }
  const expected = 200 * subscribers.length;
  const deadline = performance.now() + 10_000;
  while (arrivals.length < expected && performance.now() < deadline) await Bun.sleep(10);
  for (const r of subscribers) await r.cancel().catch(() => {});
  const latencies = arrivals
    .filter((a) => sent.has(a.id))
    .map((a) => a.at - sent.get(a.id)!)
    .sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  const result = { p50: Number(at(0.5).toFixed(2)), p99: Number(at(0.99).toFixed(2)) };
  console.log(
    `  realtime delivery (20 subscribers)  p50 ${result.p50} ms   p99 ${result.p99} ms   (${latencies.length}/${expected} events)`,
  );
  return result;
}

const one = await run(1);
const two = await run(2);
const ratio = (a: LoadResult, b: LoadResult) => (b.rps / Math.max(a.rps, 1)).toFixed(2);
console.log(
  `2 workers / 1 worker: view ${ratio(one.view, two.view)}×, list ${ratio(one.list, two.list)}×, ` +
    `create ${ratio(one.create, two.create)}× (errors at 2 workers: ${two.view.errors + two.list.errors + two.create.errors})`,
);

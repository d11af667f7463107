// What request logging costs: record view and a hooks-file route with `settings.logs` on and off in
// the same Satchel process (toggled between phases, rounds alternate), beside raw Bun.serve.
// Issue 15's target: logs on ≥ 0.9× logs off on the view benchmark.
import { formatResult, type LoadResult, runLoad } from './load.ts';
import { startRaw, startSatchel, stopAll } from './servers.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const HOOKS = `import { routerAdd } from 'satchel';
routerAdd('GET', '/api/hello/{name}', (e) => e.json(200, { message: 'Hello ' + e.params.name + '!' }));
`;

const satchel = await startSatchel({ 'bench.ts': HOOKS });
const raw = await startRaw();
try {
  const json = { 'content-type': 'application/json', authorization: satchel.token };
  const setLogs = async (on: boolean) => {
    const res = await fetch(`${satchel.url}/api/settings`, {
      method: 'PATCH',
      headers: json,
      body: JSON.stringify({ logs: { maxDays: on ? 7 : 0 } }),
    });
    if (!res.ok) throw new Error(await res.text());
  };
  const seed = async (url: string) => {
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${url}/api/collections/posts/records`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ title: `post ${i}`, body: 'lorem ipsum', views: i }),
      });
      ids.push(((await res.json()) as { id: string }).id);
    }
    return ids;
  };
  const ids = await seed(satchel.url);
  const rawIds = await seed(raw.url);
  const opts = { concurrency: CONCURRENCY, seconds: SECONDS };
  const view = (url: string, keys: string[]) => () =>
    runLoad((i) => fetch(`${url}/api/collections/posts/records/${keys[i % keys.length]}`), opts);
  const hello = () => runLoad((i) => fetch(`${satchel.url}/api/hello/n${i % 100}`), opts);
  await runLoad((i) => fetch(`${satchel.url}/api/hello/w${i}`), { ...opts, seconds: 1 }); // warm-up
  const phases: [string, boolean | null, () => Promise<LoadResult>][] = [
    ['raw Bun.serve: view', null, view(raw.url, rawIds)],
    ['satchel view, logs off', false, view(satchel.url, ids)],
    ['satchel view, logs on', true, view(satchel.url, ids)],
    ['satchel hello, logs off', false, hello],
    ['satchel hello, logs on', true, hello],
  ];
  const results = new Map<string, LoadResult[]>(phases.map(([n]) => [n, []]));
  console.log(`logs bench: ${CONCURRENCY} connections, ${SECONDS}s per phase, ${ROUNDS} rounds\n`);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order of on/off each round, so drift hits both alike.
    const order = round % 2 === 0 ? phases : [...phases].reverse();
    for (const [name, logs, run] of order) {
      if (logs !== null) await setLogs(logs);
      results.get(name)!.push(await run());
    }
  }
  const median = (name: string) => {
    const sorted = [...results.get(name)!].sort((a, b) => a.rps - b.rps);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  for (const [name] of phases) console.log(formatResult(name, median(name)));
  const ratios = (on: string, off: string) =>
    results
      .get(on)!
      .map((r, i) => (r.rps / results.get(off)![i]!.rps).toFixed(2))
      .join(' ');
  console.log(
    `\nview logs on / off, per round: ${ratios('satchel view, logs on', 'satchel view, logs off')}` +
      `\nhello logs on / off, per round: ${ratios('satchel hello, logs on', 'satchel hello, logs off')}`,
  );
} finally {
  await stopAll(satchel, raw);
}

// Record create and view throughput: Satchel (real server, SDK-shaped requests) beside a raw
// Bun.serve + bun:sqlite server doing the same work, in the same run. Prints req/s, p50, p99.
import { formatResult, runLoad } from './load.ts';
import { startRaw, startSatchel, stopAll } from './servers.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

const postBody = (i: number) =>
  JSON.stringify({ title: `post ${i}`, body: 'lorem ipsum dolor sit amet '.repeat(4), views: i });

async function benchTarget(name: string, url: string, headers: Record<string, string>) {
  const json = { 'content-type': 'application/json', ...headers };
  const ids: string[] = [];
  const create = await runLoad(
    async (i) => {
      const res = await fetch(`${url}/api/collections/posts/records`, {
        method: 'POST',
        headers: json,
        body: postBody(i),
      });
      if (res.ok) ids.push(((await res.clone().json()) as { id: string }).id);
      return res;
    },
    { concurrency: CONCURRENCY, seconds: SECONDS },
  );
  console.log(formatResult(`${name}: create`, create));
  const view = await runLoad(
    (i) => fetch(`${url}/api/collections/posts/records/${ids[i % ids.length]}`, { headers }),
    { concurrency: CONCURRENCY, seconds: SECONDS },
  );
  console.log(formatResult(`${name}: view`, view));
}

const satchel = await startSatchel();
const raw = await startRaw();
console.log(
  `records bench: ${CONCURRENCY} connections, ${SECONDS}s per phase, ${navigator.hardwareConcurrency} cores\n`,
);
await benchTarget('raw Bun.serve + bun:sqlite', raw.url, {});
await benchTarget('satchel (guest, rules "")', satchel.url, {});
await benchTarget('satchel (superuser token)', satchel.url, { authorization: satchel.token });
await stopAll(satchel, raw);

// Record create and view throughput: Satchel (real server, real SDK-shaped requests) beside a raw
// Bun.serve + bun:sqlite server doing the same work, in the same run. Prints req/s, p50, p99.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'bun';
import { formatResult, runLoad } from './load.ts';

const ROOT = resolve(import.meta.dir, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

async function startProcess(args: string[], pattern: RegExp) {
  const proc = spawn(args, { cwd: ROOT, stdout: 'pipe', stderr: 'inherit' });
  const reader = proc.stdout.getReader();
  let text = '';
  while (!pattern.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`process exited early: ${text}`);
    text += new TextDecoder().decode(value);
  }
  return { proc, url: pattern.exec(text)![0] };
}

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
      if (res.ok) {
        const rec = (await res.clone().json()) as { id: string };
        ids.push(rec.id);
      }
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

const dir = mkdtempSync(join(tmpdir(), 'satchel-bench-'));
const bun = process.execPath;

// Satchel, as a user runs it.
const satchelDir = join(dir, 'sb_data');
const su = spawn(
  [
    bun,
    'src/main.ts',
    'superuser',
    'upsert',
    'bench@example.com',
    'bench-password',
    `--dir=${satchelDir}`,
  ],
  { cwd: ROOT },
);
await su.exited;
const satchel = await startProcess(
  [bun, 'src/main.ts', 'serve', '--http=127.0.0.1:0', `--dir=${satchelDir}`],
  /http:\/\/127\.0\.0\.1:\d+/,
);
const auth = (await (
  await fetch(`${satchel.url}/api/collections/_superusers/auth-with-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: 'bench@example.com', password: 'bench-password' }),
  })
).json()) as { token: string };
const created = await fetch(`${satchel.url}/api/collections`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: auth.token },
  body: JSON.stringify({
    name: 'posts',
    type: 'base',
    createRule: '',
    viewRule: '',
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'body', type: 'text' },
      { name: 'views', type: 'number' },
      { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
      { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
    ],
  }),
});
if (!created.ok) throw new Error(`creating the bench collection failed: ${await created.text()}`);

// The baseline.
const raw = await startProcess([bun, 'bench/raw-server.ts', dir], /http:\/\/127\.0\.0\.1:\d+/);

console.log(
  `records bench: ${CONCURRENCY} connections, ${SECONDS}s per phase, ${navigator.hardwareConcurrency} cores\n`,
);
await benchTarget('raw Bun.serve + bun:sqlite', raw.url, {});
await benchTarget('satchel (guest, rules "")', satchel.url, {});
await benchTarget('satchel (superuser token)', satchel.url, { authorization: auth.token });

satchel.proc.kill('SIGTERM');
raw.proc.kill('SIGTERM');
await Promise.all([satchel.proc.exited, raw.proc.exited]);

// A pb_hooks route (`GET /api/hello/{name}` answering JSON): Satchel's runtime beside the same route
// written natively in Satchel and, when the reference binary is there, PocketBase's JSVM running
// the same file. Prints req/s, p50, p99. `BENCH_POCKETBASE` points at another binary.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Subprocess, spawn } from 'bun';
import { formatResult, runLoad } from './load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const POCKETBASE = process.env.BENCH_POCKETBASE ?? '/work/.cache/pocketbase/pocketbase';
const HOOKS = join(import.meta.dir, 'pb-hooks');

/** Starts `args` and resolves with the first loopback URL it prints (on stdout or stderr). */
async function start(args: string[]): Promise<{ proc: Subprocess; url: string }> {
  const proc = spawn(args, { stdout: 'pipe', stderr: 'pipe' });
  const pattern = /http:\/\/127\.0\.0\.1:\d+/;
  let text = '';
  let found: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    found = resolve;
  });
  // Read both streams to the end: a server blocked on a full pipe would stall mid-bench.
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const reader = stream.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += new TextDecoder().decode(value);
      if (pattern.test(text)) found();
    }
  };
  void drain(proc.stdout);
  void drain(proc.stderr);
  await Promise.race([started, Bun.sleep(20_000)]);
  if (!pattern.test(text)) {
    proc.kill();
    throw new Error(`server did not start: ${text}`);
  }
  return { proc, url: pattern.exec(text)![0] };
}

async function bench(name: string, url: string) {
  const r = await runLoad(() => fetch(url), {
    concurrency: CONCURRENCY,
    seconds: SECONDS,
  });
  console.log(formatResult(name, r));
  return r.rps;
}

console.log(
  `pb_hooks route bench: ${CONCURRENCY} connections, ${SECONDS}s each, ${navigator.hardwareConcurrency} cores\n`,
);
const satchel = await start([process.execPath, join(HOOKS, 'server.ts')]);
let pb: { proc: Subprocess; url: string } | null = null;
const pbDir = mkdtempSync(join(tmpdir(), 'pb-bench-pbhooks-'));
try {
  const native = await bench('Satchel native route', `${satchel.url}/api/native/bob`);
  const hooks = await bench('Satchel pb_hooks route', `${satchel.url}/api/hello/bob`);
  console.log(`  pb_hooks / native: ${(hooks / native).toFixed(2)}×`);
  if (existsSync(POCKETBASE)) {
    const port = 19000 + Math.floor(Math.random() * 500);
    pb = await start([
      POCKETBASE,
      'serve',
      `--dir=${join(pbDir, 'pb_data')}`,
      `--hooksDir=${HOOKS}`,
      '--hooksWatch=false',
      `--http=127.0.0.1:${port}`,
    ]);
    const jsvm = await bench('PocketBase JSVM route', `${pb.url}/api/hello/bob`);
    console.log(`  Satchel pb_hooks / PocketBase JSVM: ${(hooks / jsvm).toFixed(2)}×`);
  } else {
    console.log(`(no PocketBase binary at ${POCKETBASE}: JSVM comparison skipped)`);
  }
} finally {
  satchel.proc.kill();
  pb?.proc.kill();
  rmSync(pbDir, { recursive: true, force: true });
}

// wrk as the load generator where it is installed (Debian's `wrk`): a C client on one thread leaves
// most of a core to the server, where Bun's fetch loop (load.ts) takes about as much CPU as it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadResult } from './load.ts';

/** Whether `wrk` is on PATH (BENCH_LOAD=fetch turns it off). */
export function wrkAvailable(): boolean {
  return process.env.BENCH_LOAD !== 'fetch' && Bun.which('wrk') !== null;
}

/** Microseconds, milliseconds or seconds as wrk prints them ("812.00us", "1.20ms", "1.01s"), in ms. */
function ms(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

/**
 * Sends `method` (GET by default; `body` for a write) with `headers` to `paths` (round-robin,
 * relative to `base`) on `connections` connections for `seconds` (whole seconds: wrk takes no
 * fractions).
 * Latency percentiles are wrk's (coordinated-omission uncorrected, as load.ts's).
 */
export function runWrk(
  base: string,
  paths: string[],
  {
    connections = 32,
    seconds = 5,
    threads = 1,
    method = 'GET',
    body = '',
    contentType = 'application/json',
    headers = {} as Record<string, string>,
  } = {},
): LoadResult {
  const dir = mkdtempSync(join(tmpdir(), 'satchel-wrk-'));
  try {
    const script = join(dir, 'paths.lua');
    writeFileSync(
      script,
      `local paths = {${paths.map((p) => JSON.stringify(p)).join(',')}}
local i = 0
local method = ${JSON.stringify(method)}
local body = ${body ? JSON.stringify(body) : 'nil'}
local headers = {${Object.entries({ ...headers, ...(body ? { 'Content-Type': contentType } : {}) })
        .map(([k, v]) => `[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)
        .join(', ')}}
request = function()
  i = i + 1
  return wrk.format(method, paths[(i % #paths) + 1], headers, body)
end
`,
    );
    const out = Bun.spawnSync(
      [
        'wrk',
        `-t${threads}`,
        `-c${connections}`,
        `-d${Math.max(1, Math.round(seconds))}s`,
        '--latency',
        '-s',
        script,
        base,
      ],
      { stdout: 'pipe', stderr: 'pipe' },
    );
    const text = out.stdout.toString();
    const requests = Number(/(\d+) requests in/.exec(text)?.[1] ?? 0);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? 0);
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
    const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
      text,
    );
    const socketErrors = socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
    if (!requests) throw new Error(`wrk gave no result: ${text}${out.stderr.toString()}`);
    return {
      requests,
      errors: non2xx + socketErrors,
      rps: Math.round(rps),
      p50: ms(/ 50%\s+(\S+)/.exec(text)?.[1] ?? ''),
      p99: ms(/ 99%\s+(\S+)/.exec(text)?.[1] ?? ''),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

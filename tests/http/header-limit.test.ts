// The request-header limit: PocketBase's 1 MiB, set by Bun's flag where Satchel is started with it
// (the binary, `npm start`, `npm run dev`) and through node:http otherwise.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { spawn } from 'bun';
import pkg from '../../package.json' with { type: 'json' };
import { MAX_HEADER_BYTES, MAX_HEADER_FLAG } from '../../src/http/header-limit.ts';
import { ROOT } from '../support/process.ts';
import { startServer, type TestServer, tempDir } from '../support/server.ts';
import { within } from '../support/wait.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ sqliteOnly: true });
});
afterAll(() => server.stop());

/** GET /api/health with one header of `bytes` bytes. */
const withHeader = (url: string, bytes: number) =>
  fetch(`${url}/api/health`, { headers: { 'x-big': 'a'.repeat(bytes) } });

test('npm start and npm run dev pass the flag, so the limit is the same without loading node:http', () => {
  for (const script of [pkg.scripts.start, pkg.scripts.dev]) {
    expect(script).toContain(`${MAX_HEADER_FLAG} src/main.ts serve`);
  }
});

test('without the flag (a library app, `bun src/main.ts`): 100 KB of headers pass, above 1 MiB is 431', async () => {
  expect((await withHeader(server.url, 100_000)).status).toBe(200);
  expect((await withHeader(server.url, MAX_HEADER_BYTES + 1024)).status).toBe(431);
});

test('with the flag (npm start): the same', async () => {
  const proc = spawn(
    [
      process.execPath,
      MAX_HEADER_FLAG,
      join(ROOT, 'src/main.ts'),
      'serve',
      '--http=127.0.0.1:0',
      `--dir=${join(tempDir(), 'sb_data')}`,
    ],
    { cwd: ROOT, stdout: 'pipe', stderr: 'inherit', stdin: 'ignore' },
  );
  try {
    const reader = proc.stdout.getReader();
    const decoder = new TextDecoder();
    let out = '';
    const url = await within(
      'the server to print its address',
      (async () => {
        for (;;) {
          const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
          if (m) return m[0];
          const r = await reader.read();
          if (r.done) throw new Error(`serve exited: ${out}`);
          out += decoder.decode(r.value);
        }
      })(),
    );
    expect((await withHeader(url, 100_000)).status).toBe(200);
    expect((await withHeader(url, MAX_HEADER_BYTES + 1024)).status).toBe(431);
  } finally {
    proc.kill('SIGTERM');
    await proc.exited;
  }
});

// A replacement worker that fails to start: the supervisor keeps serving with the live ones and retries with backoff.
import { afterAll, describe, expect, test } from 'bun:test';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawn } from 'bun';
import { tempDir } from '../support/server.ts';
import { waitFor, within } from '../support/wait.ts';

const marker = join(tempDir(), 'fail-workers');
let stdout = '';
let stderr = '';
const proc = spawn([process.execPath, resolve(import.meta.dir, 'flaky-harness.ts'), '2'], {
  stdin: 'ignore',
  stdout: 'pipe',
  stderr: 'pipe',
  env: { ...process.env, FLAKY_MARKER: marker },
});
const read = async (stream: ReadableStream<Uint8Array>, add: (text: string) => void) => {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    add(decoder.decode(value, { stream: true }));
  }
};
const outDone = read(proc.stdout, (t) => {
  stdout += t;
});
void read(proc.stderr, (t) => {
  stderr += t;
});

afterAll(async () => {
  if (proc.exitCode === null) proc.kill('SIGTERM');
  await within('the supervisor to exit', proc.exited);
});

/** Pids of worker `index` in start order, from its `started <index> <pid>` lines. */
const startedPids = (index: number) =>
  [...stdout.matchAll(/^started (\d+) (\d+)$/gm)]
    .filter((m) => Number(m[1]) === index)
    .map((m) => Number(m[2]));

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('supervisor replacing a worker that cannot start', () => {
  test('keeps serving with the live worker, logs why, retries with growing pauses until one starts', async () => {
    await waitFor('both workers listening', () => stdout.includes('listening 4321'));
    const [first] = startedPids(1);
    const [zero] = startedPids(0);
    writeFileSync(marker, '');
    process.kill(first!, 'SIGKILL');
    await waitFor(
      'two failed starts',
      () => (stderr.match(/worker 1 failed to start/g) ?? []).length >= 2,
      { timeout: 20_000 },
    );
    // Why, and that the server goes on with one worker; the pauses grow.
    expect(stderr).toContain(
      'worker 1 failed to start (exited with 3 before listening); serving with 1 worker(s)',
    );
    const pauses = [...stderr.matchAll(/retrying in ([\d.]+) s/g)].map((m) => Number(m[1]));
    expect(pauses[1]!).toBeGreaterThan(pauses[0]!);
    expect(proc.exitCode).toBeNull();
    expect(isAlive(zero!)).toBe(true);
    expect(stdout).not.toContain('exit ');

    rmSync(marker);
    const replacement = await waitFor(
      'a replacement that starts',
      () => startedPids(1).find((pid) => pid !== first && isAlive(pid)),
      { timeout: 40_000 },
    );
    expect(replacement).not.toBe(first);
    // SIGTERM still drains the whole group: exit 0.
    proc.kill('SIGTERM');
    expect(await within('the supervisor to exit', proc.exited)).toBe(0);
    await outDone;
    expect(stdout).toContain('exit 0');
  }, 90_000);
});

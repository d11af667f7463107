// Runs the compiled binary the way a user does: copied nowhere, started from an empty working dir,
// data in a temp dir. Only used when SATCHEL_BINARY points at a build (see .ci/run).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Subprocess, spawn } from 'bun';
import PocketBase from 'pocketbase';

export const BINARY = process.env.SATCHEL_BINARY ? resolve(process.env.SATCHEL_BINARY) : '';

/** Empty dirs the binary runs in: `cwd` must stay empty (it writes only to its data dir and $TMPDIR). */
export function emptyDirs(): { cwd: string; data: string; tmp: string; base: string } {
  const base = mkdtempSync(join(tmpdir(), 'satchel-bin-'));
  const cwd = join(base, 'cwd');
  const tmp = join(base, 'tmp');
  for (const d of [cwd, tmp]) mkdirSync(d);
  return { base, cwd, data: join(base, 'data'), tmp };
}

/** Runs a one-shot binary command and collects its output. */
export async function runBinary(
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = spawn([BINARY, ...args], {
    cwd,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { PATH: '/usr/bin:/bin' },
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

export interface BinaryServer {
  proc: Subprocess<'ignore', 'pipe', 'pipe'>;
  url: string;
  client(): PocketBase;
  stop(): Promise<number>;
}

/** `satchel serve` on a free loopback port (plus `args`); resolves once it printed its address. */
export async function serveBinary(
  dataDir: string,
  cwd: string,
  tmp: string,
  args: string[] = [],
): Promise<BinaryServer> {
  const proc = spawn([BINARY, 'serve', '--http=127.0.0.1:0', `--dir=${dataDir}`, ...args], {
    cwd,
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
    env: { PATH: '/usr/bin:/bin', TMPDIR: tmp },
  });
  const reader = proc.stdout.getReader();
  const pattern = /http:\/\/127\.0\.0\.1:\d+/;
  let text = '';
  while (!pattern.test(text)) {
    const { value, done } = await reader.read();
    if (done)
      throw new Error(`binary exited early: ${text}\n${await new Response(proc.stderr).text()}`);
    text += new TextDecoder().decode(value);
  }
  void (async () => {
    while (!(await reader.read()).done) {}
  })();
  const url = pattern.exec(text)![0];
  return {
    proc,
    url,
    client() {
      const pb = new PocketBase(url);
      pb.autoCancellation(false);
      return pb;
    },
    async stop() {
      proc.kill('SIGTERM');
      return proc.exited;
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

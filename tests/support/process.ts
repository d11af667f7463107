// Runs the CLI as a real subprocess, the way a user (or the binary) runs it.

import { resolve } from 'node:path';
import { type Subprocess, spawn } from 'bun';
import { waitFor, within } from './wait.ts';

export const ROOT = resolve(import.meta.dir, '../..');

/** Runs `src/main.ts ARGS` to its end (bounded: a CLI command that hangs fails the test). */
export async function runCli(
  args: string[],
  { cwd = ROOT }: { cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = spawn([process.execPath, resolve(ROOT, 'src/main.ts'), ...args], {
    cwd,
    // Bun.spawn's default env is the environment at startup; a test's process.env changes go too.
    env: { ...process.env },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [stdout, stderr, code] = await within(
    `satchel ${args.join(' ')} to exit`,
    Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]),
    { timeout: 30_000 },
  ).finally(() => proc.kill());
  return { code, stdout, stderr };
}

export interface ServeProcess {
  proc: Subprocess<'ignore', 'pipe', 'pipe'>;
  url: string;
  /** Everything printed so far on stdout. */
  output(): string;
  /** Everything printed so far on stderr. */
  errors(): string;
  /** Resolves once stderr has ended (the process has exited and all it wrote was read). */
  stderrClosed: Promise<void>;
}

/** Appends everything `stream` yields to `sink`; resolves when it ends. */
async function drain(stream: ReadableStream<Uint8Array>, sink: (text: string) => void) {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    sink(decoder.decode(value, { stream: true }));
  }
}

/**
 * Starts `serve` on a free port and resolves once it printed its address (bounded). `started`
 * matches the address in the banner (`https://…` for HTTPS); `env` replaces the child's environment.
 */
export async function spawnServe(
  dir: string,
  extra: string[] = [],
  args: string[] = ['--http=127.0.0.1:0'],
  {
    started: pattern = /http:\/\/127\.0\.0\.1:\d+/,
    env,
  }: { started?: RegExp; env?: Record<string, string | undefined> } = {},
): Promise<ServeProcess> {
  const proc = spawn(
    [process.execPath, resolve(ROOT, 'src/main.ts'), 'serve', ...args, `--dir=${dir}`, ...extra],
    { cwd: ROOT, stdout: 'pipe', stderr: 'pipe', stdin: 'ignore', env: env ?? { ...process.env } },
  );
  let out = '';
  let err = '';
  // Keep draining both pipes so the child never blocks on a full one.
  const stdoutDone = drain(proc.stdout, (t) => {
    out += t;
  });
  const stderrClosed = drain(proc.stderr, (t) => {
    err += t;
  });
  let exited = false;
  void stdoutDone.then(() => {
    exited = true;
  });
  const started = () => {
    if (pattern.test(out)) return true;
    if (exited) throw new Error(`serve exited early: ${out}\n${err}`);
    return false;
  };
  await waitFor('serve to print its address', started, { timeout: 30_000 }).catch((e) => {
    proc.kill('SIGKILL');
    throw e;
  });
  return {
    proc,
    url: pattern.exec(out)![0],
    output: () => out,
    errors: () => err,
    stderrClosed,
  };
}

// Runs the CLI as a real subprocess, the way a user (or the binary) runs it.

import { resolve } from 'node:path';
import { type Subprocess, spawn } from 'bun';

export const ROOT = resolve(import.meta.dir, '../..');

export async function runCli(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = spawn([process.execPath, 'src/main.ts', ...args], {
    cwd: ROOT,
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

export interface ServeProcess {
  proc: Subprocess<'ignore', 'pipe', 'pipe'>;
  url: string;
  /** Everything printed so far on stdout. */
  output(): string;
}

/** Starts `serve` on a free port and resolves once it printed its address. */
export async function spawnServe(dir: string, extra: string[] = []): Promise<ServeProcess> {
  const proc = spawn(
    [process.execPath, 'src/main.ts', 'serve', '--http=127.0.0.1:0', `--dir=${dir}`, ...extra],
    { cwd: ROOT, stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' },
  );
  let text = '';
  const reader = proc.stdout.getReader();
  const pattern = /http:\/\/127\.0\.0\.1:\d+/;
  while (!pattern.test(text)) {
    const { value, done } = await reader.read();
    if (done) {
      const err = await new Response(proc.stderr).text();
      throw new Error(`serve exited early: ${text}\n${err}`);
    }
    text += new TextDecoder().decode(value);
  }
  // Keep draining stdout so the child never blocks on a full pipe.
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += new TextDecoder().decode(value);
    }
  })();
  return { proc, url: pattern.exec(text)![0], output: () => text };
}

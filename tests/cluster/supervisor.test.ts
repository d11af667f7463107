// The supervisor over fake workers: one leader at a time, a new one when it dies, the dead replaced, SIGTERM drains.
import { afterEach, describe, expect, test } from 'bun:test';
import { resolve } from 'node:path';
import { type Subprocess, spawn } from 'bun';
import { waitFor, within } from '../support/wait.ts';

interface Harness {
  proc: Subprocess<'ignore', 'pipe', 'inherit'>;
  lines: () => string[];
  /** Resolves once stdout has ended (everything printed was read). */
  closed: Promise<void>;
}

let running: Harness | null = null;

function start(workers: number): Harness {
  const proc = spawn(
    [process.execPath, resolve(import.meta.dir, 'supervise-harness.ts'), String(workers)],
    {
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'inherit',
    },
  );
  let out = '';
  const closed = (async () => {
    const decoder = new TextDecoder();
    const reader = proc.stdout.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      out += decoder.decode(value, { stream: true });
    }
  })();
  running = { proc, lines: () => out.split('\n').filter(Boolean), closed };
  return running;
}

/** Leadership now: the last `leader <index> <pid> <bool>` line of every pid still leading. */
function leaders(h: Harness): number[] {
  const state = new Map<number, boolean>();
  for (const line of h.lines()) {
    const m = /^leader \d+ (\d+) (true|false)$/.exec(line);
    if (m) state.set(Number(m[1]), m[2] === 'true');
  }
  return [...state].filter(([, is]) => is).map(([pid]) => pid);
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterEach(async () => {
  if (running && running.proc.exitCode === null) {
    running.proc.kill('SIGTERM');
    await running.proc.exited;
  }
  running = null;
});

describe('supervisor', () => {
  test('starts N workers, names exactly one leader, and another when the leader dies', async () => {
    const h = start(3);
    await waitFor('all workers listening', () => h.lines().includes('listening 4321'));
    await waitFor('a leader', () => leaders(h).length === 1);
    const first = leaders(h)[0]!;
    process.kill(first, 'SIGKILL');
    await waitFor('a new leader', () => {
      const now = leaders(h).filter(isAlive);
      return now.length === 1 && now[0] !== first;
    });
    expect(leaders(h).filter(isAlive)).toHaveLength(1);
    // The dead worker was replaced: 4 distinct workers started, 3 alive.
    await waitFor('a replacement worker', () => {
      const pids = Bun.spawnSync(['pgrep', '-P', String(h.proc.pid)]).stdout.toString();
      return pids.split('\n').filter(Boolean).length === 3 && !pids.includes(String(first));
    });
  });

  test('SIGTERM reaches every worker and the supervisor exits 0 after they did', async () => {
    const h = start(2);
    await waitFor('all workers listening', () => h.lines().includes('listening 4321'));
    h.proc.kill('SIGTERM');
    expect(await within('the supervisor to exit', h.proc.exited)).toBe(0);
    await within('its output to end', h.closed);
    expect(h.lines().filter((l) => l.startsWith('drained'))).toHaveLength(2);
    expect(h.lines().at(-1)).toBe('exit 0');
  });
});

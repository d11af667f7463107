// A server process's CPU time from /proc, and a wait until it has gone quiet: a phase that follows
// request logging must not pay for the log writer catching up on the phase before it.
import { readFileSync } from 'node:fs';

/** User + system CPU in µs from a /proc stat file (clock ticks of 10 ms, USER_HZ 100). */
function statMicros(path: string): number {
  const stat = readFileSync(path, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1e6) / 100;
}

/** The process's CPU so far, µs: its main (event loop) thread's and all its threads' together. */
export function cpuMicros(pid: number): { main: number; all: number } {
  return {
    main: statMicros(`/proc/${pid}/task/${pid}/stat`),
    all: statMicros(`/proc/${pid}/stat`),
  };
}

/**
 * Resolves once the process used at most one clock tick in a 200 ms window (its log writer done,
 * its GC settled), or after `maxMs` regardless.
 */
export async function untilQuiet(pid: number, maxMs = 15_000): Promise<void> {
  const end = performance.now() + maxMs;
  let last = cpuMicros(pid).all;
  while (performance.now() < end) {
    await Bun.sleep(200);
    const now = cpuMicros(pid).all;
    if (now - last <= 10_000) return;
    last = now;
  }
}

// Preloaded into the server under bench (`bun --preload`): a timer that records how late it fires, so
// a task that blocks the event loop shows up as its delay. Lines `<epoch ms> <late ms> <own ms>` go
// to BENCH_LOOP_LOG for every delay of 5 ms or more. On a shared machine (2 cores, other jobs) part
// of a delay is the loop's thread waiting for a core; `own` leaves that out (the thread's run-queue
// wait from its schedstat, Linux; -1 elsewhere): what its own tasks took, on CPU or in syscalls.
import { appendFileSync, openSync, readSync } from 'node:fs';

const log = process.env.BENCH_LOOP_LOG;
const EVERY_MS = 2;

/** ms the main thread has waited on a run queue so far (/proc/…/schedstat: run ns, wait ns, …). */
function runQueueWait(): () => number {
  let fd: number;
  try {
    fd = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
  } catch {
    return () => Number.NaN;
  }
  const buf = Buffer.alloc(64);
  return () => {
    const n = readSync(fd, buf, 0, buf.length, 0);
    return Number(buf.toString('latin1', 0, n).split(' ')[1]) / 1e6;
  };
}

if (log) {
  const waited = runQueueWait();
  let last = performance.now();
  let lastWait = waited();
  setInterval(() => {
    const now = performance.now();
    const wait = waited();
    const late = now - last - EVERY_MS;
    const own = Number.isNaN(wait) ? -1 : Math.max(0, late - (wait - lastWait));
    last = now;
    lastWait = wait;
    if (late >= 5) appendFileSync(log, `${Date.now()} ${late.toFixed(1)} ${own.toFixed(1)}\n`);
  }, EVERY_MS).unref();
}

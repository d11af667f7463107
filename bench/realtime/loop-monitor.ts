// Preloaded into the server under bench (`bun --preload`): a timer that records how late it fires, so
// a task that blocks the event loop shows up as its delay. Lines `<epoch ms> <late ms>` go to
// BENCH_LOOP_LOG for every delay of 5 ms or more.
import { appendFileSync } from 'node:fs';

const log = process.env.BENCH_LOOP_LOG;
const EVERY_MS = 2;
if (log) {
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const late = now - last - EVERY_MS;
    last = now;
    if (late >= 5) appendFileSync(log, `${Date.now()} ${late.toFixed(1)}\n`);
  }, EVERY_MS).unref();
}

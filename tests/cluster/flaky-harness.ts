// Runs the supervisor over tests/cluster/flaky-worker.ts: `bun flaky-harness.ts N` (FLAKY_MARKER in the env).
import { resolve } from 'node:path';
import { superviseWorkers } from '../../src/cluster/supervisor.ts';

const code = await superviseWorkers({
  workers: Number(process.argv[2] ?? 2),
  argv: [process.execPath, resolve(import.meta.dir, 'flaky-worker.ts')],
  port: 0,
  onListening: (port) => console.log(`listening ${port}`),
  drainMs: 5_000,
});
console.log(`exit ${code}`);
process.exit(code);

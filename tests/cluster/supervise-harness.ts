// Runs the supervisor over fake workers (tests/cluster/fake-worker.ts): `bun supervise-harness.ts N`.
import { resolve } from 'node:path';
import { superviseWorkers } from '../../src/cluster/supervisor.ts';

const code = await superviseWorkers({
  workers: Number(process.argv[2] ?? 2),
  argv: [process.execPath, resolve(import.meta.dir, 'fake-worker.ts')],
  port: 0,
  onListening: (port) => console.log(`listening ${port}`),
  drainMs: 5_000,
});
console.log(`exit ${code}`);
process.exit(code);

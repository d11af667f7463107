// A fake worker that fails to start while the file named by FLAKY_MARKER exists (its index 0 always starts).
import { existsSync } from 'node:fs';
import { WORKER_ENV, WorkerLink } from '../../src/cluster/worker-link.ts';

const index = Number(process.env[WORKER_ENV]);
const marker = process.env.FLAKY_MARKER ?? '';
if (index !== 0 && marker && existsSync(marker)) {
  console.error(`flaky ${index}: the marker is there, failing`);
  process.exit(3);
}
const link = new WorkerLink(index);
console.log(`started ${index} ${process.pid}`);
process.on('SIGTERM', () => link.close());
link.ready(4321);

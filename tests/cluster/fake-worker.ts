// A worker for the supervisor's tests: no server, it reports ready and prints its leadership changes.
import { WORKER_ENV, WorkerLink } from '../../src/cluster/worker-link.ts';

const link = new WorkerLink(Number(process.env[WORKER_ENV]));
link.onChange((isLeader) => console.log(`leader ${link.index} ${process.pid} ${isLeader}`));
process.on('SIGTERM', () => {
  console.log(`drained ${link.index} ${process.pid}`);
  link.close();
});
link.ready(4321);

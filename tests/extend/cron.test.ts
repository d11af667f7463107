// cronAdd/cronRemove from a hooks file share the scheduler behind /api/crons: listed, run on demand, removed on reload.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../support/wait.ts';
import { type HooksServer, hooksLayout, startWithHooks } from './support.ts';

const JOBS = `import { cronAdd, cronRemove, routerAdd } from 'satchel';
let runs = 0;
cronAdd('nightly', '0 3 * * *', async () => { runs++; });
cronAdd('gone', '*/5 * * * *', () => {});
cronRemove('gone');
routerAdd('GET', '/api/runs', () => ({ runs }));
`;

let server: HooksServer;
let layout: ReturnType<typeof hooksLayout>;
let auth: { headers: { authorization: string } };
beforeAll(async () => {
  layout = hooksLayout({ 'jobs.ts': JOBS });
  server = await startWithHooks(layout, true);
  auth = { headers: { authorization: (await server.superuser()).authStore.token } };
});
afterAll(() => server.stop());

const jobIds = async () =>
  ((await (await server.fetch('/api/crons', auth)).json()) as { id: string }[]).map((j) => j.id);

test('a cron job added by a hooks file is listed and runs through POST /api/crons/{id}', async () => {
  const list = (await (await server.fetch('/api/crons', auth)).json()) as object[];
  expect(list).toContainEqual({ id: 'nightly', expression: '0 3 * * *' });
  expect(await jobIds()).not.toContain('gone');

  const run = await server.fetch('/api/crons/nightly', { method: 'POST', ...auth });
  expect(run.status).toBe(204);
  await waitFor('the job to run', async () => {
    const { runs } = (await (await server.fetch('/api/runs')).json()) as { runs: number };
    return runs === 1;
  });
});

test('deleting the file removes its job', async () => {
  rmSync(join(layout.hooks, 'jobs.ts'));
  await waitFor('the job to go', async () => !(await jobIds()).includes('nightly'));
  const run = await server.fetch('/api/crons/nightly', { method: 'POST', ...auth });
  expect(run.status).toBe(404);
});

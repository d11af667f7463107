// A backup restore reopens the data dir in place: the hooks dir is loaded again into the new core.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { waitFor } from '../support/wait.ts';
import { type HooksServer, hooksLayout, startWithHooks } from './support.ts';

const MAIN = `import { routerAdd } from 'satchel';
const load = crypto.randomUUID();
routerAdd('GET', '/api/load', () => ({ load }));
`;

let server: HooksServer;
beforeAll(async () => {
  server = await startWithHooks(hooksLayout({ 'main.ts': MAIN }), false);
});
afterAll(() => server.stop());

const currentLoad = async () => {
  const res = await server.fetch('/api/load').catch(() => null);
  return res?.status === 200 ? ((await res.json()) as { load: string }).load : null;
};

test('after a restore the hooks files are loaded again and their routes answer', async () => {
  const first = await currentLoad();
  expect(first).toBeString();
  const su = await server.superuser();
  await su.backups.create('before.zip');
  await su.backups.restore('before.zip');
  const second = await waitFor('the reloaded route', async () => {
    const load = await currentLoad();
    return load && load !== first ? load : null;
  });
  expect(second).not.toBe(first);
});

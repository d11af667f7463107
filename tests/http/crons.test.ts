// GET /api/crons and POST /api/crons/{id} with the SDK (http-api.md §11): the system jobs, the
// app's own, and the OTP/MFA cleanup doing its work.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { formatDate } from '../../src/core/dates.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

let server: TestServer;
let su: PocketBase;

async function failure(p: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ClientResponseError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  server = await startServer();
  su = await server.superuserClient();
});
afterAll(() => server.stop());

describe('crons', () => {
  test("the app's jobs first, then PocketBase's system jobs, each sorted by id", async () => {
    server.app.core.cron.add('nightly_report', '0 3 * * *', () => {});
    try {
      expect(await su.crons.getFullList()).toEqual([
        { id: 'nightly_report', expression: '0 3 * * *' },
        { id: '__pbDBOptimize__', expression: '0 0 * * *' },
        { id: '__pbLogsCleanup__', expression: '0 */6 * * *' },
        { id: '__pbMFACleanup__', expression: '0 * * * *' },
        { id: '__pbOTPCleanup__', expression: '0 * * * *' },
      ]);
    } finally {
      server.app.core.cron.remove('nightly_report');
    }
  });

  test('superusers only; an unknown job is a 404 with its message', async () => {
    expect((await failure(server.client().crons.getFullList())).status).toBe(401);
    const e = await failure(su.crons.run('nope'));
    expect([e.status, e.response.message]).toEqual([404, 'Missing or invalid cron job.']);
  });

  test('running a job answers at once and the job runs in the background', async () => {
    let ran = 0;
    server.app.core.cron.add('counter', '*/5 * * * *', () => {
      ran++;
    });
    try {
      expect(await su.crons.run('counter')).toBe(true);
      await waitFor('the job to run in the background', () => ran > 0);
      expect(ran).toBe(1);
    } finally {
      server.app.core.cron.remove('counter');
    }
  });

  test('__pbOTPCleanup__ deletes the OTPs older than their collection allows, only those', async () => {
    const core = server.app.core;
    await su.collections.update('users', { otp: { enabled: true, duration: 180 } });
    const user = await su.collection('users').create({
      email: 'otp-cron@example.com',
      password: '1234567890',
      passwordConfirm: '1234567890',
    });
    const fresh = await su.collection('_otps').create({
      collectionRef: user.collectionId,
      recordRef: user.id,
      password: '12345678',
    });
    const stale = await su.collection('_otps').create({
      collectionRef: user.collectionId,
      recordRef: user.id,
      password: '12345678',
    });
    const old = formatDate(new Date(Date.now() - 181_000));
    await core.store.writes.run(async (tx) => {
      tx.run('UPDATE _otps SET created = ? WHERE id = ?', [old, stale.id]);
    });
    const ids = () =>
      core.store.reader.all<{ id: string }>('SELECT id FROM _otps').map((r) => r.id);
    await su.crons.run('__pbOTPCleanup__');
    await waitFor('the cleanup to delete the stale OTP', () => !ids().includes(stale.id));
    expect(ids()).toContain(fresh.id);
  });
});

describe('?fields= on the smaller JSON answers', () => {
  test('crons, health and the file token pick fields like every other route', async () => {
    const auth = { authorization: su.authStore.token };
    const crons = await server.fetch('/api/crons?fields=id', { headers: auth });
    expect(((await crons.json()) as Record<string, unknown>[])[0]).toEqual({
      id: '__pbDBOptimize__',
    });
    const health = await server.fetch('/api/health?fields=code', { headers: auth });
    expect(await health.json()).toEqual({ code: 200 });
    const token = await server.fetch('/api/files/token?fields=nope', {
      method: 'POST',
      headers: auth,
    });
    expect(await token.json()).toEqual({});
  });

  test('health names a proxy header seen while no trusted proxy is configured', async () => {
    const headers = { authorization: su.authStore.token, 'CF-Connecting-IP': '1.2.3.4' };
    const seen = (await (await server.fetch('/api/health', { headers })).json()) as {
      data: { possibleProxyHeader: string };
    };
    expect(seen.data.possibleProxyHeader).toBe('CF-Connecting-IP');
    await su.settings.update({ trustedProxy: { headers: ['CF-Connecting-IP'] } });
    try {
      const trusted = (await (await server.fetch('/api/health', { headers })).json()) as {
        data: { possibleProxyHeader: string; realIP: string };
      };
      expect(trusted.data).toMatchObject({ possibleProxyHeader: '', realIP: '1.2.3.4' });
    } finally {
      await su.settings.update({ trustedProxy: { headers: [] } });
    }
  });
});

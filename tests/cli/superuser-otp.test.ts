// `satchel superuser otp EMAIL` as a subprocess beside a running server: the printed code signs in.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { ClientResponseError } from 'pocketbase';
import { runCli } from '../support/process.ts';
import { startServer, TEST_SUPERUSER, type TestServer } from '../support/server.ts';

describe('superuser otp', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  test('refused while OTP is disabled for _superusers, and for an unknown e-mail', async () => {
    const off = await runCli(['superuser', 'otp', TEST_SUPERUSER.email, `--dir=${server.dir}`]);
    expect(off.code).toBe(1);
    expect(off.stderr).toContain('OTP auth is not enabled');
    const su = await server.superuserClient();
    await su.collections.update('_superusers', { otp: { enabled: true, length: 8 } });
    const unknown = await runCli(['superuser', 'otp', 'nobody@example.com', `--dir=${server.dir}`]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('"nobody@example.com" doesn\'t exist');
    const extra = await runCli([
      'superuser',
      'otp',
      TEST_SUPERUSER.email,
      'x',
      `--dir=${server.dir}`,
    ]);
    expect(extra.code).toBe(2);
  });

  test('prints an id and code that authenticate once through the SDK', async () => {
    const r = await runCli(['superuser', 'otp', TEST_SUPERUSER.email, `--dir=${server.dir}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Successfully created OTP for superuser "${TEST_SUPERUSER.email}"`);
    const otpId = /Id:\s+(\S+)/.exec(r.stdout)?.[1] ?? '';
    const code = /Pass:\s+(\d+)/.exec(r.stdout)?.[1] ?? '';
    expect(code).toHaveLength(8);
    const pb = server.client();
    // OTP on _superusers forces MFA (auth.md §5.2): the password step yields the mfaId first.
    const first = await pb
      .collection('_superusers')
      .authWithPassword(TEST_SUPERUSER.email, TEST_SUPERUSER.password)
      .catch((e: ClientResponseError) => e);
    const mfaId = String((first as ClientResponseError).response.mfaId);
    const auth = await pb.collection('_superusers').authWithOTP(otpId, code, { mfaId });
    expect(auth.record.email).toBe(TEST_SUPERUSER.email);
    const again = await pb
      .collection('_superusers')
      .authWithOTP(otpId, code, { mfaId })
      .catch((e: ClientResponseError) => e);
    expect((again as ClientResponseError).status).toBe(400);
  });
});

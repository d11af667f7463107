// The cron scheduler ticks in UTC, as PocketBase's does, whatever the host's time zone.
import { afterEach, expect, test } from 'bun:test';
import { CronScheduler } from '../../../src/core/cron/scheduler.ts';

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

test('a daily job runs at 00:00 UTC on a host in another time zone', () => {
  process.env.TZ = 'America/New_York';
  const cron = new CronScheduler();
  cron.add('daily', '0 0 * * *', () => {});
  expect(cron.nextRun('daily')).toBeNull(); // not started
  cron.start();
  try {
    const next = cron.nextRun('daily');
    expect(next).not.toBeNull();
    expect([next!.getUTCHours(), next!.getUTCMinutes(), next!.getUTCSeconds()]).toEqual([0, 0, 0]);
    expect(next!.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
  } finally {
    cron.stop();
  }
  expect(cron.nextRun('daily')).toBeNull();
});

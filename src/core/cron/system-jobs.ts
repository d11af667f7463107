// The maintenance jobs PocketBase schedules by itself (http-api.md §11), with its ids and times.
import type { Row } from '../../db/conn.ts';
import type { Core } from '../core.ts';
import { formatDate } from '../dates.ts';
import { recordFromRow } from '../records/codec.ts';
import { deleteRecordInternal } from '../records/save.ts';

const HOUR = 3_600_000;

/**
 * Deletes the rows of `table` (`_mfas`, `_otps`) older than their auth collection allows, one by
 * one through the delete pipeline (hooks and realtime see them go), as PocketBase does.
 */
async function deleteExpired(core: Core, table: string, option: 'mfa' | 'otp'): Promise<void> {
  const sys = core.collections.find(table);
  if (!sys) return;
  for (const c of core.collections.all()) {
    if (c.type !== 'auth' || !c.auth) continue;
    const cutoff = formatDate(new Date(Date.now() - c.auth[option].duration * 1000));
    const rows = core.store.reader.all<Row>(
      `SELECT * FROM "${table}" WHERE "collectionRef" = ? AND "created" < ?`,
      [c.id, cutoff],
    );
    for (const row of rows) await deleteRecordInternal(core, sys, recordFromRow(sys, row));
  }
}

export function registerSystemJobs(core: Core): void {
  const { cron } = core;
  cron.add('__pbLogsCleanup__', '0 */6 * * *', () => {
    const days = core.settings.get().logs.maxDays;
    const cutoff = formatDate(new Date(Date.now() - days * 24 * HOUR));
    core.store.aux.run('DELETE FROM _logs WHERE created < ?', [cutoff]);
  });
  cron.add('__pbDBOptimize__', '0 0 * * *', async () => {
    // Outside any write transaction, through the queue so no write is in flight meanwhile.
    await core.store.writes.run(async () => {});
    if (core.store.reader.engine === 'postgres') {
      // One database, vacuumed by autovacuum: refreshing the planner's statistics is what is left.
      core.store.reader.exec('ANALYZE');
      return;
    }
    for (const conn of [core.store.reader, core.store.aux]) {
      conn.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      conn.exec('PRAGMA optimize');
    }
  });
  cron.add('__pbMFACleanup__', '0 * * * *', () => deleteExpired(core, '_mfas', 'mfa'));
  cron.add('__pbOTPCleanup__', '0 * * * *', () => deleteExpired(core, '_otps', 'otp'));
}

// Auto-backups (http-api.md §8 `settings.backups`): the `__pbAutoBackup__` cron job, `cronMaxKeep`,
// and a mail to the superusers when one fails.

import { escapeHtml } from '../../mail/template.ts';
import { sendMail } from '../auth/mail-flows/auth-mail.ts';
import { INSTALLER_EMAIL } from '../auth/superusers.ts';
import type { Core } from '../core.ts';
import { AUTO_PREFIX } from './names.ts';
import { backupsSupported } from './state.ts';

export const AUTO_BACKUP_JOB = '__pbAutoBackup__';

/**
 * The archive code (backups.ts and its zip, restore and S3 modules) loads with the first backup
 * or pruning, not at every start.
 */
const backups = () => import('./backups.ts');

/** Keeps the job in step with `settings.backups.cron` (empty: no job, as PocketBase lists it). */
export function scheduleAutoBackups(core: Core): void {
  const sync = () => {
    const expression = core.settings.get().backups.cron.trim();
    const current = core.cron.list().find((j) => j.id === AUTO_BACKUP_JOB);
    // On PostgreSQL there is nothing of the data to archive (see POSTGRES_BACKUPS): no job.
    if (!expression || !backupsSupported(core)) {
      core.cron.remove(AUTO_BACKUP_JOB);
      return;
    }
    if (current?.expression === expression) return;
    core.cron.add(AUTO_BACKUP_JOB, expression, () => runAutoBackup(core));
  };
  sync();
  core.settings.onChange(sync);
}

/** One auto-backup, then the oldest auto ones beyond `cronMaxKeep` go; a failure is mailed. */
export async function runAutoBackup(core: Core): Promise<void> {
  try {
    await (await backups()).createBackup(core, '', { auto: true });
    await pruneAutoBackups(core);
  } catch (err) {
    console.error('auto-backup failed:', err);
    await mailFailure(core, err).catch((mailErr) =>
      console.error('auto-backup failure mail not sent:', mailErr),
    );
  }
}

/** Deletes the oldest `@auto_pb_backup_*` beyond `cronMaxKeep`; named backups are never touched. */
export async function pruneAutoBackups(core: Core): Promise<void> {
  const keep = Math.max(core.settings.get().backups.cronMaxKeep, 1);
  const fs = (await backups()).backupsFs(core);
  const auto = (await fs.list())
    .filter((f) => f.key.startsWith(AUTO_PREFIX))
    .sort((a, b) => b.modified.getTime() - a.modified.getTime() || (a.key < b.key ? 1 : -1));
  for (const old of auto.slice(keep)) await fs.delete(old.key);
}

async function mailFailure(core: Core, err: unknown): Promise<void> {
  const rows = core.store.reader.all<{ email: string }>(
    'SELECT email FROM _superusers WHERE email != ?',
    [INSTALLER_EMAIL],
  );
  if (rows.length === 0) return;
  const { meta } = core.settings.get();
  const reason = err instanceof Error ? err.message : String(err);
  await sendMail(core, {
    from: { address: meta.senderAddress, name: meta.senderName },
    to: rows.map((r) => ({ address: r.email })),
    subject: `${meta.appName}: auto-backup failed`,
    html:
      `<p>The scheduled backup of ${escapeHtml(meta.appName)} (${escapeHtml(meta.appURL)}) failed:</p>` +
      `<pre>${escapeHtml(reason)}</pre>`,
  });
}

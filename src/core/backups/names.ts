// Backup names (http-api.md §10): `^[a-z0-9_-]+\.zip$` for named ones, generated ones by app name and time.

export const BACKUP_NAME = /^[a-z0-9_-]+\.zip$/;
export const MAX_NAME_LENGTH = 150;
/** PocketBase's prefix for the cron's backups; `cronMaxKeep` only ever deletes these. */
export const AUTO_PREFIX = '@auto_pb_backup_';

/** `Acme Inc.`, 2024-05-01 13:45:07 → `pb_backup_acme_inc_20240501134507.zip`. */
export function generateBackupName(appName: string, now = new Date(), auto = false): string {
  const slug = appName
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${auto ? AUTO_PREFIX : 'pb_backup_'}${slug}_${stamp}.zip`;
}

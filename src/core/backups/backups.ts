// The backups of a data dir (http-api.md §10): list, create, upload, delete, read and restore.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SnapshotWorker, startCheckpoints } from '../../db/snapshot.ts';
import type { Core } from '../core.ts';
import { formatDate } from '../dates.ts';
import { BadRequestError, fieldError, NotFoundError, ValidationError } from '../errors.ts';
import { makeTempDir, writeArchive } from './archive.ts';
import { type BackupFilesystem, backupFilesystem, isSafeBackupKey } from './filesystem.ts';
import { BACKUP_NAME, generateBackupName, MAX_NAME_LENGTH } from './names.ts';
import { prepareRestore, swapContents } from './restore.ts';
import { type BackupPhase, backupsSupported } from './state.ts';
import { BadArchiveError, listZip, type Progress } from './zip.ts';

export { backupsSupported };

/**
 * Byte progress into the shared state (read by the dashboard) and on to the caller's `onProgress`
 * (the CLI's bar). The first bytes move the job to `phase`.
 */
function tracked(core: Core, phase: BackupPhase, onProgress?: Progress): Progress {
  return (done, total) => {
    if (core.backups.running?.phase !== phase) core.backups.enter(phase);
    core.backups.advance(done, total);
    onProgress?.(done, total);
  };
}

/** How often the backup's worker checkpoints the app's WAL. */
const CHECKPOINT_EVERY_MS = 1000;

const BUSY = 'Try again later - another backup/restore process has already been started.';

export interface BackupInfo {
  key: string;
  size: number;
  modified: string;
}

export function backupsFs(core: Core): BackupFilesystem {
  return backupFilesystem(core.dataDir, core.settings.get().backups.s3);
}

export async function listBackups(core: Core): Promise<BackupInfo[]> {
  const files = await backupsFs(core).list();
  return files.map((f) => ({ key: f.key, size: f.size, modified: formatDate(f.modified) }));
}

/** Runs `fn` as the one backup/restore in progress; another one → 400. */
async function exclusive<T>(
  core: Core,
  kind: 'backup' | 'restore',
  key: string,
  fn: () => Promise<T>,
): Promise<T> {
  const state = core.backups;
  const phase = kind === 'backup' ? 'snapshot' : 'download';
  if (!state.begin({ kind, key, phase, done: 0, total: 0, startedAt: Date.now() })) {
    throw new BadRequestError(BUSY);
  }
  try {
    return await fn();
  } finally {
    state.end();
  }
}

/** PocketBase's generated name; a second one within the same second gets `_2`, `_3`, … */
async function freeGeneratedName(core: Core, auto: boolean): Promise<string> {
  const base = generateBackupName(core.settings.get().meta.appName, new Date(), auto);
  const fs = backupsFs(core);
  let key = base;
  for (let n = 2; await fs.stat(key); n++) key = base.replace(/\.zip$/, `_${n}.zip`);
  return key;
}

/** A client-chosen `name`, checked as PocketBase does; returns the key to write. */
async function backupKey(core: Core, name: string): Promise<string> {
  if (name.length > MAX_NAME_LENGTH || !BACKUP_NAME.test(name)) {
    throw new ValidationError('An error occurred while validating the submitted data.', {
      name: fieldError('validation_match_invalid', 'Must be in a valid format.'),
    });
  }
  if (await backupsFs(core).stat(name)) {
    throw new ValidationError('An error occurred while validating the submitted data.', {
      name: fieldError(
        'validation_backup_name_exists',
        'The backup file name is invalid or already exists.',
      ),
    });
  }
  return name;
}

export interface CreateOptions {
  /** With no name: the generated one has the cron's prefix `@auto_pb_backup_`. */
  auto?: boolean;
  onProgress?: Progress;
}

/**
 * Backups are archives of the data dir's SQLite databases and files. With `--db=postgres://…` the
 * records live in PostgreSQL, which has its own tools (pg_dump, point-in-time recovery) and may
 * serve several nodes at once: an archive of one node's dir would hold no data, and restoring one
 * would swap nothing. So creating, uploading and restoring are refused with a clear 400; listing,
 * downloading and deleting archives already in the dir (from before a migration) still work.
 */
export const POSTGRES_BACKUPS =
  "This server keeps its data in PostgreSQL: use your database's backups (pg_dump).";

function refuseOnPostgres(core: Core): void {
  if (!backupsSupported(core)) throw new BadRequestError(POSTGRES_BACKUPS);
}

/** Takes a backup online (`name` empty → generated); resolves with its key once it is stored. */
export async function createBackup(
  core: Core,
  name = '',
  options: CreateOptions = {},
): Promise<string> {
  refuseOnPostgres(core);
  const key =
    name === ''
      ? await freeGeneratedName(core, options.auto ?? false)
      : await backupKey(core, name);
  // onBackupCreate wraps the backup itself; a handler that doesn't call next() skips it.
  await core.hooks.onBackupCreate.trigger({ name: key }, async () => {
    await takeBackup(core, key, options);
  });
  return key;
}

async function takeBackup(core: Core, key: string, options: CreateOptions): Promise<string> {
  return exclusive(core, 'backup', key, async () => {
    const tmp = makeTempDir(core.dataDir, 'backup-');
    const writes = core.store.writes;
    // The writer never auto-checkpoints (a checkpoint fsyncs on the committing request's thread,
    // and on ext4 that fsync waits for the backup's own dirty pages too: writers stalled for 100s
    // of ms). The store's own checkpoints pause: the backup's worker copies the WAL back every
    // second and the writer only its last few frames, so the WAL starts over each time instead of
    // growing for the whole backup (startCheckpoints).
    const resume = await core.store.checkpoints?.pause();
    // One worker for the snapshots and the checkpoints, at a lower CPU priority (snapshot-worker.ts).
    const worker = new SnapshotWorker();
    const file = join(tmp, key);
    try {
      const dataDb = join(core.dataDir, 'data.db');
      const checkpoints = startCheckpoints(worker, dataDb, CHECKPOINT_EVERY_MS, () =>
        writes.checkpoint(),
      );
      try {
        await writeArchive(
          core.dataDir,
          file,
          worker,
          tracked(core, 'archive', options.onProgress),
        );
      } finally {
        // Before the upload (S3 may take minutes): the WAL is copied back and the store's own
        // checkpoints resume.
        await checkpoints.stop();
        resume?.();
      }
      core.backups.enter('store');
      await backupsFs(core).putFile(file, key);
      core.backups.last = { at: new Date(), ok: true };
    } catch (err) {
      core.backups.last = { at: new Date(), ok: false };
      throw err;
    } finally {
      worker.close();
      resume?.();
      await rm(tmp, { recursive: true, force: true });
    }
    return key;
  });
}

const UPLOAD_INVALID = 'An error occurred while validating the submitted data.';

/** Writes the uploaded file to `dest` (streamed: backups may be large); null when there is none. */
export type UploadReceiver = (dest: string) => Promise<{ filename: string; size: number } | null>;

/** `POST /api/backups/upload`: a zip (checked as a zip, not only sniffed) under its own file name. */
export async function uploadBackup(core: Core, receive: UploadReceiver): Promise<void> {
  refuseOnPostgres(core);
  const tmp = makeTempDir(core.dataDir, 'upload-');
  try {
    const path = join(tmp, 'upload.zip');
    const file = await receive(path);
    if (!file || file.size === 0) {
      throw new ValidationError(UPLOAD_INVALID, {
        file: fieldError('validation_required', 'Cannot be blank.'),
      });
    }
    const key = file.filename;
    if (!isSafeBackupKey(key)) {
      throw new ValidationError(UPLOAD_INVALID, {
        file: fieldError('validation_invalid_name', 'Invalid backup file name.'),
      });
    }
    if (await backupsFs(core).stat(key)) {
      throw new ValidationError(UPLOAD_INVALID, {
        file: fieldError(
          'validation_backup_name_exists',
          'Backup file with the specified name already exists.',
        ),
      });
    }
    try {
      await listZip(path);
    } catch (err) {
      if (!(err instanceof BadArchiveError)) throw err;
      throw new ValidationError(UPLOAD_INVALID, {
        file: fieldError(
          'validation_invalid_mime_type',
          `"${key}" mime type must be one of: application/zip.`,
        ),
      });
    }
    await backupsFs(core).putFile(path, key);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export async function deleteBackup(core: Core, key: string): Promise<void> {
  if (core.backups.running?.key === key) {
    throw new BadRequestError('The backup is currently being used and cannot be deleted.');
  }
  const fs = backupsFs(core);
  if (!(await fs.stat(key))) {
    throw new BadRequestError('Invalid or already deleted backup file.');
  }
  await fs.delete(key);
}

export async function readBackup(core: Core, key: string) {
  const file = await backupsFs(core).read(key);
  if (!file) throw new NotFoundError();
  return file;
}

export interface RestoreOptions {
  onProgress?: Progress;
  /** Called once the archive is checked, before the databases close (the API answers 204 here). */
  onChecked?: () => void;
}

/**
 * Restores `key`: downloads and checks it (any refusal → 400, nothing changed), then swaps the data
 * dir's contents through the app's restarter (closing and reopening the databases) or, without one
 * (the CLI, nothing open), directly.
 */
export async function restoreBackup(
  core: Core,
  key: string,
  options: RestoreOptions = {},
): Promise<void> {
  refuseOnPostgres(core);
  const refusal = core.backups.restoreRefusal;
  if (refusal) throw new BadRequestError(refusal);
  const fs = backupsFs(core);
  if (!(await fs.stat(key))) throw new BadRequestError('Missing or invalid backup file.');
  await core.hooks.onBackupRestore.trigger({ name: key }, () => restoreChecked(core, key, options));
}

async function restoreChecked(core: Core, key: string, options: RestoreOptions): Promise<void> {
  const fs = backupsFs(core);
  await exclusive(core, 'restore', key, async () => {
    const tmp = makeTempDir(core.dataDir, 'download-');
    let extracted: string;
    try {
      const zip = join(tmp, 'backup.zip');
      await fs.download(key, zip);
      const progress = tracked(core, 'extract', options.onProgress);
      extracted = await prepareRestore(core.dataDir, zip, (done, total) => {
        progress(done, total);
        if (done === total) core.backups.enter('check');
      });
    } catch (err) {
      if (err instanceof BadArchiveError) {
        throw new BadRequestError(`Failed to restore the backup: ${err.message}.`);
      }
      throw err;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    options.onChecked?.();
    core.backups.enter('swap');
    const swap = core.backups.aroundSiblings(swapContents(core.dataDir, extracted));
    if (core.backups.restarter) {
      await core.backups.restarter(swap);
    } else {
      const { commit } = await swap();
      await commit();
    }
  });
}

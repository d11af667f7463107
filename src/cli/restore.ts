// `satchel restore NAME`: replaces the data dir's contents with a checked backup; the server must be stopped.
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { openCore } from '../app.ts';
import type { Core } from '../core/core.ts';
import type { SettingsEncryption } from '../core/settings/store.ts';
import { dbUrlOrReport, openFailure } from './db-url.ts';
import { describeError } from './describe-error.ts';
import { encryptionFromFlags, type GlobalFlags } from './flags.ts';
import { acquireServeLock } from './lock.ts';

export function restoreCommand(done: (code: number) => void): Command {
  return new Command('restore')
    .description(
      'Restores a backup from <dir>/backups (or the backups S3 bucket) into the data dir; ' +
        'stop the server first (a running one restores through the API instead)',
    )
    .argument('<name>', 'the backup file name, as `satchel backup` or the API listed it')
    .action(async (name: string, _opts, cmd: Command) => {
      const flags = cmd.optsWithGlobals<GlobalFlags>();
      const dbUrl = dbUrlOrReport(flags);
      if (dbUrl === false) return done(1);
      done(await runRestore(flags.dir, name, encryptionFromFlags(flags), dbUrl));
    });
}

async function runRestore(
  dir: string,
  name: string,
  encryption?: SettingsEncryption,
  dbUrl: string | null = null,
): Promise<number> {
  if (!existsSync(dir)) {
    console.error(`Error: the data dir "${dir}" does not exist.`);
    return 1;
  }
  // Held throughout: a server starting meanwhile would open the databases being swapped.
  const lock = acquireServeLock(dir);
  if ('heldBy' in lock) {
    console.error(
      `Error: the data dir "${dir}" is being served by process ${lock.heldBy}. Stop that server ` +
        'first, or restore through the running server (POST /api/backups/{key}/restore).',
    );
    return 1;
  }
  let core: Core;
  try {
    core = await openCore(dir, { encryption, dbUrl });
  } catch (err) {
    lock.release();
    console.error(openFailure(dir, dbUrl, err, describeError));
    return 1;
  }
  let closed = false;
  // The CLI's restart: close, swap, check the restored dir opens; put the old contents back if not.
  core.backups.restarter = async (swap) => {
    await core.store.writes.drain();
    core.store.close();
    closed = true;
    const swapped = await swap();
    try {
      (await openCore(dir, { encryption, dbUrl })).store.close();
    } catch (err) {
      await swapped.rollback();
      throw err;
    }
    await swapped.commit();
  };
  const { byteProgress } = await import('./progress.ts');
  const progress = byteProgress('Restoring');
  try {
    const { restoreBackup } = await import('../core/backups/backups.ts');
    await restoreBackup(core, name, { onProgress: progress.update });
    progress.stop();
    console.log(`Successfully restored backup "${name}" into "${dir}".`);
    return 0;
  } catch (err) {
    progress.stop();
    console.error(`Error: ${describeError(err)}`);
    return 1;
  } finally {
    if (!closed) {
      await core.store.writes.drain();
      core.store.close();
    }
    lock.release();
  }
}

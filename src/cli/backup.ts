// `satchel backup [NAME]`: an online backup of the data dir (safe beside a running server), with progress.
import { Command } from 'commander';
import { openCore } from '../app.ts';
import type { Core } from '../core/core.ts';
import type { SettingsEncryption } from '../core/settings/store.ts';
import { dbUrlOrReport, openFailure } from './db-url.ts';
import { describeError } from './describe-error.ts';
import { encryptionFromFlags, type GlobalFlags } from './flags.ts';

export function backupCommand(done: (code: number) => void): Command {
  return new Command('backup')
    .description(
      'Creates a backup of the data dir in <dir>/backups (or the backups S3 bucket); ' +
        'NAME must match [a-z0-9_-]+.zip, generated when omitted',
    )
    .argument('[name]', 'the backup file name, e.g. before_upgrade.zip')
    .action(async (name: string | undefined, _opts, cmd: Command) => {
      const flags = cmd.optsWithGlobals<GlobalFlags>();
      const dbUrl = dbUrlOrReport(flags);
      if (dbUrl === false) return done(1);
      done(await runBackup(flags.dir, name ?? '', encryptionFromFlags(flags), dbUrl));
    });
}

async function runBackup(
  dir: string,
  name: string,
  encryption?: SettingsEncryption,
  dbUrl: string | null = null,
): Promise<number> {
  let core: Core;
  try {
    core = await openCore(dir, { encryption, dbUrl });
  } catch (err) {
    console.error(openFailure(dir, dbUrl, err, describeError));
    return 1;
  }
  // The progress bar library loads only for the commands that draw one.
  const { byteProgress } = await import('./progress.ts');
  const progress = byteProgress('Backing up');
  try {
    const { createBackup } = await import('../core/backups/backups.ts');
    const key = await createBackup(core, name, { onProgress: progress.update });
    progress.stop();
    console.log(`Successfully created backup "${key}".`);
    return 0;
  } catch (err) {
    progress.stop();
    console.error(`Error: ${describeError(err)}`);
    return 1;
  } finally {
    await core.store.writes.drain();
    core.store.close();
  }
}

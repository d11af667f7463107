// `satchel migrate up | down [n] | create NAME | collections | history-sync`: PocketBase's migrate
// command over the user migration files of --migrationsDir (default: sb_migrations beside --dir).
import { join } from 'node:path';
import { Command } from 'commander';
import { openCore } from '../app.ts';
import type { Core } from '../core/core.ts';
import { isFieldError, SatchelError } from '../core/errors.ts';
import { blankFileLabel, writeMigrationFile } from '../core/migrations/automigrate.ts';
import { defaultMigrationsDir, loadMigrations } from '../core/migrations/load.ts';
import {
  historySync,
  lastAppliedFiles,
  MigrationError,
  migrateDown,
  migrateUp,
} from '../core/migrations/runner.ts';
import { blankTemplate, snapshotTemplate } from '../core/migrations/templates.ts';
import { dbUrlOrReport, openFailure } from './db-url.ts';
import { encryptionFromFlags, type GlobalFlags } from './flags.ts';

const USAGE = `Supported arguments are:
- up            - runs all available migrations
- down [number] - reverts the last [number] applied migrations
- create name   - creates new blank migration template file
- collections   - creates new migration file with snapshot of the local collections configuration
- history-sync  - ensures that the _migrations history table doesn't have references to deleted migration files`;

/** The error, and a validation error's field messages under it (`fields.1.name: …`). */
function describe(err: unknown): string {
  const cause = err instanceof MigrationError ? err.cause : err;
  const head = err instanceof Error ? err.message : String(err);
  if (!(cause instanceof SatchelError)) return head;
  const lines = (data: object, prefix: string): string[] =>
    Object.entries(data).flatMap(([k, v]) =>
      isFieldError(v) ? [`  ${prefix}${k}: ${v.message}`] : lines(v as object, `${prefix}${k}.`),
    );
  return [head, ...lines(cause.data, '')].join('\n');
}

/** Asks on a terminal; scripts and CI (no TTY) go ahead, as `yes |` would. */
function confirmed(question: string): boolean {
  if (!process.stdin.isTTY) return true;
  return confirm(question);
}

async function run(core: Core, dir: string, command: string, arg?: string): Promise<number> {
  switch (command) {
    case 'up': {
      const applied = await migrateUp(core, loadMigrations(dir));
      if (!applied.length) console.log('No new migrations to apply.');
      for (const f of applied) console.log(`Applied ${f}`);
      return 0;
    }
    case 'down': {
      const n = arg === undefined ? 1 : Number(arg);
      if (!Number.isInteger(n)) {
        console.error(`Error: "${arg}" is not a number of migrations.`);
        return 2;
      }
      const files = loadMigrations(dir);
      const names = lastAppliedFiles(core.store.reader, files, n < 0 ? files.length : n);
      if (!names.length) {
        console.log('No migrations to revert.');
        return 0;
      }
      const question = `\n${names.join('\n')}\nDo you really want to revert the last ${names.length} applied migration(s)?`;
      if (!confirmed(question)) {
        console.log('The command has been cancelled');
        return 0;
      }
      for (const f of await migrateDown(core, files, n)) console.log(`Reverted ${f}`);
      return 0;
    }
    case 'create': {
      if (!arg) {
        console.error('Error: missing migration file name (migrate create NAME).');
        return 2;
      }
      const file = writeMigrationFile(dir, blankFileLabel(arg), blankTemplate());
      console.log(`Successfully created file "${join(dir, file)}"`);
      return 0;
    }
    case 'collections': {
      const all = core.collections
        .all()
        .sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0));
      const file = writeMigrationFile(dir, 'collections_snapshot', snapshotTemplate(all));
      console.log(`Successfully created file "${join(dir, file)}"`);
      return 0;
    }
    case 'history-sync': {
      const removed = await historySync(core, loadMigrations(dir));
      for (const f of removed) console.log(`Removed ${f}`);
      console.log('The _migrations table was synced with the available migrations.');
      return 0;
    }
    default:
      console.error(`Error: unsupported command: "${command}"\n${USAGE}`);
      return 2;
  }
}

export function migrateCommand(done: (code: number) => void): Command {
  return new Command('migrate')
    .description('Executes app DB migration scripts')
    .argument('[command]', 'up | down | create | collections | history-sync', 'up')
    .argument('[arg]', 'the number of migrations for down, the file name for create')
    .addHelpText('after', `\n${USAGE}`)
    .action(async (command: string, arg: string | undefined, _opts, cmd: Command) => {
      const flags = cmd.optsWithGlobals<GlobalFlags>();
      const dir = flags.migrationsDir ?? defaultMigrationsDir(flags.dir);
      const dbUrl = dbUrlOrReport(flags);
      if (dbUrl === false) return done(1);
      let core: Core;
      try {
        core = await openCore(flags.dir, { encryption: encryptionFromFlags(flags), dbUrl });
      } catch (err) {
        console.error(openFailure(flags.dir, dbUrl, err, describe));
        done(1);
        return;
      }
      try {
        done(await run(core, dir, command, arg));
      } catch (err) {
        console.error(`Error: ${describe(err)}`);
        done(1);
      } finally {
        await core.store.writes.drain();
        core.store.close();
      }
    });
}

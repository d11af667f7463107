// `satchel superuser upsert|create|update|delete|otp|ips …`: manages the superusers of a data dir.
//
// Safe beside a running server on the same dir: writes go through SQLite (WAL, busy_timeout) and
// the server re-reads superuser rows on every token check, so no cache needs invalidating.

import { Command } from 'commander';
import { openCore } from '../app.ts';
import { createOtp } from '../core/auth/otp/otp.ts';
import {
  createSuperuser,
  deleteSuperuser,
  findSuperuserByEmail,
  updateSuperuserPassword,
  upsertSuperuser,
} from '../core/auth/superusers.ts';
import { SUPERUSERS_ID } from '../core/collections/model.ts';
import type { Core } from '../core/core.ts';
import { isFieldError, SatchelError } from '../core/errors.ts';
import type { SettingsEncryption } from '../core/settings/store.ts';
import { dbUrlOrReport, openFailure } from './db-url.ts';
import { encryptionFromFlags, type GlobalFlags } from './flags.ts';

/** `ValidationError{email: {message}}` → `email: Must be a valid email address.` lines. */
function describe(err: unknown): string {
  if (!(err instanceof SatchelError)) return err instanceof Error ? err.message : String(err);
  const details = Object.entries(err.data)
    .map(([k, v]) => (isFieldError(v) ? `  ${k}: ${v.message}` : `  ${k}: ${JSON.stringify(v)}`))
    .join('\n');
  return details ? `${err.message}\n${details}` : err.message;
}

/** PocketBase's `superuser otp`: an OTP for signing in when the mailer is not at hand. */
async function printOtp(core: Core, email: string): Promise<number> {
  const superuser = findSuperuserByEmail(core, email);
  if (!superuser) {
    console.error(`Error: Superuser "${email}" doesn't exist.`);
    return 1;
  }
  const collection = core.collections.require(SUPERUSERS_ID);
  const options = collection.auth!.otp;
  if (!options.enabled) {
    console.error('Error: OTP auth is not enabled for the _superusers collection.');
    return 1;
  }
  const { otp, code } = await createOtp(core, collection, superuser);
  console.log(`Successfully created OTP for superuser "${email}":`);
  console.log(`├─ Id:    ${otp.id}`);
  console.log(`├─ Pass:  ${code}`);
  console.log(`└─ Valid: ${options.duration}s`);
  return 0;
}

/** Opens the data dir, runs `action`, and turns its errors into an exit code and a message. */
async function withCore(
  dir: string,
  action: (core: Core) => Promise<number>,
  encryption?: SettingsEncryption,
  dbUrl?: string | null,
): Promise<number> {
  let core: Core;
  try {
    core = await openCore(dir, { encryption, dbUrl });
  } catch (err) {
    console.error(openFailure(dir, dbUrl ?? null, err, describe));
    return 1;
  }
  try {
    return await action(core);
  } catch (err) {
    console.error(`Error: ${describe(err)}`);
    return 1;
  } finally {
    await core.store.writes.drain();
    core.store.close();
  }
}

type Action = (core: Core, args: string[]) => Promise<number>;

const ACTIONS: { name: string; args: string; description: string; run: Action }[] = [
  {
    name: 'upsert',
    args: '<email> <password>',
    description: 'Creates, or updates if email exists, a single superuser',
    run: async (core, [email, password]) => {
      await upsertSuperuser(core, email!, password!);
      console.log(`Successfully saved superuser "${email}".`);
      return 0;
    },
  },
  {
    name: 'create',
    args: '<email> <password>',
    description: 'Creates a new superuser',
    run: async (core, [email, password]) => {
      await createSuperuser(core, email!, password!);
      console.log(`Successfully created new superuser "${email}".`);
      return 0;
    },
  },
  {
    name: 'update',
    args: '<email> <password>',
    description: 'Changes the password of a single superuser',
    run: async (core, [email, password]) => {
      await updateSuperuserPassword(core, email!, password!);
      console.log(`Successfully changed superuser "${email}" password.`);
      return 0;
    },
  },
  {
    name: 'delete',
    args: '<email>',
    description: 'Deletes an existing superuser',
    run: async (core, [email]) => {
      if (await deleteSuperuser(core, email!)) {
        console.log(`Successfully deleted superuser "${email}".`);
      } else {
        console.log(`Superuser "${email}" is missing or already deleted.`);
      }
      return 0;
    },
  },
  {
    name: 'otp',
    args: '<email>',
    description: 'Creates a new OTP for the specified superuser',
    run: (core, [email]) => printOtp(core, email!),
  },
  {
    name: 'ips',
    args: '[ips...]',
    description:
      'Updates the superuser IPs allow-list setting (space separated IPs/subnets; none clears it)',
    run: async (core, ips) => {
      await core.settings.update(core.store, { superuserIPs: ips });
      console.log(
        ips.length > 0
          ? `Successfully updated the superuser IPs allow-list: ${ips.join(' ')}`
          : 'Successfully cleared the superuser IPs allow-list.',
      );
      return 0;
    },
  },
];

/** `superuser` and its actions; `done` receives the exit code. */
export function superuserCommand(done: (code: number) => void): Command {
  const command = new Command('superuser')
    .description('Manages superusers')
    .addHelpText('after', '\nPasswords need at least 8 characters.');
  for (const action of ACTIONS) {
    command
      .command(`${action.name} ${action.args}`)
      .description(action.description)
      .action(async (...params: unknown[]) => {
        const cmd = params.at(-1) as Command;
        const args = params.slice(0, -2).flat() as string[];
        const flags = cmd.optsWithGlobals<GlobalFlags>();
        const encryption = encryptionFromFlags(flags);
        const dbUrl = dbUrlOrReport(flags);
        if (dbUrl === false) return done(1);
        done(await withCore(flags.dir, (core) => action.run(core, args), encryption, dbUrl));
      });
  }
  return command;
}

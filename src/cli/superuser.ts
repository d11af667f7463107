// `satchel superuser upsert|create|update|delete|otp EMAIL [PASSWORD]`: manages superusers of a data dir.
//
// Safe beside a running server on the same dir: writes go through SQLite (WAL, busy_timeout) and
// the server re-reads superuser rows on every token check, so no cache needs invalidating.
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
import { DEFAULT_DIR, type ParsedArgs, stringFlag } from './args.ts';

export const superuserHelp = `Usage: satchel superuser <upsert|create|update|delete|otp> EMAIL [PASSWORD] [--dir=PATH]

Manages superusers (records of the _superusers auth collection):
  satchel superuser upsert EMAIL PASSWORD [--dir=PATH]   Creates, or updates the password if EMAIL exists
  satchel superuser create EMAIL PASSWORD [--dir=PATH]   Creates a new superuser
  satchel superuser update EMAIL PASSWORD [--dir=PATH]   Changes the password of an existing superuser
  satchel superuser delete EMAIL [--dir=PATH]            Deletes a superuser
  satchel superuser otp EMAIL [--dir=PATH]               Creates a one-time password (OTP) for the
                                                         superuser and prints its id and code

Flags:
  --dir=PATH   The data directory (default ${DEFAULT_DIR})
  -h, --help   Shows this help

Passwords need at least 8 characters. Exit code 0 on success, 1 on an error, 2 on bad usage.`;

const NEEDS_PASSWORD = new Set(['upsert', 'create', 'update']);

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

async function run(core: Core, action: string, email: string, password: string): Promise<number> {
  switch (action) {
    case 'upsert':
      await upsertSuperuser(core, email, password);
      console.log(`Successfully saved superuser "${email}".`);
      return 0;
    case 'create':
      await createSuperuser(core, email, password);
      console.log(`Successfully created new superuser "${email}".`);
      return 0;
    case 'update':
      await updateSuperuserPassword(core, email, password);
      console.log(`Successfully changed superuser "${email}" password.`);
      return 0;
    case 'otp':
      return await printOtp(core, email);
    default:
      if (await deleteSuperuser(core, email)) {
        console.log(`Successfully deleted superuser "${email}".`);
      } else {
        console.log(`Superuser "${email}" is missing or already deleted.`);
      }
      return 0;
  }
}

export async function runSuperuser(args: ParsedArgs): Promise<number> {
  if (args.flags.help) {
    console.log(superuserHelp);
    return 0;
  }
  const [action, email, password, ...extra] = args.positionals;
  const usage = (msg: string) => {
    console.error(`${msg}\n\n${superuserHelp}`);
    return 2;
  };
  if (!action) return usage('Missing the action (upsert, create, update, delete or otp).');
  if (!NEEDS_PASSWORD.has(action) && action !== 'delete' && action !== 'otp') {
    return usage(`Unknown action "${action}".`);
  }
  if (!email) return usage('Missing the EMAIL argument.');
  if (NEEDS_PASSWORD.has(action) && !password) return usage('Missing the PASSWORD argument.');
  if ((!NEEDS_PASSWORD.has(action) && password !== undefined) || extra.length > 0) {
    return usage('Too many arguments.');
  }

  const dir = stringFlag(args, 'dir', DEFAULT_DIR);
  let core: Core;
  try {
    core = await openCore(dir);
  } catch (err) {
    console.error(`Failed to open the data dir "${dir}": ${describe(err)}`);
    return 1;
  }
  try {
    return await run(core, action, email, password ?? '');
  } catch (err) {
    console.error(`Error: ${describe(err)}`);
    return 1;
  } finally {
    await core.store.writes.drain();
    core.store.close();
  }
}

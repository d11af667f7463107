// `satchel version`: prints the version and git commit this build was made from.
// scripts/build.ts replaces SATCHEL_BUILD_* with string literals (`define`); under `bun run` they are
// undeclared globals, hence the typeof guards.
import { Command } from 'commander';
import pkg from '../../package.json' with { type: 'json' };

declare const SATCHEL_BUILD_VERSION: string | undefined;
declare const SATCHEL_BUILD_COMMIT: string | undefined;

export const VERSION: string =
  typeof SATCHEL_BUILD_VERSION === 'string' ? SATCHEL_BUILD_VERSION : pkg.version;

/** The git commit of a compiled build; "dev" when running from source. */
export const COMMIT: string =
  typeof SATCHEL_BUILD_COMMIT === 'string' ? SATCHEL_BUILD_COMMIT : 'dev';

/** `satchel version 0.1.0 (abc123)`: also what `--version` prints. */
export const VERSION_LINE = `satchel version ${VERSION} (${COMMIT})`;

/** `version`; `done` receives the exit code. */
export function versionCommand(done: (code: number) => void): Command {
  return new Command('version')
    .description('Prints the version and the commit it was built from ("dev" when run from source)')
    .action(() => {
      console.log(VERSION_LINE);
      done(0);
    });
}

// `satchel version`: prints the version and git commit this build was made from.
// scripts/build.ts replaces SATCHEL_BUILD_* with string literals (`define`); under `bun run` they are
// undeclared globals, hence the typeof guards.
import pkg from '../../package.json' with { type: 'json' };

declare const SATCHEL_BUILD_VERSION: string | undefined;
declare const SATCHEL_BUILD_COMMIT: string | undefined;

export const VERSION: string =
  typeof SATCHEL_BUILD_VERSION === 'string' ? SATCHEL_BUILD_VERSION : pkg.version;

/** The git commit of a compiled build; "dev" when running from source. */
export const COMMIT: string =
  typeof SATCHEL_BUILD_COMMIT === 'string' ? SATCHEL_BUILD_COMMIT : 'dev';

export const versionHelp = `Usage: satchel version

Prints the Satchel version and the git commit it was built from ("dev" when run from source).`;

export function runVersion(): number {
  console.log(`satchel version ${VERSION} (${COMMIT})`);
  return 0;
}

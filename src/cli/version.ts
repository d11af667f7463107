// `satchel version`: prints the version this build was made from.
import pkg from '../../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;

export const versionHelp = `Usage: satchel version

Prints the Satchel version.`;

export function runVersion(): number {
  console.log(`satchel version ${VERSION}`);
  return 0;
}

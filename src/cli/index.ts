// Dispatches `satchel <command>`; every command answers --help.
import { parseArgs } from './args.ts';
import { healthcheckHelp, runHealthcheck } from './healthcheck.ts';
import { runServe, serveHelp } from './serve.ts';
import { runSuperuser, superuserHelp } from './superuser.ts';
import { runVersion, versionHelp } from './version.ts';

const USAGE = `Satchel: a realtime backend in one file (PocketBase compatible).

Usage: satchel <command> [flags]

Commands:
  serve        Starts the web server (default 127.0.0.1:8090)
  superuser    Manages superusers (upsert, create, update, delete)
  version      Prints the version and the commit it was built from
  healthcheck  Exits 0 when a server answers /api/health (for containers)

Run "satchel <command> --help" for a command's flags.`;

const commands: Record<
  string,
  { help: string; run: (argv: string[]) => Promise<number> | number }
> = {
  serve: { help: serveHelp, run: (argv) => runServe(parseArgs(argv, ['dev'])) },
  superuser: { help: superuserHelp, run: (argv) => runSuperuser(parseArgs(argv)) },
  version: { help: versionHelp, run: () => runVersion() },
  healthcheck: { help: healthcheckHelp, run: (argv) => runHealthcheck(parseArgs(argv)) },
};

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  return command.run(rest);
}

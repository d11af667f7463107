// `satchel <command>`: PocketBase's command tree and flags, parsed by commander. Usage errors
// (unknown command or flag, a missing or extra argument) exit 2; a command that fails exits 1.
import { Command, CommanderError } from 'commander';
import type { ExtensionOptions } from '../extend/extensions.ts';
import { backupCommand } from './backup.ts';
import { addGlobalFlags, FlagError, normalizeArgv } from './flags.ts';
import { healthcheckCommand } from './healthcheck.ts';
import { migrateCommand } from './migrate.ts';
import { migrateToPostgresCommand } from './migrate-to-postgres.ts';
import { restoreCommand } from './restore.ts';
import { serveCommand } from './serve.ts';
import { superuserCommand } from './superuser.ts';
import { typegenCommand } from './typegen.ts';
import { VERSION_LINE, versionCommand } from './version.ts';

const USAGE_ERROR = 2;

/** Exit override, help layout and error hints reach every command, nested ones included. */
function inheritSettings(command: Command, from: Command): void {
  command.copyInheritedSettings(from);
  for (const sub of command.commands) inheritSettings(sub, from);
}

/** `satchel superuser upsert <email> <password>`, … : the whole tree, one line a command. */
function commandLines(command: Command, prefix = 'satchel'): string[] {
  return command.commands
    .filter((sub) => sub.name() !== 'help')
    .flatMap((sub) => {
      const name = `${prefix} ${sub.name()}`;
      if (sub.commands.length > 0) return commandLines(sub, name);
      const args = sub.registeredArguments.map((a) => {
        const inner = `${a.name()}${a.variadic ? '...' : ''}`;
        return a.required ? `<${inner}>` : `[${inner}]`;
      });
      return [`  ${[name, ...args].join(' ')}`];
    });
}

/** What a program using Satchel as a library adds to the command line's server. */
export type CliOptions = Pick<ExtensionOptions, 'extensions'>;

function buildProgram(done: (code: number) => void, options: CliOptions): Command {
  const program = addGlobalFlags(new Command('satchel'))
    .description('Satchel: a realtime backend in one file (PocketBase compatible).')
    .version(VERSION_LINE, '-v, --version', 'print the version')
    .exitOverride()
    .configureHelp({ showGlobalOptions: true, sortSubcommands: true })
    .showHelpAfterError('(add --help for usage)');
  for (const command of [
    serveCommand(done, options),
    superuserCommand(done),
    versionCommand(done),
    healthcheckCommand(done),
    backupCommand(done),
    restoreCommand(done),
    migrateCommand(done),
    migrateToPostgresCommand(done),
    typegenCommand(done),
  ]) {
    inheritSettings(command, program);
    program.addCommand(command);
  }
  return program.addHelpText(
    'after',
    () => `\nEvery command:\n${commandLines(program).join('\n')}`,
  );
}

/** Runs one command line (without the program name) and resolves with its exit code. */
export async function runCli(argv: string[], options: CliOptions = {}): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  }, options);
  if (argv.length === 0) {
    console.log(program.helpInformation());
    return 0;
  }
  try {
    await program.parseAsync(normalizeArgv(argv), { from: 'user' });
  } catch (err) {
    if (err instanceof FlagError) {
      console.error(`error: ${err.message}\n(add --help for usage)`);
      return USAGE_ERROR;
    }
    if (!(err instanceof CommanderError)) throw err;
    // commander has printed the message (or the help / version) already
    return err.exitCode === 0 ? 0 : USAGE_ERROR;
  }
  return code;
}

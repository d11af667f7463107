// PocketBase's global CLI flags, and the Go-flag spellings that commander doesn't read by itself.
import { basename, dirname, join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';

export const DEFAULT_DIR = './sb_data';

/**
 * `sb_public` beside the data dir; `pb_public` beside a PocketBase `pb_data` (PocketBase's default
 * is beside its executable, which for the usual layout is the same place).
 */
export function defaultPublicDir(dataDir: string): string {
  const trimmed = dataDir.replace(/[\\/]+$/, '');
  return join(dirname(trimmed || '.'), basename(trimmed) === 'pb_data' ? 'pb_public' : 'sb_public');
}

/** `sb_hooks` beside the data dir; `pb_hooks` beside a PocketBase `pb_data` (as defaultPublicDir). */
export function defaultHooksDir(dataDir: string): string {
  const trimmed = dataDir.replace(/[\\/]+$/, '');
  return join(dirname(trimmed || '.'), basename(trimmed) === 'pb_data' ? 'pb_hooks' : 'sb_hooks');
}

/**
 * `--encryptionEnv=VAR` → the variable's name and value. Unset or empty → no encryption, as
 * PocketBase (it then reads and writes the settings as plain JSON).
 */
export function encryptionFromFlags(flags: {
  encryptionEnv?: string;
}): { env: string; key: string } | undefined {
  const env = flags.encryptionEnv;
  const key = env ? process.env[env] : undefined;
  return env && key ? { env, key } : undefined;
}

/** A command line commander would misread: reported as a usage error before parsing. */
export class FlagError extends Error {}

/** The global flags every command takes, as PocketBase's root command defines them. */
export interface GlobalFlags {
  dir: string;
  dev: boolean;
  encryptionEnv?: string;
  queryTimeout: number;
  hooksDir?: string;
  hooksWatch: boolean;
  hooksPool: number;
  migrationsDir?: string;
  automigrate: boolean;
  publicDir?: string;
  indexFallback: boolean;
  /** `--db=postgres://…` (Satchel addition); `SATCHEL_DB_URL` when absent. */
  db?: string;
}

/** Booleans that default to true: `--name=false` (Go) and `--no-name` (commander) turn them off. */
const DEFAULT_TRUE = ['hooksWatch', 'automigrate', 'indexFallback'] as const;
const DEFAULT_FALSE = ['dev'] as const;

/**
 * Flags PocketBase has whose feature Satchel doesn't have yet: accepted, so that command lines copied
 * from PocketBase keep working, with one warning line each when given. Remove an entry when its
 * feature lands.
 */
export const PENDING_FLAGS: Record<string, string> = {
  queryTimeout: 'query timeouts',
};

/** `--hooksPool=15` → 15; anything else is a usage error naming the flag. */
export function parseInteger(flag: string) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value)) {
      throw new InvalidArgumentError(`"${value}" is not an integer (--${flag}).`);
    }
    return Number(value);
  };
}

/** Adds PocketBase's root flags to `program`; commander recognises them after any subcommand too. */
export function addGlobalFlags(program: Command): Command {
  return program
    .option('--dir <path>', 'the data directory', DEFAULT_DIR)
    .option('--dev', 'dev mode: prints every request to the console', false)
    .option(
      '--encryptionEnv <name>',
      'the env variable whose 32-character value encrypts the settings',
    )
    .addOption(
      new Option('--queryTimeout <seconds>', 'the default SELECT queries timeout in seconds')
        .default(30)
        .argParser(parseInteger('queryTimeout')),
    )
    .option(
      '--hooksDir <path>',
      'the directory with the app hooks (default: sb_hooks beside --dir, pb_hooks beside a pb_data)',
    )
    .option('--hooksWatch', 'reload a hooks file when it changes', true)
    .option('--no-hooksWatch', 'do not watch the hooks dir')
    .addOption(
      // Accepted for PocketBase command lines; no effect: hooks run in the server's own runtime.
      new Option('--hooksPool <n>', "PocketBase's JS runtime pool size (no effect in Satchel)")
        .default(15)
        .argParser(parseInteger('hooksPool')),
    )
    .option(
      '--migrationsDir <path>',
      'the directory with the user defined migrations (default: sb_migrations beside --dir)',
    )
    .option('--automigrate', 'create migration files on schema changes', true)
    .option('--no-automigrate', 'do not create migration files')
    .option(
      '--publicDir <path>',
      'the directory to serve static files from (default: sb_public beside --dir)',
    )
    .option('--indexFallback', 'serve index.html for missing static paths', true)
    .option('--no-indexFallback', 'answer 404 for missing static paths')
    .option(
      '--db <url>',
      "postgres://user:pass@host:5432/db: keep the tables in PostgreSQL instead of the data dir's SQLite (default: $SATCHEL_DB_URL; Satchel addition)",
    );
}

/** Flags other servers take that PocketBase spells differently: named in the error. */
const MISTAKEN_FLAGS: Record<string, string> = {
  port: '--http=127.0.0.1:PORT',
  host: '--http=HOST:8090',
  listen: '--http=HOST:PORT',
  data: '--dir=PATH',
  dataDir: '--dir=PATH',
  'data-dir': '--dir=PATH',
};

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/**
 * Rewrites Go-flag spellings into commander's, before `--`:
 * `--automigrate=false` → `--no-automigrate`, `--dev=true` → `--dev`, `--dir=x` → `--dir x`
 * (split so that an unknown `--dri=x` is reported as `--dri`, with a suggestion).
 * A boolean given a value Go's strconv.ParseBool refuses is an error.
 */
export function normalizeArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const hint = MISTAKEN_FLAGS[/^--([^=]+)/.exec(arg)?.[1] ?? ''];
    if (hint) throw new FlagError(`unknown option '${arg}'\n(Did you mean ${hint}?)`);
    const m = /^--([^=]+)=(.*)$/s.exec(arg);
    if (!m) {
      out.push(arg);
      continue;
    }
    const [, name, value] = m as unknown as [string, string, string];
    const isTrueByDefault = (DEFAULT_TRUE as readonly string[]).includes(name);
    if (isTrueByDefault || (DEFAULT_FALSE as readonly string[]).includes(name)) {
      if (!TRUE.has(value) && !FALSE.has(value)) {
        throw new FlagError(`"${value}" is not a boolean (--${name}=true|false).`);
      }
      if (TRUE.has(value)) out.push(`--${name}`);
      else if (isTrueByDefault) out.push(`--no-${name}`);
      continue;
    }
    out.push(`--${name}`, value);
  }
  return out;
}

/** The warning for a flag whose feature isn't built yet. */
export function pendingWarning(name: string): string {
  return `Warning: --${name} does nothing yet (not built in Satchel yet: ${PENDING_FLAGS[name]}); accepted for PocketBase compatibility.`;
}

/** One warning line per given flag whose feature isn't built yet. */
export function warnPendingFlags(cmd: Command, names: readonly string[]): void {
  for (const name of names) {
    if (!PENDING_FLAGS[name] || cmd.getOptionValueSourceWithGlobals(name) !== 'cli') continue;
    console.error(pendingWarning(name));
  }
}

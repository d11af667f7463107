// A tiny argv parser in PocketBase's flag style: `--name=value`, `--name value`, `--flag`.

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | true>;
}

/** `['serve', '--http=1.2.3.4:80', '--dev']` → `{positionals: ['serve'], flags: {http: '1.2.3.4:80', dev: true}}`. */
export function parseArgs(argv: string[], booleanFlags: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') {
      flags.help = true;
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        flags[arg.slice(2, eq)] = arg.slice(eq + 1);
      } else {
        const name = arg.slice(2);
        const next = argv[i + 1];
        if (
          !booleanFlags.includes(name) &&
          name !== 'help' &&
          next !== undefined &&
          !next.startsWith('--')
        ) {
          flags[name] = next;
          i++;
        } else {
          flags[name] = true;
        }
      }
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, flags };
}

export function stringFlag(args: ParsedArgs, name: string, fallback: string): string {
  const v = args.flags[name];
  return typeof v === 'string' ? v : fallback;
}

export const DEFAULT_DIR = './sb_data';

// Reads a migrations dir: each `*.js` / `*.ts` file evaluated with PocketBase's JSVM globals in scope.
//
// `new Function` over the file text, not `import()`: it works inside the compiled binary and in
// any dir, and the file sees exactly PocketBase's globals (`migrate`, `Collection`, `Field` …).
// A `.ts` file is transpiled by Bun first; imports are not resolved (PocketBase has none either).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Collection, Field, FieldsList, Record, TYPED_FIELDS, unmarshal } from './js-api.ts';
import type { MigrationApp } from './migration-app.ts';

/** A file failed to load or run (the run was rolled back); `cause` keeps the original error. */
export class MigrationError extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(`${message}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export type MigrationFn = (app: MigrationApp) => unknown;

export interface MigrationFile {
  file: string;
  up: MigrationFn | null;
  down: MigrationFn | null;
}

/** PocketBase's jsvm default pattern, without TypeScript declaration files. */
export function isMigrationFile(name: string): boolean {
  return /\.(js|ts)$/.test(name) && !name.endsWith('.d.ts');
}

/**
 * `sb_migrations` beside the data dir; `pb_migrations` beside a PocketBase `pb_data`, so both
 * servers read the same files there.
 */
export function defaultMigrationsDir(dataDir: string): string {
  const name =
    basename(dataDir.replace(/[\\/]+$/, '')) === 'pb_data' ? 'pb_migrations' : 'sb_migrations';
  return join(dirname(dataDir.replace(/[\\/]+$/, '') || '.'), name);
}

/** The globals a migration file sees, PocketBase's names. */
function globalsFor(register: (up: unknown, down: unknown) => void): { [name: string]: unknown } {
  return {
    migrate: register,
    Collection,
    Field,
    FieldsList,
    Record,
    unmarshal,
    ...TYPED_FIELDS,
  };
}

let transpiler: InstanceType<typeof Bun.Transpiler> | undefined;

/** Evaluates one file; `migrate(up, down)` is what it registers (PocketBase: once per file). */
export function evaluateMigration(file: string, source: string): MigrationFile {
  let code = source;
  if (file.endsWith('.ts')) {
    transpiler ??= new Bun.Transpiler({ loader: 'ts' });
    code = transpiler.transformSync(source);
  }
  const out: MigrationFile = { file, up: null, down: null };
  const globals = globalsFor((up, down) => {
    out.up = typeof up === 'function' ? (up as MigrationFn) : null;
    out.down = typeof down === 'function' ? (down as MigrationFn) : null;
  });
  // Sloppy mode, as goja runs PocketBase's files: a file that assigns an undeclared name still runs.
  const run = new Function(...Object.keys(globals), `${code}\n//# sourceURL=${file}`);
  run(...Object.values(globals));
  return out;
}

/** Every migration file of `dir` in name order (a missing dir has none). */
export function loadMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(isMigrationFile)
    .sort()
    .map((file) => {
      try {
        return evaluateMigration(file, readFileSync(join(dir, file), 'utf8'));
      } catch (err) {
        throw new MigrationError(`failed to load migration ${file}`, err);
      }
    });
}

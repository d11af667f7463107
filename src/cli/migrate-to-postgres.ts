// `satchel migrate-to-postgres --dir=… --db=postgres://…`: copies a data dir's SQLite databases into an
// empty PostgreSQL database (schema through the core, rows table by table), then proves the copy by
// row counts and checksums. The source is opened read-only; files stay in the data dir.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SQL } from 'bun';
import { Command } from 'commander';
import type { Collection } from '../core/collections/model.ts';
import { CollectionRegistry } from '../core/collections/registry.ts';
import { SettingsStore } from '../core/settings/store.ts';
import { wrapConnection } from '../db/conn.ts';
import {
  type Checksum,
  checksums,
  copyTable,
  countRows,
  openSource,
  type SqliteSource,
  type TableSpec,
} from '../db/pg/copy-table.ts';
import { dbUrlOrReport, maskDbUrl, maskSecrets } from './db-url.ts';
import { describeError } from './describe-error.ts';
import { encryptionFromFlags, type GlobalFlags } from './flags.ts';
import { acquireServeLock } from './lock.ts';
import { createSchema, leaveOut } from './migrate-to-postgres-schema.ts';
import { selfCommand, shellQuote } from './self.ts';

/** A problem that stops the migration: printed as one `Error:` line, exit 1. */
class MigrationStop extends Error {}

export function migrateToPostgresCommand(done: (code: number) => void): Command {
  return new Command('migrate-to-postgres')
    .description(
      'Copies the SQLite databases of --dir into an empty PostgreSQL database (--db), then checks ' +
        'row counts and checksums; serve with --db afterwards (Satchel addition)',
    )
    .action(async (_opts, cmd: Command) => {
      const flags = cmd.optsWithGlobals<GlobalFlags>();
      const dbUrl = dbUrlOrReport(flags);
      if (dbUrl === false) return done(1);
      if (!dbUrl) {
        console.error(
          'Error: give the target database: --db=postgres://user:pass@host:5432/dbname',
        );
        return done(2);
      }
      done(await migrateToPostgres(flags, dbUrl));
    });
}

interface Report {
  spec: TableSpec;
  source: Checksum;
  target: Checksum;
}

async function migrateToPostgres(flags: GlobalFlags, url: string): Promise<number> {
  const dir = flags.dir;
  if (!existsSync(join(dir, 'data.db'))) {
    console.error(`Error: "${dir}" has no data.db to migrate (check --dir).`);
    return 1;
  }
  // A server writing meanwhile would make the copy and its checksums disagree.
  const lock = acquireServeLock(dir);
  if ('heldBy' in lock) {
    console.error(
      `Error: the data dir "${dir}" is being served by process ${lock.heldBy}; stop it first.`,
    );
    return 1;
  }
  const source = openSource(join(dir, 'data.db'));
  const auxPath = join(dir, 'auxiliary.db');
  const aux = existsSync(auxPath) ? openSource(auxPath) : null;
  // Bun.SQL at the call: an import of it would load Bun's SQL client at every start of the CLI.
  const target = new Bun.SQL(url, { max: 2, connectionTimeout: 10 });
  const warnings: string[] = [];
  try {
    ensurePlainSettings(source);
    await ensureEmpty(target, url);
    const collections = readCollections(source);
    const schema = await createSchema(dir, url, flags, collections, warnings);
    const adjusted = schema.skippedViews.length > 0 || schema.indexes.size > 0;
    const reports: Report[] = [];
    const tables: [SqliteSource, TableSpec][] = [
      // The source's own rows (field ids, index texts, secrets, dates) over what the import wrote.
      [source, { table: '_collections', key: 'id', rowid: false }],
      ...collections
        .filter((c) => c.type !== 'view')
        .map((c): [SqliteSource, TableSpec] => [source, { table: c.name, key: 'id', rowid: true }]),
      [source, { table: '_params', key: 'id', rowid: false }],
      [source, { table: '_migrations', key: 'file', rowid: false }],
      ...(aux
        ? [[aux, { table: '_logs', key: 'id', rowid: false }] as [SqliteSource, TableSpec]]
        : []),
    ];
    const { rowProgress } = await import('./progress.ts');
    for (const [db, spec] of tables) {
      const total = countRows(db, spec.table);
      const bar = rowProgress(spec.table, total);
      const result = await copyTable(db, target, spec, bar.update);
      bar.stop();
      if (spec.table === '_collections') await leaveOut(target, schema);
      if (result.dropped.length > 0 && spec.rowid) {
        warnings.push(
          `${spec.table}: columns with no field in the collection were not copied: ${result.dropped.join(', ')}`,
        );
      }
      if (result.notJson > 0) {
        warnings.push(
          `${spec.table}: ${result.notJson} value(s) in JSON columns were not JSON; stored as JSON strings`,
        );
      }
    }
    for (const [db, spec] of tables) {
      // Views PostgreSQL refused are left out on purpose (warned about below).
      if (spec.table === '_collections' && adjusted) continue;
      reports.push({ spec, ...(await checksums(db, target, spec)) });
    }
    const ok = printReport(reports);
    for (const w of warnings) console.error(`Warning: ${w}`);
    if (!ok) {
      console.error('Error: the copy differs from the source (rows marked ✗ above).');
      return 1;
    }
    console.log(
      `\nCopied into ${maskDbUrl(url)}. ${filesNote(source, dir, flags)}\n` +
        `Serve it with: ${selfCommand()} serve --dir=${shellQuote(dir)} --db=… (or SATCHEL_DB_URL). ` +
        `"${join(dir, 'data.db')}" is unchanged.`,
    );
    return 0;
  } catch (err) {
    const message = err instanceof MigrationStop ? err.message : describeError(err);
    console.error(`Error: ${maskSecrets(message, url)}`);
    return 1;
  } finally {
    await target.close();
    source.close();
    aux?.close();
    lock.release();
  }
}

/** A target with tables of its own is refused: the copy would mix with (or drop) them. */
async function ensureEmpty(target: SQL, url: string): Promise<void> {
  let rows: { n: number }[];
  try {
    rows = (await target.unsafe(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema()`,
    )) as { n: number }[];
  } catch (err) {
    throw new MigrationStop(
      `cannot reach the PostgreSQL database ${maskDbUrl(url)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const n = rows[0]?.n ?? 0;
  if (n > 0) {
    throw new MigrationStop(
      `the PostgreSQL database ${maskDbUrl(url)} is not empty (${n} tables); ` +
        'migrate into a new empty database (CREATE DATABASE …).',
    );
  }
}

/**
 * Encrypted settings (`--encryptionEnv`) are text, not JSON: PostgreSQL's `_params.value` is `jsonb`,
 * and the server would read such a value back as plain settings. Refused until that is settled.
 */
function ensurePlainSettings(source: SqliteSource): void {
  const rows = source.query('SELECT id, value FROM _params').all() as {
    id: string;
    value: unknown;
  }[];
  const encrypted = rows.filter((r) => {
    if (r.value === null || typeof r.value !== 'string') return false;
    try {
      JSON.parse(r.value);
      return false;
    } catch {
      return true;
    }
  });
  if (encrypted.length > 0) {
    throw new MigrationStop(
      `the settings of this data dir are encrypted (_params rows: ${encrypted.map((r) => r.id).join(', ')}); ` +
        'encrypted settings are not supported on PostgreSQL yet, nothing was copied.',
    );
  }
}

function readCollections(source: SqliteSource): Collection[] {
  const registry = new CollectionRegistry();
  registry.reload(wrapConnection(source));
  return registry.all();
}

/** Settings say where the files are; they stay where they are either way. */
function filesNote(source: SqliteSource, dir: string, flags: GlobalFlags): string {
  try {
    const settings = new SettingsStore(encryptionFromFlags(flags));
    settings.load(wrapConnection(source));
    if (settings.get().s3.enabled) return 'Uploaded files are on S3 already (settings.s3).';
  } catch {
    // encrypted settings without the key: say where local files would be
  }
  return `Uploaded files stay in "${join(dir, 'storage')}": keep that dir beside the server.`;
}

function printReport(reports: Report[]): boolean {
  const rows = reports.map(({ spec, source, target }) => {
    const same = source.rows === target.rows && source.hash === target.hash;
    return [
      same ? '✓' : '✗',
      spec.table,
      String(source.rows),
      String(target.rows),
      source.hash.slice(0, 16),
      target.hash.slice(0, 16),
    ];
  });
  const head = ['', 'table', 'SQLite rows', 'PG rows', 'SQLite sha256', 'PG sha256'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows]) console.log(r.map((v, i) => v.padEnd(widths[i]!)).join('  '));
  return rows.every((r) => r[0] === '✓');
}

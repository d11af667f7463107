// `--db=postgres://…` / `SATCHEL_DB_URL`: which database a command opens, and how it is named in output
// (never with its password).

/** `--db` given, else `SATCHEL_DB_URL`; null for the data dir's SQLite; a string error for a bad URL. */
export function dbUrlFromFlags(flags: { db?: string }): { url: string | null } | { error: string } {
  const given = flags.db ?? process.env.SATCHEL_DB_URL ?? '';
  const source = flags.db !== undefined ? '--db' : 'SATCHEL_DB_URL';
  if (!given.trim()) return { url: null };
  let parsed: URL;
  try {
    parsed = new URL(given);
  } catch {
    return {
      error: `${source} is not a URL (${maskDbUrl(given)}); expected postgres://user:pass@host:5432/dbname.`,
    };
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    return {
      error: `${source} must be a postgres:// URL (got ${parsed.protocol}//…); Satchel stores tables in SQLite or PostgreSQL.`,
    };
  }
  return { url: given };
}

/** `postgres://u:secret@h/db` → `postgres://u:***@h/db`; also masks what doesn't parse as a URL. */
export function maskDbUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*):[^@/?#]*@/i, '$1:***@');
}

/** The password of a URL, decoded and raw (either may appear in a driver's message). */
function secrets(url: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^:/@?#]*:([^@/?#]*)@/i.exec(url);
  if (!m?.[1]) return [];
  let decoded = m[1];
  try {
    decoded = decodeURIComponent(m[1]);
  } catch {}
  return [...new Set([m[1], decoded])].filter((s) => s.length > 0);
}

/** An error's text with the URL's password masked wherever it appears. */
export function maskSecrets(text: string, url: string | null): string {
  let out = url ? text.replaceAll(url, maskDbUrl(url)) : text;
  for (const secret of url ? secrets(url) : []) out = out.replaceAll(secret, '***');
  return out;
}

/** One line for a database that could not be opened: `PostgreSQL at postgres://u:***@h/db: Failed to connect`. */
export function openFailure(
  dir: string,
  url: string | null,
  err: unknown,
  describe?: (e: unknown) => string,
): string {
  const text = describe ? describe(err) : err instanceof Error ? err.message : String(err);
  if (!url) return `Failed to open the data dir "${dir}": ${text}`;
  return `Failed to open the PostgreSQL database ${maskDbUrl(url)}: ${maskSecrets(text, url)}`;
}

/** The command's database URL (null: SQLite); `false` after printing why the given one is unusable. */
export function dbUrlOrReport(flags: { db?: string }): string | null | false {
  const db = dbUrlFromFlags(flags);
  if ('url' in db) return db.url;
  console.error(`Error: ${db.error}`);
  return false;
}

/** An error from Bun's PostgreSQL client itself (a node's own connections, outside the bridge). */
export function isPostgresError(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown } | null;
  return (
    e?.name === 'PostgresError' ||
    (typeof e?.code === 'string' && e.code.startsWith('ERR_POSTGRES'))
  );
}

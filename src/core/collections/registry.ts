// The in-memory collection cache: every request resolves collections here, never by querying `_collections`.
import { sql } from 'drizzle-orm';
import type { Conn } from '../../db/conn.ts';
import { runAll, systemTables } from '../../db/system-tables.ts';
import { NotFoundError } from '../errors.ts';
import { collectionFromRow } from './codec.ts';
import type { Collection, CollectionRow } from './model.ts';

const pgOrder = new WeakMap<Conn, string>();

/**
 * PocketBase lists collections in insertion (rowid) order. PostgreSQL has no rowid: a `_rowid_`
 * identity column when the system schema has one, else creation time then id (system collections
 * created in the same millisecond then come out of PocketBase's order).
 */
function insertionOrder(conn: Conn): string {
  if (conn.engine !== 'postgres') return 'rowid';
  let order = pgOrder.get(conn);
  if (order === undefined) {
    const has = conn.get(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
        AND table_name = '_collections' AND column_name = '_rowid_'`,
    );
    order = has ? '"_rowid_"' : 'created, id';
    pgOrder.set(conn, order);
  }
  return order;
}

export class CollectionRegistry {
  private byId = new Map<string, Collection>();
  private byName = new Map<string, Collection>();
  /** Bumped on every reload; compiled filters and statements key their caches on it. */
  version = 0;

  reload(conn: Conn): void {
    const { db, collections } = systemTables(conn);
    const rows = runAll<CollectionRow>(
      conn,
      db
        .select()
        .from(collections)
        .orderBy(sql.raw(insertionOrder(conn))),
    );
    this.byId.clear();
    this.byName.clear();
    for (const row of rows) {
      const c = collectionFromRow(row);
      this.byId.set(c.id, c);
      this.byName.set(c.name.toLowerCase(), c);
    }
    this.version++;
  }

  all(): Collection[] {
    return [...this.byId.values()];
  }

  /**
   * `--workers`: checks whether another worker changed the collections (and reloads them if so);
   * true when it did. Asked on a miss, so a collection created through one worker is found by
   * the next request on any other, before the periodic check would have seen it.
   */
  refreshOnMiss: (() => boolean) | null = null;

  /** By id, else by name (case-insensitive, as PocketBase's lookup). */
  find(idOrName: string): Collection | undefined {
    const found = this.lookup(idOrName);
    if (found || !this.refreshOnMiss?.()) return found;
    return this.lookup(idOrName);
  }

  private lookup(idOrName: string): Collection | undefined {
    // Exact name before lowercasing: the common case costs no new string per request.
    return (
      this.byId.get(idOrName) ??
      this.byName.get(idOrName) ??
      this.byName.get(idOrName.toLowerCase())
    );
  }

  require(idOrName: string, message = 'Missing collection context.'): Collection {
    const c = this.find(idOrName);
    if (!c) throw new NotFoundError(message);
    return c;
  }
}

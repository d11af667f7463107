// The joins one expression shares: same path → same join alias, as PocketBase's resolver does.
import type { Collection } from '../collections/model.ts';
import type { Join } from './operand.ts';

/** A joined collection whose listRule must hold for the joined row (§4.5, restricted filters). */
export interface RuleGuard {
  alias: string;
  collection: Collection;
}

export class Scope {
  joins: Join[] = [];
  guards: RuleGuard[] = [];
  /** Ids of every collection reached through a join (relations, back-relations, @collection, auth). */
  collections = new Set<string>();
  private aliases = new Map<string, string>();
  private counter = 0;

  nextAlias(prefix: string): string {
    this.counter++;
    return `${prefix}${this.counter}`;
  }

  /** The alias joined for `key`, registering `make(alias)` on first use. */
  join(key: string, collectionId: string | null, make: (alias: string) => Join): string {
    const hit = this.aliases.get(key);
    if (hit) return hit;
    const alias = this.nextAlias('__j');
    this.aliases.set(key, alias);
    this.joins.push(make(alias));
    if (collectionId) this.collections.add(collectionId);
    return alias;
  }

  has(key: string): boolean {
    return this.aliases.has(key);
  }

  /** A copy for binding one request without touching the cached template. */
  clone(): Scope {
    const s = new Scope();
    s.joins = [...this.joins];
    s.guards = [...this.guards];
    s.collections = new Set(this.collections);
    s.aliases = new Map(this.aliases);
    s.counter = this.counter;
    return s;
  }
}

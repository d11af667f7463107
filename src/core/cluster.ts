// What a serving process shares with its siblings: who runs once-only work, and how shared state changes reach it.
import type { Core } from './core.ts';

/**
 * Once-only work (cron jobs: purges, auto-backups) runs in the leader only. One process is its own
 * leader (`soleLeader`); `--workers=N` has the supervisor designate one worker; a multi-node setup
 * would take a database lock (PostgreSQL: an advisory lock).
 */
export interface Leadership {
  readonly isLeader: boolean;
  /** Called on every gain or loss; returns the unsubscribe function. */
  onChange(fn: (isLeader: boolean) => void): () => void;
}

export const soleLeader: Leadership = { isLeader: true, onChange: () => () => {} };

/** Which shared state another process changed (the caches to reload from the database). */
export type SharedChange = 'collections' | 'settings';

/**
 * Tells a process that another one committed a change to shared state. SQLite workers poll the
 * database (`cluster/sqlite-changes.ts`); PostgreSQL nodes would LISTEN plus poll a sequence.
 */
export type WatchSharedChanges = (
  core: Core,
  onChange: (what: SharedChange) => void,
) => SharedChangeWatch;

export interface SharedChangeWatch {
  stop(): void;
  /** Looks now, outside the schedule; true when something changed (and `onChange` ran). */
  check(): boolean;
}

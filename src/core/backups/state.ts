// What a data dir's backups share at run time: the one backup or restore in progress, and how to restart.
import { rmSync } from 'node:fs';
import type { Engine } from '../../db/conn.ts';
import { acquirePidLock, otherLockHolder, pidInLock } from '../pid-lock.ts';

/**
 * Swaps the data dir's contents; `rollback` puts the previous contents back, `commit` drops them.
 * Called with the databases closed.
 */
export type SwapContents = () => Promise<{ commit(): Promise<void>; rollback(): Promise<void> }>;

/** Closes the databases, runs `swap`, reopens them (the running app provides it). */
export type Restarter = (swap: SwapContents) => Promise<void>;

/**
 * The other processes serving the data dir (`serve --workers`): `hold` resolves once every one has
 * closed its databases, with the function that lets them reopen.
 */
export interface SiblingHold {
  hold(): Promise<() => void>;
}

/**
 * Where a running backup or restore is. A backup goes snapshot → archive → store; a restore
 * download → extract → check → swap. `done`/`total` count bytes of the phase that streams
 * (archive, extract); the other phases report 0/0.
 */
export type BackupPhase =
  | 'snapshot'
  | 'archive'
  | 'store'
  | 'download'
  | 'extract'
  | 'check'
  | 'swap';

export interface RunningBackup {
  kind: 'backup' | 'restore';
  key: string;
  phase: BackupPhase;
  done: number;
  total: number;
  /** When it started (ms since the epoch). */
  startedAt: number;
}

export class BackupState {
  /** The backup being written or restored, or null. One at a time, as in PocketBase. */
  running: RunningBackup | null = null;
  /** Set by a serving app; without one (the CLI), a restore swaps the closed dir directly. */
  restarter: Restarter | null = null;
  /** Why a restore is refused here (`serve --workers`: the other workers have the dir open). */
  restoreRefusal: string | null = null;
  /** Set in a worker: the siblings close around a restore's swap and reopen after it. */
  siblings: SiblingHold | null = null;
  /** The last backup this process attempted (metrics): when it ended and whether it was stored. */
  last: { at: Date; ok: boolean } | null = null;

  /**
   * `serve --workers`: a pid file every worker sees, so the group runs one backup or restore at a
   * time and each worker's `canBackup` says so (set by cluster/join.ts; null in one process).
   */
  groupLock: string | null = null;

  /** http-api.md §2: `canBackup` is false while a backup or restore runs (in any worker). */
  get canBackup(): boolean {
    return this.running === null && !this.heldBySibling();
  }

  /** Marks `job` running; false when one already runs here or in a sibling worker. */
  begin(job: RunningBackup): boolean {
    if (this.running) return false;
    if (this.groupLock && !takeGroupLock(this.groupLock)) return false;
    this.running = job;
    return true;
  }

  end(): void {
    this.running = null;
    if (this.groupLock && pidInLock(this.groupLock) === process.pid) {
      rmSync(this.groupLock, { force: true });
    }
  }

  private heldBySibling(): boolean {
    return this.groupLock !== null && otherLockHolder(this.groupLock) !== 0;
  }

  /**
   * `swap`, run while every sibling has its databases closed: they reopen once this process has
   * reopened the restored dir (commit) or put the previous contents back (rollback).
   */
  aroundSiblings(swap: SwapContents): SwapContents {
    const siblings = this.siblings;
    if (!siblings) return swap;
    return async () => {
      const release = await siblings.hold();
      let swapped: Awaited<ReturnType<SwapContents>>;
      try {
        swapped = await swap();
      } catch (err) {
        release();
        throw err;
      }
      return {
        async commit() {
          release();
          await swapped.commit();
        },
        async rollback() {
          // The siblings reopen whatever happens: held closed, they would answer 503 for good.
          try {
            await swapped.rollback();
          } finally {
            release();
          }
        },
      };
    };
  }

  /** Moves the running job to `phase` (its byte counts restart at 0). */
  enter(phase: BackupPhase): void {
    if (!this.running) return;
    this.running.phase = phase;
    this.running.done = 0;
    this.running.total = 0;
  }

  /** Bytes done of the current phase. */
  advance(done: number, total: number): void {
    if (!this.running) return;
    this.running.done = done;
    this.running.total = total;
  }
}

/** Takes the group's lock (one left by a worker that died mid-job is taken over); false if held. */
function takeGroupLock(path: string): boolean {
  try {
    return !('heldBy' in acquirePidLock(path));
  } catch (err) {
    // A file system error stands; losing the take-over race twice means another worker holds it.
    if ((err as NodeJS.ErrnoException).code) throw err;
    return false;
  }
}

/**
 * Whether backups of the data dir make sense for this core (not when the data is in PostgreSQL).
 * Here, not in backups.ts, so auto-backups' schedule needs no archive code at start.
 */
export function backupsSupported(core: { store: { reader: { engine: Engine } } }): boolean {
  return core.store.reader.engine === 'sqlite';
}

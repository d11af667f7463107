// What a data dir's backups share at run time: the one backup or restore in progress, and how to restart.

/**
 * Swaps the data dir's contents; `rollback` puts the previous contents back, `commit` drops them.
 * Called with the databases closed.
 */
export type SwapContents = () => Promise<{ commit(): Promise<void>; rollback(): Promise<void> }>;

/** Closes the databases, runs `swap`, reopens them (the running app provides it). */
export type Restarter = (swap: SwapContents) => Promise<void>;

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
  /** The last backup this process attempted (metrics): when it ended and whether it was stored. */
  last: { at: Date; ok: boolean } | null = null;

  /** http-api.md §2: `canBackup` is false while a backup or restore runs. */
  get canBackup(): boolean {
    return this.running === null;
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

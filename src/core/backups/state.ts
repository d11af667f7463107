// What a data dir's backups share at run time: the one backup or restore in progress, and how to restart.

/**
 * Swaps the data dir's contents; `rollback` puts the previous contents back, `commit` drops them.
 * Called with the databases closed.
 */
export type SwapContents = () => Promise<{ commit(): Promise<void>; rollback(): Promise<void> }>;

/** Closes the databases, runs `swap`, reopens them (the running app provides it). */
export type Restarter = (swap: SwapContents) => Promise<void>;

export class BackupState {
  /** The backup being written or restored, or null. One at a time, as in PocketBase. */
  running: { kind: 'backup' | 'restore'; key: string } | null = null;
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
}

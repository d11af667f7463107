// Workers (`serve --workers`) take turns at data.db's write lock: who holds it and who waits, in a shared memory page.
import { closeSync, fstatSync, ftruncateSync, openSync } from 'node:fs';

/**
 * Slots per file: slot `i` is worker `i`'s. A worker past the last slot takes no part (its writes
 * still retry, as without turns).
 */
const SLOTS = 256;
/** Two numbers a slot: since when it waits for the lock (0: not), since when it holds it (0: not). */
const WORDS = 2;
const BYTES = SLOTS * WORDS * 8;
/**
 * A waiter re-marks its slot at every retry (under a millisecond apart) and a holder holds for a
 * fraction of a millisecond: older marks are a dead or stalled process's, and ignored.
 */
const WANT_STALE_MS = 5;
const HOLD_STALE_MS = 50;

/** Milliseconds since the epoch with sub-millisecond precision, comparable between processes. */
const now = () => performance.timeOrigin + performance.now();

/**
 * SQLite grants its write lock to whichever process asks at the free instant; it queues nobody. A
 * worker that found it taken retries, and under steady writes its sibling, re-taking the lock right
 * after each COMMIT, keeps finding it free first: the loser's retries back off to sleeps of tens of
 * milliseconds while its requests pile up. With turns, a process that has just committed lets a
 * waiting sibling go first, and a waiter retries only once the holder has let go, without sleeping.
 * Marks are advisory: a process that crashed or stalled leaves marks that go stale within
 * milliseconds, and SQLite's lock alone still decides who writes.
 */
export class WriteTurns {
  private readonly slots: Float64Array;

  private constructor(
    memory: Uint8Array,
    private readonly index: number,
  ) {
    this.slots = new Float64Array(memory.buffer, memory.byteOffset, SLOTS * WORDS);
  }

  /** Maps `path` (created if missing) shared with the other processes; null for an index past the slots. */
  static open(path: string, index: number): WriteTurns | null {
    if (!Number.isInteger(index) || index < 0 || index >= SLOTS) return null;
    const fd = openSync(path, 'a+');
    try {
      // Every process grows it to the same size; none ever truncates what another maps.
      if (fstatSync(fd).size < BYTES) ftruncateSync(fd, BYTES);
    } finally {
      closeSync(fd);
    }
    const turns = new WriteTurns(Bun.mmap(path, { shared: true }), index);
    turns.mark(0, 0); // a former process with this index may have left marks
    turns.mark(1, 0);
    return turns;
  }

  private mark(word: number, value: number): void {
    this.slots[this.index * WORDS + word] = value;
  }

  /** This process found the lock taken and waits for it (re-marked at each retry). */
  waiting(): void {
    this.mark(0, now());
  }

  /** This process took the lock (`true`) or let it go (`false`). */
  holding(on: boolean): void {
    if (on) this.mark(0, 0);
    this.mark(1, on ? now() : 0);
  }

  /** Another process waits for the lock: having just committed, this one lets it go first. */
  othersWaiting(): boolean {
    return this.others(0, WANT_STALE_MS);
  }

  /** Another process says it holds the lock: retrying now would only fail. */
  othersHolding(): boolean {
    return this.others(1, HOLD_STALE_MS);
  }

  private others(word: number, staleMs: number): boolean {
    const t = now();
    for (let i = 0; i < SLOTS; i++) {
      if (i === this.index) continue;
      const since = this.slots[i * WORDS + word]!;
      if (since > 0 && t - since < staleMs) return true;
    }
    return false;
  }
}

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
 * How long a waiter sleeps when no sibling's nudge comes (a lost one, or a race between marking
 * and letting go): one timer tick (Bun's timers have millisecond resolution).
 */
const NUDGE_TIMEOUT_MS = 1;

/**
 * How processes tell each other that the lock is free (`serve --workers`: through the supervisor,
 * src/cluster/worker-link.ts): `send` reaches the given slots' processes, whose `onNudge` runs.
 */
export interface TurnSignals {
  send(to: number[]): void;
  /** Set by WriteTurns: called when a sibling's nudge arrives. */
  onNudge: (() => void) | null;
}

/**
 * SQLite grants its write lock to whichever process asks at the free instant; it queues nobody. A
 * worker that found it taken retries, and under steady writes its sibling, re-taking the lock right
 * after each COMMIT, keeps finding it free first: the loser's retries back off to sleeps of tens of
 * milliseconds while its requests pile up. With turns, a process that has just committed lets a
 * waiting sibling go first, and a waiter retries once the holder nudges it on letting go. Waiting
 * for the nudge costs nothing: polling for the holder's mark on every turn of the event loop took
 * more CPU than the writes themselves (~16 idle loop turns per create at 2 workers).
 * Marks are advisory: a process that crashed or stalled leaves marks that go stale within
 * milliseconds, a lost nudge costs one timer tick, and SQLite's lock alone still decides who writes.
 */
export class WriteTurns {
  private readonly slots: Float64Array;
  /** Ends the current `nextTurn` wait (a nudge arrived). */
  private wake: (() => void) | null = null;

  private constructor(
    memory: Uint8Array,
    private readonly index: number,
    private readonly signals: TurnSignals | null,
  ) {
    this.slots = new Float64Array(memory.buffer, memory.byteOffset, SLOTS * WORDS);
    if (signals) signals.onNudge = () => this.wake?.();
  }

  /**
   * Maps `path` (created if missing) shared with the other processes; null for an index past the
   * slots. Without `signals` a waiter learns of the lock's release only at its timer tick.
   */
  static open(path: string, index: number, signals: TurnSignals | null = null): WriteTurns | null {
    if (!Number.isInteger(index) || index < 0 || index >= SLOTS) return null;
    const fd = openSync(path, 'a+');
    try {
      // Every process grows it to the same size; none ever truncates what another maps.
      if (fstatSync(fd).size < BYTES) ftruncateSync(fd, BYTES);
    } finally {
      closeSync(fd);
    }
    const turns = new WriteTurns(Bun.mmap(path, { shared: true }), index, signals);
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

  /**
   * This process let the lock go (COMMIT or ROLLBACK): the siblings waiting for it are nudged, so
   * they retry now instead of polling. True when one was waiting (this one should let it go first).
   */
  release(): boolean {
    this.mark(1, 0);
    const waiting = this.waitingSlots();
    if (waiting.length > 0) this.signals?.send(waiting);
    return waiting.length > 0;
  }

  /**
   * Waits, marked as waiting, until a sibling that lets the lock go nudges this process, or a timer
   * tick passes. The event loop serves requests meanwhile: this process's writes queue up and share
   * its next COMMIT.
   */
  nextTurn(): Promise<void> {
    this.waiting();
    const { promise, resolve } = Promise.withResolvers<void>();
    const timer = setTimeout(() => this.wake?.(), NUDGE_TIMEOUT_MS);
    this.wake = () => {
      this.wake = null;
      clearTimeout(timer);
      resolve();
    };
    return promise;
  }

  /** Another process waits for the lock: having just committed, this one lets it go first. */
  othersWaiting(): boolean {
    return this.others(0, WANT_STALE_MS);
  }

  /** The slots of the other processes waiting for the lock now. */
  private waitingSlots(): number[] {
    const t = now();
    const found: number[] = [];
    for (let i = 0; i < SLOTS; i++) {
      if (i === this.index) continue;
      const since = this.slots[i * WORDS]!;
      if (since > 0 && t - since < WANT_STALE_MS) found.push(i);
    }
    return found;
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

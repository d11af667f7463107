// Fixed-window attempt counters in memory: OTP attempts (auth.md §5.1) and the failed-login throttle.

export interface AttemptWindow {
  /** Attempts allowed per window. */
  max: number;
  windowMs: number;
}

interface Slot {
  start: number;
  count: number;
}

const MAX_KEYS = 100_000;

export class AttemptCounter {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly window: AttemptWindow) {}

  /** Counts one attempt under `key`; false once the window's allowance is used up. */
  hit(key: string, now = Date.now()): boolean {
    const slot = this.current(key, now);
    slot.count++;
    return slot.count <= this.window.max;
  }

  /** Whether `key` has attempts left, without counting one. */
  allows(key: string, now = Date.now()): boolean {
    const slot = this.slots.get(key);
    return !slot || now - slot.start >= this.window.windowMs || slot.count < this.window.max;
  }

  reset(key: string): void {
    this.slots.delete(key);
  }

  private current(key: string, now: number): Slot {
    let slot = this.slots.get(key);
    if (!slot || now - slot.start >= this.window.windowMs) {
      if (!slot && this.slots.size >= MAX_KEYS) this.prune(now);
      slot = { start: now, count: 0 };
      this.slots.set(key, slot);
    }
    return slot;
  }

  /** Drops finished windows; if an attacker fills the map with live keys, starts over. */
  private prune(now: number): void {
    for (const [k, s] of this.slots)
      if (now - s.start >= this.window.windowMs) this.slots.delete(k);
    if (this.slots.size >= MAX_KEYS) this.slots.clear();
  }
}

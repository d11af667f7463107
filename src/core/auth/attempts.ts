// Attempt limits over the core's window counters: OTP attempts (auth.md §5.1) and the failed-login throttle.
import type { WindowCounters } from '../counters.ts';

export interface AttemptWindow {
  /** Attempts allowed per window. */
  max: number;
  windowMs: number;
}

/** A named policy; the counts live in `core.counters`, shared by every worker of a server. */
export class AttemptCounter {
  constructor(
    private readonly name: string,
    private readonly window: AttemptWindow,
  ) {}

  /** Counts one attempt under `key`; false once the window's allowance is used up. */
  hit(counters: WindowCounters, key: string, now = Date.now()): boolean {
    return counters.hit(this.key(key), this.window.windowMs, now) <= this.window.max;
  }

  /** Whether `key` has attempts left, without counting one. */
  allows(counters: WindowCounters, key: string, now = Date.now()): boolean {
    return counters.peek(this.key(key), this.window.windowMs, now) < this.window.max;
  }

  reset(counters: WindowCounters, key: string): void {
    counters.reset(this.key(key));
  }

  private key(key: string): string {
    return `${this.name}\0${key}`;
  }
}

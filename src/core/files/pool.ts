// A bounded worker pool: at most `size` jobs at once and `maxQueue` waiting; beyond that a job is refused
// (callers fall back, e.g. thumbnails serve the original) instead of piling up.

export class WorkPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly size: number,
    private readonly maxQueue: number,
  ) {}

  /** Runs `job` when a slot frees up; null when the queue is full. */
  async run<T>(job: () => Promise<T>): Promise<T | null> {
    if (this.running >= this.size) {
      if (this.waiting.length >= this.maxQueue) return null;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter; `running` stays the same.
      if (next) next();
      else this.running--;
    }
  }
}

// Cron jobs (http-api.md §11): the built-in maintenance jobs and the app's own, run by croner.
import { Cron } from 'croner';

export interface CronJob {
  id: string;
  expression: string;
}

interface Entry extends CronJob {
  run: () => Promise<void> | void;
  timer: Cron | null;
  /**
   * Parsed by `add`, handed its function by the next `start` (once: croner can't schedule a stopped
   * job again). Parsing and scheduling each walk the pattern; a start does only the second.
   */
  parsed: Cron | null;
}

/**
 * PocketBase's cron ticks in UTC whatever the host's time zone (tools/cron: `timezone: time.UTC`).
 * A fixed offset also keeps croner off the local-time Date methods, whose first call loads the
 * time zone data (~4 MB and milliseconds at every start).
 */
const UTC = { utcOffset: 0 };

/** `protect`: a run still going when the next tick comes is not started twice. */
const parse = (expression: string) => new Cron(expression, { ...UTC, protect: true });

/** PocketBase's system jobs are the ones whose id starts with `__pb`; they list last. */
const isSystem = (id: string) => id.startsWith('__pb');

export class CronScheduler {
  private readonly jobs = new Map<string, Entry>();
  private started = false;

  /** Adds or replaces the job `id`; throws for an expression croner can't parse. */
  add(id: string, expression: string, run: () => Promise<void> | void): void {
    this.remove(id);
    // Parsed now, so a bad expression fails at `add`, not at the first tick. Without a function a
    // job has no timer: nothing runs until `schedule` gives it one.
    const entry: Entry = { id, expression, run, timer: null, parsed: parse(expression) };
    this.jobs.set(id, entry);
    if (this.started) this.schedule(entry);
  }

  remove(id: string): void {
    this.jobs.get(id)?.timer?.stop();
    this.jobs.delete(id);
  }

  /** User jobs sorted by id, then the system ones sorted by id. */
  list(): CronJob[] {
    return [...this.jobs.values()]
      .map(({ id, expression }) => ({ id, expression }))
      .sort((a, b) =>
        isSystem(a.id) !== isSystem(b.id) ? (isSystem(a.id) ? 1 : -1) : a.id < b.id ? -1 : 1,
      );
  }

  /** When the job `id` runs next; null while stopped (or for no such job). */
  nextRun(id: string): Date | null {
    return this.jobs.get(id)?.timer?.nextRun() ?? null;
  }

  has(id: string): boolean {
    return this.jobs.has(id);
  }

  /** Runs a job now, in the background; a failure is logged, never thrown at the caller. */
  runNow(id: string): boolean {
    const entry = this.jobs.get(id);
    if (!entry) return false;
    void this.execute(entry);
    return true;
  }

  /** True between `start` and `stop`: jobs tick (with `--workers`, in the leader only). */
  get isRunning(): boolean {
    return this.started;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const entry of this.jobs.values()) this.schedule(entry);
  }

  stop(): void {
    this.started = false;
    for (const entry of this.jobs.values()) {
      entry.timer?.stop();
      entry.timer = null;
    }
  }

  private schedule(entry: Entry): void {
    const job = entry.parsed ?? parse(entry.expression);
    entry.parsed = null;
    entry.timer = job.schedule(() => this.execute(entry));
  }

  private async execute(entry: Entry): Promise<void> {
    try {
      await entry.run();
    } catch (err) {
      console.error(`cron job ${entry.id} failed:`, err);
    }
  }
}

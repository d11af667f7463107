// One writer at a time: every write transaction waits its turn here, so SQLITE_BUSY never reaches a request.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Conn } from './conn.ts';

/**
 * Transactions may await (hooks, hashing) without another request's writes interleaving: the next
 * one starts only when this one has committed or rolled back. A nested `run` inside a transaction
 * becomes a SAVEPOINT, so a failing inner step (a batch sub-request) can roll back alone.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly current = new AsyncLocalStorage<{ depth: number }>();
  private savepoints = 0;

  constructor(private readonly writer: Conn) {}

  /** The writer connection, for reads that must see the open transaction's own writes. */
  get inTransaction(): Conn | null {
    return this.current.getStore() ? this.writer : null;
  }

  run<T>(fn: (tx: Conn) => T | Promise<T>): Promise<T> {
    const active = this.current.getStore();
    if (active) return this.nested(active, fn);
    const result = this.tail.then(() => this.current.run({ depth: 0 }, () => this.transaction(fn)));
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async transaction<T>(fn: (tx: Conn) => T | Promise<T>): Promise<T> {
    this.writer.exec('BEGIN IMMEDIATE');
    try {
      const value = await fn(this.writer);
      this.writer.exec('COMMIT');
      return value;
    } catch (err) {
      if (this.writer.raw.inTransaction) this.writer.exec('ROLLBACK');
      throw err;
    }
  }

  private async nested<T>(active: { depth: number }, fn: (tx: Conn) => T | Promise<T>): Promise<T> {
    const name = `sp${++this.savepoints}`;
    this.writer.exec(`SAVEPOINT ${name}`);
    active.depth++;
    try {
      const value = await fn(this.writer);
      this.writer.exec(`RELEASE ${name}`);
      return value;
    } catch (err) {
      this.writer.exec(`ROLLBACK TO ${name}`);
      this.writer.exec(`RELEASE ${name}`);
      throw err;
    } finally {
      active.depth--;
    }
  }

  /** Resolves once every queued transaction has finished (graceful shutdown). */
  async drain(): Promise<void> {
    await this.tail;
  }
}

// Workers take turns at data.db's write lock: marks in a shared page, and a queue that gives way to a waiting sibling.

import { Database } from 'bun:sqlite';
import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { wrapConnection } from '../../src/db/conn.ts';
import { WriteQueue } from '../../src/db/write-queue.ts';
import { type TurnSignals, WriteTurns } from '../../src/db/write-turns.ts';
import { tempDir } from '../support/server.ts';

/** Nudges between processes, in one process: what the supervisor relays under `serve --workers`. */
function signalHub() {
  const ends = new Map<number, TurnSignals>();
  const sent: number[][] = [];
  return {
    sent,
    end(index: number): TurnSignals {
      const end: TurnSignals = {
        send: (to) => {
          sent.push(to);
          for (const i of to) ends.get(i)?.onNudge?.();
        },
        onNudge: null,
      };
      ends.set(index, end);
      return end;
    },
  };
}

/** A worker's writer as `serve --workers` sets it up: its own connection, no busy_timeout, turns. */
function worker(
  dir: string,
  index: number,
  turns: boolean,
  hub: ReturnType<typeof signalHub> | null = null,
): WriteQueue {
  const db = new Database(join(dir, 'data.db'), { create: true, strict: true });
  db.run('PRAGMA journal_mode = WAL');
  const queue = new WriteQueue(wrapConnection(db));
  queue.shareWithWorkers(
    turns ? WriteTurns.open(join(dir, 'write-turns'), index, hub?.end(index) ?? null) : null,
  );
  return queue;
}

describe('write turns', () => {
  test('marks: one process sees the others wait and hold; stale marks are ignored', async () => {
    const path = join(tempDir(), 'write-turns');
    const a = WriteTurns.open(path, 0)!;
    const b = WriteTurns.open(path, 1)!;
    expect(b.othersWaiting()).toBe(false);
    a.waiting();
    expect(b.othersWaiting()).toBe(true);
    expect(a.othersWaiting()).toBe(false); // its own mark is not another's
    a.holding(true);
    expect(b.othersWaiting()).toBe(false);
    expect(b.othersHolding()).toBe(true);
    a.holding(false);
    expect(b.othersHolding()).toBe(false);
    a.waiting();
    await Bun.sleep(10); // a waiter re-marks at every retry: 10 ms without one is a dead one
    expect(b.othersWaiting()).toBe(false);
    a.holding(true);
    WriteTurns.open(path, 0); // a replacement worker 0 clears what its predecessor left
    expect(b.othersHolding()).toBe(false);
    expect(WriteTurns.open(path, 256)).toBeNull();
  });

  test('letting go nudges the waiting siblings: a wait ends without its timer', async () => {
    const path = join(tempDir(), 'write-turns');
    const hub = signalHub();
    const a = WriteTurns.open(path, 0, hub.end(0))!;
    const b = WriteTurns.open(path, 1, hub.end(1))!;
    const c = WriteTurns.open(path, 2, hub.end(2))!;
    b.holding(true);
    let woke = false;
    const waited = a.nextTurn().then(() => {
      woke = true;
    });
    expect(b.othersWaiting()).toBe(true); // the wait marks it
    expect(b.release()).toBe(true);
    expect(hub.sent).toEqual([[0]]); // only the waiting one: c isn't
    // Resolved by the nudge itself, within this turn of the event loop (a timer takes a tick).
    await Promise.resolve();
    expect(woke).toBe(true);
    await waited;
    a.holding(true); // it took the lock: no longer waiting
    expect(a.release()).toBe(false);
    expect(hub.sent).toHaveLength(1);
    // A lost nudge (none sent: no signals) ends at the timer tick instead of hanging.
    const lone = WriteTurns.open(path, 3)!;
    const started = performance.now();
    await lone.nextTurn();
    expect(performance.now() - started).toBeLessThan(50);
    expect(c.othersWaiting()).toBe(true); // lone's mark, fresh
  });

  test("a checkpoint's copy holds the write lock: a sibling's write commits only after it", async () => {
    const dir = tempDir();
    const hub = signalHub();
    const a = worker(dir, 0, true, hub);
    const b = worker(dir, 1, true, hub);
    await a.run((tx) => tx.exec('CREATE TABLE t (who TEXT)'));
    let sibling: Promise<unknown> = Promise.resolve();
    let committed = false;
    await a.checkpoint(async () => {
      // Appended during the copy, the sibling's frames would keep the WAL from starting over.
      sibling = b
        .run((tx) => tx.run("INSERT INTO t VALUES ('b')"))
        .then(() => {
          committed = true;
        });
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(committed).toBe(false);
      return true;
    });
    await sibling;
    expect(committed).toBe(true);
  });

  for (const turns of [true, false]) {
    test(`a sibling's write ${turns ? 'gets its turn' : 'waits'} while another queue keeps writing (turns ${turns ? 'on' : 'off'})`, async () => {
      const dir = tempDir();
      const hub = signalHub();
      const busy = worker(dir, 0, turns, hub);
      const other = worker(dir, 1, turns, hub);
      await busy.run((tx) => tx.exec('CREATE TABLE t (who TEXT)'));
      // The busy queue always has the next transaction waiting, each holding the lock ~1 ms (a hook
      // that awaits): its BEGIN follows its COMMIT within the same turn of the event loop.
      let stop = false;
      let busyWrites = 0;
      const stream = (async () => {
        while (!stop) {
          await Promise.all(
            Array.from({ length: 4 }, () =>
              busy.run(async (tx) => {
                tx.run("INSERT INTO t VALUES ('busy')");
                await Bun.sleep(1);
                busyWrites++;
              }),
            ),
          );
        }
      })();
      await Bun.sleep(5); // the stream holds the lock now
      const started = performance.now();
      const written = other.run((tx) => tx.run("INSERT INTO t VALUES ('other')")).then(() => true);
      // Within ~100 ms of writes by the busy queue (each ~1 ms): turns let the other in at the next
      // COMMIT; without them its retries find the lock taken until the stream stops.
      const inTime = await Promise.race([written, Bun.sleep(100).then(() => false)]);
      stop = true;
      await stream;
      await written;
      expect(busyWrites).toBeGreaterThan(0);
      if (turns) {
        expect(inTime).toBe(true);
        expect(performance.now() - started).toBeLessThan(100);
        expect(hub.sent.length).toBeGreaterThan(0); // the busy queue's COMMIT nudged the other
      } else {
        expect(inTime).toBe(false); // what turns fix: SQLite queues nobody
      }
    });
  }
});

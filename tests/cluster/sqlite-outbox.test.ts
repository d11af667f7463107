// The SQLite workers' outbox in one process: two cores on one data dir stand for two workers (no IPC
// wake-ups here, so the sibling's reads come from its poll). Rollbacks, order, own messages, pruning.
import { afterEach, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { openCore } from '../../src/app.ts';
import { DELIVERY_WAIT_MS } from '../../src/cluster/outbox-feed.ts';
import { SqliteOutboxBus } from '../../src/cluster/sqlite-outbox.ts';
import type { Core } from '../../src/core/core.ts';
import type { BusMessage, RecordChange } from '../../src/core/realtime/bus.ts';
import { tempDir } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const change = (n: number): RecordChange => ({
  kind: 'record',
  action: 'create',
  collectionId: 'c1',
  record: { id: `r${n}`, n },
});

const ns = (got: BusMessage[]) => got.map((m) => (m as RecordChange).record.n);

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).reverse()) fn();
});

/** A "worker": its own core on `dir`, its bus attached, what its subscriber got. */
async function worker(
  dir: string,
  index: number,
  options: { leader?: boolean; othersListening?: () => boolean } = {},
) {
  const core = await openCore(dir);
  core.store.releaseStartup();
  const bus = new SqliteOutboxBus({
    worker: index,
    wakeSiblings: () => {},
    ...(options.othersListening ? { othersListening: options.othersListening } : {}),
    leadership: { isLeader: options.leader ?? false, onChange: () => () => {} },
    pollMs: 10,
    keepMs: 0,
    pruneEveryMs: 20,
  });
  const got: BusMessage[] = [];
  bus.subscribe((m) => got.push(m));
  const detach = bus.attach(core);
  cleanup.push(() => {
    detach();
    core.store.close();
  });
  return { core, bus, got };
}

/** Stages `m` inside a write transaction of `core` and publishes it after the commit. */
async function write(core: Core, bus: SqliteOutboxBus, m: BusMessage): Promise<void> {
  await core.store.writes.run(() => {
    expect(bus.stage(m)).toBe(true);
  });
  await bus.publish(m);
}

const rows = (core: Core) =>
  core.store.reader.get<{ n: number }>('SELECT count(*) AS n FROM _satchel_outbox')!.n;

describe('SQLite outbox bus', () => {
  test('every worker delivers every message once, in commit order; own ones from memory', async () => {
    const dir = join(tempDir(), 'sb_data');
    const a = await worker(dir, 0);
    const b = await worker(dir, 1);
    const prepared = { marker: 'same-process' } as unknown as RecordChange['prepared'];
    for (let i = 1; i <= 20; i++) {
      const m = i === 3 ? { ...change(i), prepared } : change(i);
      await write(i % 2 ? a.core : b.core, i % 2 ? a.bus : b.bus, m);
    }
    // The writer's publish resolves once it delivered its own message.
    expect(ns(a.got).at(-1)).toBe(19);
    await waitFor('both to have 20', () => a.got.length >= 20 && b.got.length >= 20);
    const all = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(ns(a.got)).toEqual(all);
    expect(ns(b.got)).toEqual(all);
    // `prepared` stays in the process that decided it.
    expect((a.got[2] as RecordChange).prepared).toBe(prepared);
    expect((b.got[2] as RecordChange).prepared).toBeUndefined();
  });

  test('a rolled-back write (or savepoint) takes its message with it', async () => {
    const dir = join(tempDir(), 'sb_data');
    const a = await worker(dir, 0);
    const b = await worker(dir, 1);
    await expect(
      a.core.store.writes.run(() => {
        a.bus.stage(change(1));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const kept = change(3);
    await a.core.store.writes.run(async () => {
      await a.core.store.writes
        .run(() => {
          a.bus.stage(change(2));
          throw new Error('savepoint rolled back');
        })
        .catch(() => {});
      a.bus.stage(kept);
    });
    await a.bus.publish(kept);
    await waitFor('b to get the kept message', () => b.got.length >= 1);
    expect(ns(a.got)).toEqual([3]);
    expect(ns(b.got)).toEqual([3]);
    expect(rows(a.core)).toBe(1);
  });

  test('a worker nobody listens on reads nothing; its first listener starts it at the end', async () => {
    const dir = join(tempDir(), 'sb_data');
    const a = await worker(dir, 0);
    const b = await worker(dir, 1);
    a.bus.setListening(false);
    b.bus.setListening(false);
    // The writer's own message is handed over from memory right after its commit: no read, and
    // its publish doesn't wait for a delivery that would never come.
    const started = performance.now();
    await write(a.core, a.bus, change(1));
    expect(performance.now() - started).toBeLessThan(DELIVERY_WAIT_MS);
    expect(ns(a.got)).toEqual([1]);
    b.bus.onSiblingCommit(1);
    await new Promise((resolve) => setImmediate(resolve)); // a read would have delivered by now
    expect(b.got).toEqual([]);
    b.bus.setListening(true);
    await write(a.core, a.bus, change(2));
    await waitFor('b to get the message after its first listener', () => b.got.length >= 1);
    expect(ns(b.got)).toEqual([2]);
  });

  test('while no worker listens a write stages no row; a sibling getting clients waits for the open writes', async () => {
    const dir = join(tempDir(), 'sb_data');
    let othersListening = false;
    const a = await worker(dir, 0, { othersListening: () => othersListening });
    const b = await worker(dir, 1);
    a.bus.setListening(false);
    b.bus.setListening(false);
    // Nobody anywhere: no row, and the publish hands the message to the local subscribers at once.
    await a.core.store.writes.run(() => {
      expect(a.bus.stage(change(1))).toBe(false);
    });
    await a.bus.publish(change(1));
    expect(rows(a.core)).toBe(0);
    expect(ns(a.got)).toEqual([1]);
    // A transaction open when a sibling gets clients decided without a row: the barrier (what the
    // worker answers the supervisor after) resolves only once it has finished.
    const { promise: hold, resolve: letGo } = Promise.withResolvers<void>();
    const open = a.core.store.writes.run(async () => {
      expect(a.bus.stage(change(2))).toBe(false);
      await hold;
    });
    await waitFor('the write to start', () => a.core.store.writes.stats.started >= 2);
    othersListening = true;
    let passed = false;
    const barrier = a.bus.barrier().then(() => {
      passed = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(passed).toBe(false);
    letGo();
    await open;
    await barrier;
    // From now on every write stages its row: the sibling reads it once it listens.
    b.bus.setListening(true);
    await write(a.core, a.bus, change(3));
    expect(rows(a.core)).toBe(1);
    await waitFor('b to get the staged message', () => b.got.length >= 1);
    expect(ns(b.got)).toEqual([3]);
  });

  test('a worker that joins later starts at the end; the leader prunes what it has read', async () => {
    const dir = join(tempDir(), 'sb_data');
    const a = await worker(dir, 0);
    await write(a.core, a.bus, change(1));
    expect(rows(a.core)).toBe(1);
    const late = await worker(dir, 1, { leader: true });
    await write(a.core, a.bus, change(2));
    await waitFor('the late worker to get the new message', () => late.got.length >= 1);
    expect(ns(late.got)).toEqual([2]);
    // keepMs 0: the leader deletes every row it has delivered.
    await waitFor('the leader to prune', () => rows(a.core) === 0);
  });
});

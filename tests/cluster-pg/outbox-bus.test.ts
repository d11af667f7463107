// The outbox bus between nodes: order, exactly once (NOTIFY and polling overlap), catch-up after a lost LISTEN, own messages.
import { expect, test } from 'bun:test';
import { OutboxBus } from '../../src/cluster/pg/outbox-bus.ts';
import type { BusMessage, RecordChange } from '../../src/core/realtime/bus.ts';
import { waitFor } from '../support/wait.ts';
import { closeLater, describePg, freshDatabase, terminate } from './harness.ts';

const change = (n: number, node = 'x'): RecordChange => ({
  kind: 'record',
  action: 'create',
  collectionId: 'c1',
  record: { id: `r${n}`, n, node, z: 'last', a: 'first' },
});

/** A bus and what its subscriber received. */
async function node(sql: Parameters<typeof OutboxBus.open>[0], name: string, pollMs = 200) {
  const bus = await OutboxBus.open(sql, { node: name, pollMs });
  closeLater(bus);
  const got: BusMessage[] = [];
  bus.subscribe((m) => got.push(m));
  return { bus, got };
}

const ns = (got: BusMessage[]) => got.map((m) => (m as RecordChange).record.n as number);

describePg('outbox bus', () => {
  test('each node gets every other node’s messages once, in each publisher’s order, keys in order', async () => {
    const db = await freshDatabase();
    const a = await node(db.client(), 'a');
    const b = await node(db.client(), 'b');
    const c = await node(db.client(), 'c');
    for (let i = 1; i <= 50; i++) a.bus.publish(change(i, 'a'));
    for (let i = 101; i <= 150; i++) b.bus.publish(change(i, 'b'));
    await waitFor('c to receive 100 messages', () => c.got.length >= 100);
    const fromA = ns(c.got).filter((n) => n <= 50);
    const fromB = ns(c.got).filter((n) => n > 100);
    expect(fromA).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(fromB).toEqual(Array.from({ length: 50 }, (_, i) => i + 101));
    await waitFor('a and b to see each other', () => a.got.length >= 100 && b.got.length >= 100);
    // Own messages at publish, the other's from the outbox: each exactly once.
    expect(ns(a.got).sort((x, y) => x - y)).toEqual(ns(c.got).sort((x, y) => x - y));
    expect(ns(b.got).sort((x, y) => x - y)).toEqual(ns(c.got).sort((x, y) => x - y));
    // Every node sees one order: the outbox's.
    expect(ns(b.got).filter((n) => n <= 50)).toEqual(fromA);
    expect(Object.keys((c.got[0] as RecordChange).record)).toEqual(['id', 'n', 'node', 'z', 'a']);
    // Nothing more arrives later (the polls keep running).
    const before = c.got.length;
    await c.bus.close();
    expect(c.got.length).toBe(before);
    expect(c.got.length).toBe(100);
  });

  test('own messages come back in seq order from memory (with `prepared`), once, never serialized', async () => {
    const db = await freshDatabase();
    const admin = db.client();
    const a = await node(db.client(), 'a');
    const b = await node(db.client(), 'b');
    const prepared = { marker: 'same-process' } as unknown as RecordChange['prepared'];
    const committed = a.bus.publish({ ...change(1), prepared });
    // Not before its row: local subscribers see the outbox's order like everyone else.
    expect(a.got).toHaveLength(0);
    await committed;
    const [row] = await admin.unsafe('SELECT message::text AS m FROM _satchel_outbox');
    expect(row.m).not.toContain('same-process');
    await waitFor('a to deliver its own row', () => a.got.length === 1);
    expect((a.got[0] as RecordChange).prepared).toBe(prepared);
    await waitFor('b to receive it', () => b.got.length === 1);
    expect((b.got[0] as RecordChange).prepared).toBeUndefined();
    await waitFor('a to read past its own row', () => a.bus.position >= 1);
    expect(a.got).toHaveLength(1);
  });

  test('a write awaited on one node and the next on another arrive in that order everywhere', async () => {
    const db = await freshDatabase();
    const a = await node(db.client(), 'a');
    const b = await node(db.client(), 'b');
    // A client writing through a, then b, then a…: each publish awaited as the write path does.
    for (let i = 1; i <= 30; i++) await (i % 2 ? a : b).bus.publish(change(i));
    const all = Array.from({ length: 30 }, (_, i) => i + 1);
    await waitFor('a to get 30', () => a.got.length >= 30);
    await waitFor('b to get 30', () => b.got.length >= 30);
    expect(ns(a.got)).toEqual(all);
    expect(ns(b.got)).toEqual(all);
  });

  test('NOTIFY and a fast poll overlapping deliver each message once', async () => {
    const db = await freshDatabase();
    const a = await node(db.client(), 'a', 1);
    const b = await node(db.client(), 'b', 1); // polls every millisecond on top of NOTIFY
    for (let i = 1; i <= 200; i++) {
      a.bus.publish(change(i));
      if (i % 20 === 0) await Bun.sleep(1); // let reads interleave with inserts
    }
    await waitFor('b to receive 200', () => b.got.length >= 200);
    await waitFor('b to have read to the end', async () => {
      const [r] = await db.client().unsafe('SELECT max(seq)::int AS s FROM _satchel_outbox');
      return b.bus.position === r.s;
    });
    expect(ns(b.got)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  test('catch-up after the LISTEN connection is killed, and a new node starts at the end', async () => {
    const db = await freshDatabase();
    const admin = db.client();
    const a = await node(db.client(), 'a');
    const b = await node(db.client(), 'b', 100);
    a.bus.publish(change(1));
    await waitFor('b to get the first', () => b.got.length === 1);
    await waitFor(
      'a LISTEN connection to terminate',
      async () => (await terminate(admin, 'LISTEN')) >= 2,
    );
    for (let i = 2; i <= 30; i++) a.bus.publish(change(i));
    await waitFor('b to catch up', () => b.got.length === 30);
    expect(ns(b.got)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // A node joining now gets only what is published after it joined.
    const c = await node(db.client(), 'c');
    a.bus.publish(change(31));
    await waitFor('c to get the new one', () => c.got.length >= 1);
    await waitFor('b too', () => b.got.length === 31);
    expect(ns(c.got)).toEqual([31]);
  });

  test('a publish while the database refuses is retried in order, not lost or duplicated', async () => {
    const db = await freshDatabase();
    const admin = db.client();
    const a = await node(db.client(), 'a');
    const b = await node(db.client(), 'b');
    // Inserts fail while the table is renamed away; the queue holds them.
    await admin.unsafe('ALTER TABLE _satchel_outbox RENAME TO _satchel_outbox_away');
    for (let i = 1; i <= 5; i++) a.bus.publish(change(i));
    await waitFor('the first attempt to fail', () => a.bus.unsent === 5);
    await admin.unsafe('ALTER TABLE _satchel_outbox_away RENAME TO _satchel_outbox');
    for (let i = 6; i <= 8; i++) a.bus.publish(change(i));
    await waitFor('b to receive all 8', () => b.got.length >= 8);
    expect(ns(b.got)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(a.bus.unsent).toBe(0);
  });
  test('every connection killed mid-stream: nothing lost, nothing twice, order kept', async () => {
    const db = await freshDatabase();
    const admin = db.client();
    const a = await node(db.client(), 'a', 50);
    const b = await node(db.client(), 'b', 50);
    for (let i = 1; i <= 100; i++) a.bus.publish(change(i));
    await waitFor('b to be receiving', () => b.got.length >= 50);
    // Publishes queued right after the kill meet dead pool connections: retried, in order.
    await waitFor('the connections to die', async () => (await terminate(admin, '')) >= 2);
    for (let i = 101; i <= 300; i++) a.bus.publish(change(i));
    await waitFor('b to receive all 300', () => b.got.length >= 300, { timeout: 15_000 });
    expect(ns(b.got)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    const [r] = await admin.unsafe('SELECT count(*)::int AS n FROM _satchel_outbox');
    expect(r.n).toBe(300);
  });
  test('a node restarted under the same id is heard from again (no collision with its former rows)', async () => {
    const db = await freshDatabase();
    const b = await node(db.client(), 'b');
    const first = await node(db.client(), 'a');
    for (let i = 1; i <= 3; i++) first.bus.publish(change(i));
    await waitFor('b to get the first three', () => b.got.length === 3);
    await first.bus.close();
    const again = await node(db.client(), 'a');
    for (let i = 4; i <= 6; i++) again.bus.publish(change(i));
    await waitFor('b to get all six', () => b.got.length >= 6);
    // Its own come back when its reader reaches their rows (which b may reach first).
    await waitFor('the restarted node to deliver its own three', () => again.got.length >= 3);
    expect(ns(b.got)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ns(again.got)).toEqual([4, 5, 6]); // its own, once; not the former self's history
  });
  test('the leader prunes old rows; a follower doesn’t', async () => {
    const db = await freshDatabase();
    const admin = db.client();
    const leads = { isLeader: false, onChange: () => () => {} };
    const opts = { keepMs: 0, pruneEveryMs: 20, leadership: leads };
    const a = closeLater(await OutboxBus.open(db.client(), { node: 'a', ...opts }));
    a.publish(change(1));
    await waitFor('the row', async () => a.unsent === 0);
    const count = async () =>
      ((await admin.unsafe('SELECT count(*)::int AS n FROM _satchel_outbox'))[0] as { n: number })
        .n;
    // A follower leaves it, however many prune ticks (every 20 ms) pass in this window.
    await Bun.sleep(100); // a span in which nothing may happen, not a stand-in for an event
    expect(await count()).toBe(1);
    leads.isLeader = true;
    await waitFor('the leader to prune', async () => (await count()) === 0);
  });
});

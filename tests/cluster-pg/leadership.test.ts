// Leadership through an advisory lock: one leader at a time; when its connection dies it steps down and another takes over.
import { expect, test } from 'bun:test';
import { PgLeadership } from '../../src/cluster/pg/leadership.ts';
import { waitFor } from '../support/wait.ts';
import { closeLater, describePg, freshDatabase } from './harness.ts';

describePg('advisory-lock leadership', () => {
  test('one leader; its connection terminated, it steps down and another takes over within seconds', async () => {
    const db = await freshDatabase();
    const admin = db.client();
    const nodes = [0, 1, 2].map(() =>
      closeLater(new PgLeadership(db.url, { intervalMs: 100, timeoutMs: 1_000 })),
    );
    const changes: boolean[][] = nodes.map(() => []);
    for (const [i, n] of nodes.entries()) n.onChange((v) => changes[i]!.push(v));
    await Promise.all(nodes.map((n) => n.start()));
    const leaders = () => nodes.filter((n) => n.isLeader);
    await waitFor('a leader', () => leaders().length === 1);
    // The others keep trying and keep failing: still exactly one after several ticks.
    await waitFor('several ticks', async () => {
      const [r] = await admin.unsafe(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted",
      );
      return r.n === 1 && leaders().length === 1;
    });
    const old = leaders()[0]!;
    const oldIndex = nodes.indexOf(old);
    expect(changes[oldIndex]).toEqual([true]);
    const pid = await old.backendPid();
    const started = Date.now();
    await admin.unsafe('SELECT pg_terminate_backend($1)', [pid]);
    // Seconds, not milliseconds: bounded generously for 2 busy cores (ticks every 100 ms here).
    await waitFor('the old leader to step down', () => !old.isLeader, { timeout: 15_000 });
    await waitFor('another leader', () => leaders().length === 1 && !old.isLeader, {
      timeout: 15_000,
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(changes[oldIndex]).toEqual([true, false]);
    const next = leaders()[0]!;
    expect(next).not.toBe(old);
    expect(changes[nodes.indexOf(next)]).toEqual([true]);
    // The old one reconnects and competes again, but doesn't lead while the new one holds it.
    await waitFor('the old one to be back in the race', async () => {
      const [r] = await admin.unsafe(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'satchel-leader' AND datname = current_database()",
      );
      return r.n === 3;
    });
    expect(leaders()).toEqual([next]);
  });

  test('closing the leader releases the lock at once', async () => {
    const db = await freshDatabase();
    const a = closeLater(new PgLeadership(db.url, { intervalMs: 100 }));
    await a.start();
    expect(a.isLeader).toBe(true);
    const b = closeLater(new PgLeadership(db.url, { intervalMs: 100 }));
    await b.start();
    expect(b.isLeader).toBe(false);
    await a.close();
    expect(a.isLeader).toBe(false);
    await waitFor('b to lead', () => b.isLeader, { timeout: 15_000 });
  });
});

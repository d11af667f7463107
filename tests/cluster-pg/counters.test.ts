// Shared throttle windows and hand-over values through a synchronous Conn: PostgreSQL (the bridge) and SQLite run the same SQL.
import { Database } from 'bun:sqlite';
import { afterEach, expect, test } from 'bun:test';
import { createPgCounters, createPgValues } from '../../src/cluster/pg/counters.ts';
import { type Conn, wrapConnection } from '../../src/db/conn.ts';
import { PgBridge } from '../../src/db/pg/bridge.ts';
import { pgConnection } from '../../src/db/pg/conn.ts';
import { describePg, freshDatabase } from './harness.ts';

const bridges: PgBridge[] = [];
afterEach(() => {
  for (const b of bridges.splice(0)) b.close();
});

/** Two nodes' connections to one fresh database. */
async function twoNodes(): Promise<[Conn, Conn]> {
  const db = await freshDatabase();
  const open = () => {
    const bridge = new PgBridge(db.url);
    bridges.push(bridge);
    return pgConnection(bridge, 'pool');
  };
  return [open(), open()];
}

function exercise(a: Conn, b: Conn) {
  const ca = createPgCounters(() => a);
  const cb = createPgCounters(() => b);
  const t = 1_700_000_000_000;
  // Hits through either node count in one window.
  expect(ca.hit('ip:1', 1_000, t)).toBe(1);
  expect(cb.hit('ip:1', 1_000, t + 10)).toBe(2);
  expect(ca.hit('ip:1', 1_000, t + 999)).toBe(3);
  expect(cb.peek('ip:1', 1_000, t + 999)).toBe(3);
  // The window is over: the next hit opens a new one; peek says 0 once it has ended.
  expect(cb.peek('ip:1', 1_000, t + 1_000)).toBe(0);
  expect(cb.hit('ip:1', 1_000, t + 1_000)).toBe(1);
  expect(ca.hit('ip:1', 1_000, t + 1_500)).toBe(2);
  expect(ca.peek('other', 1_000, t)).toBe(0);
  ca.reset('ip:1');
  expect(cb.peek('ip:1', 1_000, t + 1_500)).toBe(0);
  expect(cb.hit('ip:1', 1_000, t + 1_500)).toBe(1);
  // The core's keys hold NUL separators (PostgreSQL text can't): kept apart, not refused.
  expect(ca.hit('login\0a@b.co', 1_000, t)).toBe(1);
  expect(cb.hit('login\0a@b.co', 1_000, t)).toBe(2);
  expect(ca.hit('login\\0a@b.co', 1_000, t)).toBe(1);
  expect(cb.peek('login\0a@b.co', 1_000, t)).toBe(2);

  const va = createPgValues(() => a);
  const vb = createPgValues(() => b);
  va.put('apple:sub', 'Ada Lovelace', 60_000, t);
  // Taken once, by whichever node asks first.
  expect(vb.take('apple:sub', t + 1)).toBe('Ada Lovelace');
  expect(va.take('apple:sub', t + 2)).toBe('');
  va.put('k', 'v1', 1_000, t);
  va.put('k', 'v2', 1_000, t); // replaced, not duplicated
  expect(vb.take('k', t + 999)).toBe('v2');
  va.put('late', 'x', 1_000, t);
  expect(vb.take('late', t + 1_000)).toBe(''); // expired
  expect(va.take('late', t)).toBe(''); // and gone
}

describePg('shared counters and values on PostgreSQL', () => {
  test('two nodes count in the same windows and take a value once', async () => {
    const [a, b] = await twoNodes();
    exercise(a, b);
  });

  test('hits spread over four connections count in one row, each getting its own count', async () => {
    const db = await freshDatabase();
    // Each bridge is its own worker thread and session, as each node's is.
    const conns = [0, 1, 2, 3].map(() => {
      const bridge = new PgBridge(db.url);
      bridges.push(bridge);
      const conn = pgConnection(bridge, 'pool');
      return createPgCounters(() => conn);
    });
    const t = Date.now();
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) seen.add(conns[i % 4]!.hit('k', 60_000, t));
    expect(seen.size).toBe(100);
    expect(Math.max(...seen)).toBe(100);
    expect(conns[0]!.peek('k', 60_000, t)).toBe(100);
  });
});

test('the same statements run on SQLite (one Conn-level contract)', () => {
  const db = new Database(':memory:');
  db.run(
    'CREATE TABLE _satchel_counters (key TEXT PRIMARY KEY, start INTEGER NOT NULL, count INTEGER NOT NULL, "window" INTEGER NOT NULL)',
  );
  db.run(
    'CREATE TABLE _satchel_values (key TEXT PRIMARY KEY, value TEXT NOT NULL, until INTEGER NOT NULL)',
  );
  const conn = wrapConnection(db);
  exercise(conn, conn);
  db.close();
});

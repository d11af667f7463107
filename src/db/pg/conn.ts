// A `Conn` over PostgreSQL: one session of a bridge (the writer's reserved connection, or the pool).
import type { Conn, Param, Row } from '../conn.ts';
import type { PgBridge } from './bridge.ts';
import type { Session } from './protocol.ts';

const BEGIN = /^\s*BEGIN\b/i;
const END = /^\s*(COMMIT|END|ROLLBACK)\s*;?\s*$/i;

export function pgConnection(bridge: PgBridge, session: Session): Conn {
  let inTransaction = false;
  const call = (op: 'all' | 'run' | 'columns', sql: string, params: readonly Param[]) =>
    bridge.call(session, op, sql, params);
  return {
    engine: 'postgres',
    all: <T = Row>(sql: string, params: readonly Param[] = []) => {
      const reply = call('all', sql, params);
      return ('rows' in reply ? reply.rows : []) as T[];
    },
    get: <T = Row>(sql: string, params: readonly Param[] = []) => {
      const reply = call('all', sql, params);
      return (('rows' in reply ? reply.rows[0] : undefined) ?? null) as T | null;
    },
    run: (sql, params = []) => {
      const reply = call('run', sql, params);
      return { changes: 'changes' in reply ? reply.changes : 0 };
    },
    exec: (sql) => {
      // Transaction state as the write queue drives it; a failed COMMIT still ends the transaction.
      const ends = END.test(sql);
      try {
        bridge.call(session, 'exec', sql, []);
        if (BEGIN.test(sql)) inTransaction = true;
      } finally {
        if (ends) inTransaction = false;
      }
    },
    allOnce: <T = Row>(sql: string) => {
      // Inside a transaction a failing user query must not abort it (PostgreSQL would): savepoint.
      const reply = bridge.call(session, 'all', sql, [], inTransaction);
      return ('rows' in reply ? reply.rows : []) as T[];
    },
    columns: (sql) => {
      const reply = bridge.call(session, 'columns', sql, [], inTransaction);
      return 'columns' in reply ? reply.columns : [];
    },
    get inTransaction() {
      return inTransaction;
    },
  };
}

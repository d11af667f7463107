// One `serve --db=postgres://…` node among several on one database: what it shares with the others, and how it joins.
import { SQL } from 'bun';
import type { Core } from '../../core/core.ts';
import type { Conn } from '../../db/conn.ts';
import { followSiblings, type WorkerOptions } from '../join.ts';
import { installChangeTriggers, pgChangeWatch, readVersions } from './changes.ts';
import { complainer } from './complain.ts';
import { createPgCounters, createPgValues } from './counters.ts';
import { PgLeadership, type PgLeadershipOptions } from './leadership.ts';
import { OutboxBus } from './outbox-bus.ts';
import type { RelayHolder } from './relay.ts';
import { PgRelay } from './relay.ts';
import { ensureClusterTables } from './schema.ts';

export interface NodeConfig {
  /** The shared database. */
  url: string;
  /**
   * A synchronous connection to it for counters and values (hit on the request path). Default: the
   * joining core's own reader (`core.store.reader`), bound when `options.join` runs — so a node
   * has one bridge (worker thread and pool), the store's.
   */
  conn?: Conn;
  /** Defaults: a random id; the intervals of each part. */
  id?: number;
  pollMs?: number;
  leadership?: PgLeadershipOptions;
  relayTimeoutMs?: number;
}

/** Relay requests left behind by a node that died while asking are deleted after this. */
const RELAY_KEEP = "interval '1 minute'";
const HOUSEKEEPING_MS = 60_000;

/**
 * `WorkerOptions` plus how to join: app.ts calls `joinWorkers(core, worker)`, whose SQLite PRAGMA
 * fails on PostgreSQL; with `worker.join ?? joinWorkers` there, a node joins through `joinNodes`.
 */
export type NodeOptions = WorkerOptions & { join(core: Core, node: WorkerOptions): () => void };

/**
 * A node's shared parts, opened before its app. Wiring (cli/serve.ts, `--db=postgres://…`):
 *
 *   const node = await openNode({ url: dbUrl });
 *   const app = await createApp({ ...options, dbUrl, worker: node.options });
 *   node.attach({
 *     holds: (clientId) => app.realtime.broker.find(clientId) !== undefined,
 *     apply: (request) => applyRelayed(app.core, app.realtime.broker, request),
 *   });
 *   // shutdown: await app.close(); await node.close();
 */
export interface PgNode {
  readonly name: string;
  readonly options: NodeOptions;
  readonly bus: OutboxBus;
  readonly relay: PgRelay;
  readonly leadership: PgLeadership;
  /** Once the app exists: lets the relay apply requests for clients this node holds. */
  attach(holder: RelayHolder): void;
  /** Stops every loop and closes the node's connections (after the app has closed). */
  close(): Promise<void>;
}

/**
 * Connects, creates the `_satchel_*` tables if missing, joins the bus at the outbox's end and
 * starts competing for leadership. Its async work uses a small pool of its own (Bun's SQL client)
 * plus one connection for LISTEN and one holding the leader lock.
 */
export async function openNode(config: NodeConfig): Promise<PgNode> {
  const id = config.id ?? 1 + Math.floor(Math.random() * 0x7ffffffe);
  const name = String(id);
  const sql = new SQL(config.url, {
    max: 4,
    connection: { application_name: `satchel-node-${name}` },
  });
  let shared: Conn | null = config.conn ?? null;
  const conn = (): Conn => {
    if (!shared) throw new Error('this node has not joined a core yet (options.join)');
    return shared;
  };
  /** What is open so far, closed in reverse if a later step fails. */
  const opened: { close(): Promise<unknown> }[] = [];
  try {
    await ensureClusterTables(sql);
    // Now if the tables exist (a later start), else once the core has migrated (the watch's start).
    await installChangeTriggers(sql);
    // Read before the core loads its caches: a change committed after this is reported at join.
    const baseline = await readVersions(sql);
    const leadership = new PgLeadership(config.url, config.leadership);
    opened.push(leadership);
    const bus = await OutboxBus.open(sql, { node: name, pollMs: config.pollMs, leadership });
    opened.push(bus);
    const relay = await PgRelay.open(sql, {
      node: name,
      pollMs: config.pollMs,
      timeoutMs: config.relayTimeoutMs,
    });
    opened.push(relay);
    await leadership.start();
    const complain = complainer('node housekeeping');
    const housekeeping = setInterval(() => {
      if (!leadership.isLeader) return;
      sql
        .unsafe(`DELETE FROM _satchel_relay WHERE created < now() - ${RELAY_KEEP}`)
        .catch(complain);
    }, HOUSEKEEPING_MS);
    housekeeping.unref?.();
    const options: NodeOptions = {
      join: (core, node) => {
        shared ??= core.store.reader;
        return joinNodes(core, node);
      },
      sharePort: false,
      id,
      leadership,
      bus,
      relay,
      watchChanges: pgChangeWatch(sql, { baseline, pollMs: config.pollMs }),
      counters: createPgCounters(conn),
      values: createPgValues(conn),
      // Each node reports only itself (labelled worker="<id>"): scrape every node, sum in Prometheus.
      metrics: { self: name, gather: async () => [] },
    };
    return {
      name,
      options,
      bus,
      relay,
      leadership,
      attach: (holder) => {
        relay.holder = holder;
      },
      async close() {
        clearInterval(housekeeping);
        await bus.close();
        await relay.close();
        await leadership.close();
        await sql.close({ timeout: 1 });
      },
    };
  } catch (err) {
    for (const part of opened.reverse()) await part.close().catch(() => {});
    await sql.close({ timeout: 1 }).catch(() => {});
    throw err;
  }
}

/**
 * `joinWorkers` for a node: the same cache reloads, without SQLite's write-lock tuning (a PRAGMA
 * PostgreSQL doesn't have). Returns the function that stops watching.
 */
export function joinNodes(core: Core, node: WorkerOptions): () => void {
  core.metrics.peers = node.metrics;
  core.backups.restoreRefusal =
    "Several nodes share this PostgreSQL database: restore it with the database's own tools.";
  return followSiblings(core, node);
}

// The messages between the supervisor and its workers (Bun's IPC: structured clone, in order per pipe).
import type { Family } from '../core/metrics/registry.ts';
import type { RelayRequest, SubscriptionAnswer } from '../core/realtime/relay.ts';
import type { RecordData } from '../core/records/record.ts';

export type WorkerMessage =
  /** Listening on `port` (the supervisor learns a port 0 picked this way). */
  | { t: 'ready'; port: number }
  /** Realtime events committed to the outbox up to `seq` (src/cluster/sqlite-outbox.ts): every other listening worker reads it. */
  | { t: 'wake'; seq: number }
  /**
   * This worker has realtime clients (`on`) or none left: only listening workers are woken. With
   * `on`, `listened` (same `id`) answers once every other worker stages outbox rows for its writes.
   */
  | { t: 'listening'; on: boolean; id: number }
  /** Answers `listeners` (its `key`): every write this worker commits from now on stages its row. */
  | { t: 'staging'; key: number }
  /**
   * Inside a delete's transaction: every other worker decides its subscribers' deliveries of it
   * now, filed under `key` (sqlite-outbox.ts); `decided` with the same `id` answers once all did.
   */
  | { t: 'decide'; id: number; key: string; collectionId: string; record: RecordData }
  | { t: 'decided'; id: number }
  /** Asks the other workers to serve a request for a realtime client (subscription POST, OAuth2 code); `id` matches the answer. */
  | { t: 'relay'; id: number; request: RelayRequest }
  /** This worker's answer to a relayed request (404: it doesn't hold the client). */
  | { t: 'relayed'; id: number; answer: SubscriptionAnswer }
  /** This worker let data.db's write lock go while the workers in `to` wait for it (src/db/write-turns.ts). */
  | { t: 'turn'; to: number[] }
  /** Asks for every other worker's metrics (a scrape reports the whole server). */
  | { t: 'gather'; id: number }
  /** This worker's metric families, answering the supervisor's `gather`. */
  | { t: 'gathered'; id: number; families: Family[] }
  /** Restore: asks every other worker to close its databases (answered by `held` once all did). */
  | { t: 'hold'; id: number }
  /** Restore: this worker has closed its databases (answering the supervisor's `hold`). */
  | { t: 'held'; id: number }
  /** Restore: the swap is over (done or rolled back); the held workers reopen. */
  | { t: 'release'; id: number };

/** One worker's metric families, by its index. */
export interface WorkerFamilies {
  worker: string;
  families: Family[];
}

export type SupervisorMessage =
  | { t: 'leader'; isLeader: boolean }
  /** A sibling committed realtime events up to `seq`: read the outbox now (a poll covers a lost wake-up). */
  | { t: 'wake'; seq: number }
  /**
   * Whether any other worker has realtime clients: while none has, a worker sends no wake-ups and
   * stages no outbox rows. Told `any`, it answers `staging` with `key` once its open writes are done.
   */
  | { t: 'listeners'; any: boolean; key: number }
  /** Every other worker stages its writes' rows now: this worker's new realtime clients may start. */
  | { t: 'listened'; id: number }
  /** A sibling let data.db's write lock go while this worker waits for it: retry now. */
  | { t: 'turn' }
  | { t: 'decide'; id: number; key: string; collectionId: string; record: RecordData }
  | { t: 'decided'; id: number }
  | { t: 'relay'; id: number; request: RelayRequest }
  | { t: 'relayed'; id: number; answer: SubscriptionAnswer }
  | { t: 'gather'; id: number }
  /** Every other live worker's families (those that answered within the time limit). */
  | { t: 'gathered'; id: number; results: WorkerFamilies[] }
  /** To the restoring worker: every other worker is closed. To the others: close and say `held`. */
  | { t: 'hold'; id: number }
  /** `ok` false: another restore holds the workers already. */
  | { t: 'held'; id: number; ok: boolean }
  /** To the held workers: reopen the data dir. */
  | { t: 'release'; id: number };

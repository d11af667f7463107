// The messages between the supervisor and its workers (Bun's IPC: structured clone, in order per pipe).
import type { Family } from '../core/metrics/registry.ts';
import type { RelayRequest, SubscriptionAnswer } from '../core/realtime/relay.ts';

export type WorkerMessage =
  /** Listening on `port` (the supervisor learns a port 0 picked this way). */
  | { t: 'ready'; port: number }
  /** Realtime events committed to the outbox (src/cluster/sqlite-outbox.ts): every other worker reads it. */
  | { t: 'wake' }
  /** Asks the other workers to serve a request for a realtime client (subscription POST, OAuth2 code); `id` matches the answer. */
  | { t: 'relay'; id: number; request: RelayRequest }
  /** This worker's answer to a relayed request (404: it doesn't hold the client). */
  | { t: 'relayed'; id: number; answer: SubscriptionAnswer }
  /** Asks for every other worker's metrics (a scrape reports the whole server). */
  | { t: 'gather'; id: number }
  /** This worker's metric families, answering the supervisor's `gather`. */
  | { t: 'gathered'; id: number; families: Family[] };

/** One worker's metric families, by its index. */
export interface WorkerFamilies {
  worker: string;
  families: Family[];
}

export type SupervisorMessage =
  | { t: 'leader'; isLeader: boolean }
  /** A sibling committed realtime events: read the outbox now (a poll covers a lost wake-up). */
  | { t: 'wake' }
  | { t: 'relay'; id: number; request: RelayRequest }
  | { t: 'relayed'; id: number; answer: SubscriptionAnswer }
  | { t: 'gather'; id: number }
  /** Every other live worker's families (those that answered within the time limit). */
  | { t: 'gathered'; id: number; results: WorkerFamilies[] };

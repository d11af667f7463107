// The messages between the supervisor and its workers (Bun's IPC: structured clone, in order per pipe).
import type { Family } from '../core/metrics/registry.ts';
import type { BusMessage } from '../core/realtime/bus.ts';
import type { RelayRequest, SubscriptionAnswer } from '../core/realtime/relay.ts';

export type WorkerMessage =
  /** Listening on `port` (the supervisor learns a port 0 picked this way). */
  | { t: 'ready'; port: number }
  /** A committed record or collection change, to every other worker. */
  | { t: 'event'; message: BusMessage }
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
  /** `seq` counts every event the supervisor relayed: a gap would be a lost event. */
  | { t: 'event'; seq: number; message: BusMessage }
  | { t: 'relay'; id: number; request: RelayRequest }
  | { t: 'relayed'; id: number; answer: SubscriptionAnswer }
  | { t: 'gather'; id: number }
  /** Every other live worker's families (those that answered within the time limit). */
  | { t: 'gathered'; id: number; results: WorkerFamilies[] };

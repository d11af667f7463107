// The messages between the supervisor and its workers (Bun's IPC: structured clone, in order per pipe).
import type { BusMessage } from '../core/realtime/bus.ts';
import type { ForwardedSubscription, SubscriptionAnswer } from '../core/realtime/relay.ts';

export type WorkerMessage =
  /** Listening on `port` (the supervisor learns a port 0 picked this way). */
  | { t: 'ready'; port: number }
  /** A committed record or collection change, to every other worker. */
  | { t: 'event'; message: BusMessage }
  /** Asks the other workers to apply a subscription; `id` matches the answer. */
  | { t: 'subscribe'; id: number; input: ForwardedSubscription }
  /** This worker's answer to a forwarded subscription. */
  | { t: 'subscribed'; id: number; answer: SubscriptionAnswer };

export type SupervisorMessage =
  | { t: 'leader'; isLeader: boolean }
  /** `seq` counts every event the supervisor relayed: a gap would be a lost event. */
  | { t: 'event'; seq: number; message: BusMessage }
  | { t: 'subscribe'; id: number; input: ForwardedSubscription }
  | { t: 'subscribed'; id: number; answer: SubscriptionAnswer };

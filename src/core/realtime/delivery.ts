// A message decided for one subscriber: what the fan-out produces and the bus may carry pre-decided.
import type { RealtimeClient } from './client.ts';

export interface Delivery {
  client: RealtimeClient;
  /** The exact subscription string. */
  event: string;
  data: string;
}

/** Deliveries decided ahead of sending (a delete: inside its transaction). */
export interface PreparedEvent {
  deliveries: Delivery[];
}

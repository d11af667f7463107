// Subscription POSTs that land on a process which doesn't hold the client's stream: forwarded to the one that does.
import { resolveRequestAuth } from '../auth/tokens/request-auth.ts';
import type { Core } from '../core.ts';
import { SatchelError } from '../errors.ts';
import type { Broker } from './broker.ts';

/** What the holder needs to apply the POST as if it had arrived there (plain data, for IPC). */
export interface ForwardedSubscription {
  clientId: string;
  ip: string;
  /** The POST's `Authorization` header: the holder resolves it itself. */
  authorization: string | null;
  subscriptions: string[];
}

/** 204, or the error envelope's fields. */
export interface SubscriptionAnswer {
  status: number;
  message?: string;
  data?: Record<string, unknown>;
}

/**
 * `--workers=N`: asks the sibling workers; 404 when none holds the client. (Several nodes would
 * keep a shared registry of client → node instead.)
 */
export interface SubscriptionRelay {
  forward(input: ForwardedSubscription): Promise<SubscriptionAnswer>;
}

/** The holder's side: 404 when this broker doesn't know the client either. */
export async function applyForwardedSubscription(
  core: Core,
  broker: Broker,
  input: ForwardedSubscription,
): Promise<SubscriptionAnswer> {
  if (!broker.find(input.clientId)) return { status: 404 };
  try {
    const auth = await resolveRequestAuth(core, input.authorization);
    broker.setSubscriptions(input.clientId, {
      ip: input.ip,
      auth,
      subscriptions: input.subscriptions,
    });
    return { status: 204 };
  } catch (err) {
    if (!(err instanceof SatchelError)) throw err;
    return { status: err.status, message: err.message, data: err.data as Record<string, unknown> };
  }
}

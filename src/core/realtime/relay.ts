// Requests for a realtime client held by another process (`--workers`): subscription POSTs and OAuth2 redirects.
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

/** The provider's answer for the SDK's `@oauth2` subscription (realtime.md §5). */
export interface ForwardedOAuth2 {
  clientId: string;
  ip: string;
  data: Record<string, string>;
}

export type RelayRequest =
  | { kind: 'subscribe'; input: ForwardedSubscription }
  | { kind: 'oauth2'; input: ForwardedOAuth2 };

/** 204, or the error envelope's fields (404: no process holds the client). */
export interface SubscriptionAnswer {
  status: number;
  message?: string;
  data?: Record<string, unknown>;
}

/**
 * `--workers=N`: asks the sibling workers; 404 when none holds the client. (Several nodes would
 * keep a shared registry of client → node instead.)
 */
export interface RealtimeRelay {
  forward(request: RelayRequest): Promise<SubscriptionAnswer>;
}

export const OAUTH2_TOPIC = '@oauth2';

/**
 * Hands an OAuth2 code to the client waiting for it: only a client subscribed to `@oauth2` from
 * the same IP gets it (a leaked state can't be used from elsewhere), and only once.
 */
export function deliverOAuth2(broker: Broker, input: ForwardedOAuth2): boolean {
  const client = input.clientId ? broker.find(input.clientId) : undefined;
  if (!client || client.closed || !client.subscribedTo(OAUTH2_TOPIC) || client.ip !== input.ip) {
    return false;
  }
  client.deliver(OAUTH2_TOPIC, JSON.stringify(input.data));
  // `@oauth2` is never in the broker's index (not a record topic): dropping it here is enough.
  client.subscriptions = client.subscriptions.filter((s) => s.topic.raw !== OAUTH2_TOPIC);
  return true;
}

/** The holder's side of a relayed request: 404 when this broker doesn't know the client either. */
export async function applyRelayed(
  core: Core,
  broker: Broker,
  request: RelayRequest,
): Promise<SubscriptionAnswer> {
  if (request.kind === 'oauth2')
    return { status: deliverOAuth2(broker, request.input) ? 204 : 404 };
  const input = request.input;
  if (!broker.find(input.clientId)) return { status: 404 };
  try {
    const auth = resolveRequestAuth(core, input.authorization);
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

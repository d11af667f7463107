// Realtime limits and timeouts (realtime.md §1.2), all configurable through `createApp({ realtime })`.

export interface RealtimeLimits {
  /** Connected clients over both transports; a connect beyond it gets 429. */
  maxClients: number;
  /** Per client IP; 0 = no per-IP cap (behind a reverse proxy every client shares one IP). */
  maxClientsPerIp: number;
  /** Subscription calls (POST or WS frame) a client may burst… */
  subscribeBurst: number;
  /** …and the rate the allowance refills at; beyond it 429. */
  subscribePerSecond: number;
  /**
   * Bytes queued for one client before it is dropped as too slow. SSE counts the frames behind the
   * one being written and drops once its socket has taken nothing for a second (or at 8× at once).
   */
  maxBufferedBytes: number;
  /** PocketBase: 5 minutes without a delivered message ends the connection. */
  idleTimeoutMs: number;
  /** PocketBase: 30 minutes at most per connection (the SDK reconnects). */
  maxLifetimeMs: number;
  /** How often idle/lifetime limits are checked. */
  sweepIntervalMs: number;
}

export const DEFAULT_LIMITS: RealtimeLimits = {
  maxClients: 20_000,
  maxClientsPerIp: 0,
  // The SDK posts the whole list on every subscribe() call, so a page subscribing to each of its
  // records at load makes hundreds of calls at once: only a flood well beyond that is refused.
  subscribeBurst: 500,
  subscribePerSecond: 100,
  maxBufferedBytes: 1 << 20,
  idleTimeoutMs: 5 * 60_000,
  maxLifetimeMs: 30 * 60_000,
  sweepIntervalMs: 10_000,
};

/** Takes one token from a bucket of `burst` refilled at `perSecond`; false when empty. */
export function takeToken(
  bucket: { tokens: number; tokensAt: number },
  burst: number,
  perSecond: number,
  now = Date.now(),
): boolean {
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.tokensAt) / 1000) * perSecond);
  bucket.tokensAt = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

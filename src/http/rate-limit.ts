// The settings rate limiter (http-api.md §14), run before routing: which rule applies, per client IP → 429.
import { createFixedWindowLimiter } from '../core/ratelimit/fixed-window.ts';
import {
  findRateLimitRule,
  type RateLimitTarget,
  rateLimitLabels,
} from '../core/ratelimit/rules.ts';
import { ipInList } from '../core/settings/formats.ts';
import { errorResponse } from './errors.ts';
import type { RequestEvent } from './event.ts';
import type { RequestState } from './request-state.ts';
import type { RouteMatch } from './routes.ts';

interface CollectionAction {
  collection: string;
  /** Which route it is: counters of collection actions are kept per collection and route. */
  route: string;
  tags: readonly string[];
}

/**
 * The collection-scoped routes PocketBase wraps in its per-collection limiter, from the route
 * table's `rateLimit` entries: the view route with {collection: 'posts'} → {collection: 'posts',
 * tags: ['view']}; a route without tags → null.
 */
export function collectionAction(match: RouteMatch | null): CollectionAction | null {
  const tagged = match?.route.rateLimit;
  const collection = match?.params.collection;
  if (!tagged || collection === undefined) return null;
  return { collection, route: tagged.bucket, tags: tagged.tags };
}

/** Answers 429 when the request is over its rule, null to go on; null right away when disabled. */
export type RateLimitCheck = (e: RequestEvent) => Promise<Response | null> | null;

export function createRateLimit(ctx: RequestState): RateLimitCheck {
  const limiter = createFixedWindowLimiter(() => ctx.core.counters);
  const check = async (e: RequestEvent): Promise<Response | null> => {
    const settings = ctx.core.settings.get().rateLimits;
    const ip = e.realIP();
    if (ipInList(ip, settings.excludedIPs)) return null;
    // A rejected token (superuserIPs) is answered by the route; here it counts as a guest.
    const auth = await e.resolveAuth().catch(() => null);
    if (auth?.isSuperuser) return null;
    const target: RateLimitTarget = { method: e.method, path: e.path };
    const action = collectionAction(e.route && { route: e.route, params: e.params });
    let bucket = '';
    if (action) {
      const collection = ctx.core.collections.find(action.collection);
      // PocketBase answers an unknown collection with 404 before counting: the route does that here.
      if (!collection) return null;
      target.collection = collection.name;
      target.tags = action.tags;
      bucket = `${collection.id} ${action.route} `;
    }
    const audiences = auth ? ['', '@auth'] : ['', '@guest'];
    const rule = findRateLimitRule(settings.rules, rateLimitLabels(target), audiences);
    if (!rule) return null;
    // Collection-scoped rules (`*:create`) count per collection and route, as PocketBase does.
    const scoped = rule.label.includes(':') ? bucket : '';
    const key = `${scoped}${rule.label}|${rule.audience}|${rule.maxRequests}/${rule.duration}|${ip}`;
    return limiter.hit(key, rule.maxRequests, rule.duration) ? null : errorResponse(429);
  };
  return (e) => (ctx.core.settings.get().rateLimits.enabled ? check(e) : null);
}

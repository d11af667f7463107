// The settings rate limiter (http-api.md §14), run before routing: which rule applies, per client IP → 429.

import { createFixedWindowLimiter } from '../core/ratelimit/fixed-window.ts';
import {
  findRateLimitRule,
  type RateLimitTarget,
  rateLimitLabels,
} from '../core/ratelimit/rules.ts';
import { ipInList } from '../core/settings/formats.ts';
import { decodeComponent } from '../core/url-escapes.ts';
import { errorResponse } from './errors.ts';
import { pathOf } from './path.ts';
import type { RequestState } from './request-state.ts';

/** `POST auth-with-password` → its tags; the action segment after `/api/collections/{collection}/`. */
const AUTH_ACTIONS: Record<string, readonly string[]> = {
  'GET auth-methods': ['listAuthMethods'],
  'POST auth-refresh': ['authRefresh'],
  'POST auth-with-password': ['authWithPassword', 'auth'],
  'POST auth-with-oauth2': ['authWithOAuth2', 'auth'],
  'POST request-otp': ['requestOTP'],
  'POST auth-with-otp': ['authWithOTP', 'auth'],
  'POST request-password-reset': ['requestPasswordReset'],
  'POST confirm-password-reset': ['confirmPasswordReset'],
  'POST request-verification': ['requestVerification'],
  'POST confirm-verification': ['confirmVerification'],
  'POST request-email-change': ['requestEmailChange'],
  'POST confirm-email-change': ['confirmEmailChange'],
};

const RECORD_ACTIONS: Record<string, string> = {
  'GET list': 'list',
  'POST list': 'create',
  'GET one': 'view',
  'PATCH one': 'update',
  'DELETE one': 'delete',
};

interface CollectionAction {
  collection: string;
  /** Which route it is: counters of collection actions are kept per collection and route. */
  route: string;
  tags: readonly string[];
}

function decode(segment: string): string {
  return decodeComponent(segment) ?? segment;
}

/**
 * The collection-scoped routes PocketBase wraps in its per-collection limiter:
 * `GET /api/collections/posts/records/abc` → {collection: 'posts', tags: ['view']};
 * `GET /api/files/posts/abc/a.png` → ['file']; anything else → null.
 */
export function collectionAction(requestMethod: string, path: string): CollectionAction | null {
  // PocketBase's GET routes answer HEAD too, behind the same limiter: a HEAD counts as its GET.
  const method = requestMethod === 'HEAD' ? 'GET' : requestMethod;
  const s = path.split('/');
  // ['', 'api', 'collections', '{c}', …] or ['', 'api', 'files', '{c}', '{id}', '{file}']
  if (s[1] !== 'api' || !s[3]) return null;
  const collection = decode(s[3]);
  if (s[2] === 'files') {
    return method === 'GET' && s.length === 6 && s[5]
      ? { collection, route: 'file', tags: ['file'] }
      : null;
  }
  if (s[2] !== 'collections') return null;
  if (s[4] === 'records' && (s.length === 5 || (s.length === 6 && s[5]))) {
    const route = s.length === 5 ? 'list' : 'one';
    const tag = RECORD_ACTIONS[`${method} ${route}`];
    return tag ? { collection, route: `records ${route}`, tags: [tag] } : null;
  }
  const tags = s.length === 5 ? AUTH_ACTIONS[`${method} ${s[4]}`] : undefined;
  return tags ? { collection, route: s[4]!, tags } : null;
}

/** Answers 429 when the request is over its rule, null to go on; null right away when disabled. */
export type RateLimitCheck = (request: Request) => Promise<Response | null> | null;

export function createRateLimit(ctx: RequestState): RateLimitCheck {
  const limiter = createFixedWindowLimiter();
  const check = async (request: Request): Promise<Response | null> => {
    const settings = ctx.core.settings.get().rateLimits;
    const ip = ctx.ip(request);
    if (ipInList(ip, settings.excludedIPs)) return null;
    // A rejected token (superuserIPs) is answered by the route; here it counts as a guest.
    const auth = await ctx.auth(request).catch(() => null);
    if (auth?.isSuperuser) return null;
    const path = pathOf(request.url);
    const target: RateLimitTarget = { method: request.method, path };
    const action = collectionAction(request.method, path);
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
  return (request) => (ctx.core.settings.get().rateLimits.enabled ? check(request) : null);
}

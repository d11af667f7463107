// Which `settings.rateLimits` rule applies to a request (http-api.md §14): labels in order, first match wins.
import type { RateLimitRule } from '../settings/defaults.ts';

export type { RateLimitRule };

/** What the limiter knows of a request; `collection`/`tags` only for collection-scoped actions. */
export interface RateLimitTarget {
  method: string;
  path: string;
  collection?: string;
  tags?: readonly string[];
}

/**
 * The labels tried for a request, most specific first:
 * `posts` + [`authWithPassword`, `auth`] + `POST /x` → `posts:authWithPassword`, `posts:auth`,
 * `*:authWithPassword`, `*:auth`, `POST /x`, `/x`.
 */
export function rateLimitLabels(target: RateLimitTarget): string[] {
  const tags = target.tags ?? [];
  const labels: string[] = [];
  if (target.collection !== undefined) {
    for (const tag of tags) labels.push(`${target.collection}:${tag}`);
    for (const tag of tags) labels.push(`*:${tag}`);
  }
  labels.push(`${target.method} ${target.path}`, target.path);
  return labels;
}

/**
 * PocketBase's `FindRateLimitRule`: per label an exact rule first, then a prefix rule (label ending
 * in `/`, matched against `label + '/'` so `/api` also falls under `/api/`); only rules whose
 * audience is one of `audiences`.
 */
export function findRateLimitRule(
  rules: readonly RateLimitRule[],
  labels: readonly string[],
  audiences: readonly string[],
): RateLimitRule | null {
  const eligible = rules.filter((r) => audiences.includes(r.audience));
  const prefixes = eligible.filter((r) => r.label.endsWith('/'));
  for (const label of labels) {
    const exact = eligible.find((r) => r.label === label);
    if (exact) return exact;
    const prefix = prefixes.find((r) => `${label}/`.startsWith(r.label));
    if (prefix) return prefix;
  }
  return null;
}

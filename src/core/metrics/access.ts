// Who may read `/api/metrics` besides superusers: a scraper presenting the configured token.
import type { Core } from '../core.ts';
import { readConn } from '../core.ts';
import { readSatchelParams } from '../settings/satchel-params.ts';

const digest = (s: string) => new Bun.CryptoHasher('sha256').update(s).digest();

/**
 * True when `presented` equals the scrape token (none configured: always false). Constant time:
 * both sides are hashed first, so neither the position of the first differing byte nor the
 * token's length shows in the timing.
 */
export function isScrapeToken(core: Core, presented: string): boolean {
  if (presented === '') return false;
  const token = readSatchelParams(readConn(core), core.settings).metrics.token;
  if (token === '') return false;
  return crypto.timingSafeEqual(digest(presented), digest(token));
}

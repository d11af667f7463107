// HTTP-01 answers kept as files in the certificate cache, so any worker on the :80 port can answer the CA.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ChallengeStore } from './acme.ts';
import { writePrivate } from './cert-cache.ts';

/** Inside `.autocert_cache` (never backed up, kept by a restore): `<cacheDir>/challenges/<token>`. */
const CHALLENGES = 'challenges';

/** RFC 8555 §8.3: a token is base64url; anything else never becomes a file name. */
const TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * `serve --workers` with ACME: the leader orders, but the CA's validation request reaches whichever
 * worker the kernel picks, so the pending answers live where every worker reads them.
 */
export function createChallengeFiles(cacheDir: string): ChallengeStore {
  const dir = join(cacheDir, CHALLENGES);
  return {
    get(token) {
      if (!TOKEN.test(token)) return undefined;
      try {
        return readFileSync(join(dir, token), 'utf8');
      } catch {
        return undefined;
      }
    },
    set(token, keyAuthorization) {
      if (!TOKEN.test(token)) throw new Error(`the CA sent a malformed token "${token}"`);
      mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      writePrivate(dir, token, keyAuthorization);
    },
    delete(token) {
      if (TOKEN.test(token)) rmSync(join(dir, token), { force: true });
    },
  };
}

// Keeps a valid certificate for each domain: from the cache, else issued; renewed before it expires.
import type { TLSOptions } from 'bun';
import type { Issued } from './acme.ts';
import {
  type CachedCertificate,
  readCachedCertificate,
  writeCachedCertificate,
} from './cert-cache.ts';

const DAY = 24 * 60 * 60 * 1000;

/** Go's autocert default: renew 30 days before expiry (Let's Encrypt certificates last 90). */
export const RENEW_BEFORE = 30 * DAY;

export interface CertificateOptions {
  domains: readonly string[];
  cacheDir: string;
  issue: (domain: string) => Promise<Issued>;
  /** Called with every domain's certificate after a renewal, to be served from then on. */
  onRenew: (tls: TLSOptions[]) => void;
  /** Renewal failures (retried at the next check). */
  log: (message: string) => void;
  /** How often to look for certificates due (default daily). */
  checkEvery?: number;
  /**
   * Whether this process orders renewals (default yes). Under `serve --workers` only the leader
   * does; every worker serves what the cache holds, a renewal stored there included.
   */
  renews?: () => boolean;
  renewBefore?: number;
  now?: () => number;
}

export interface Certificates {
  /** One entry per domain (`serverName` for SNI). */
  tls(): TLSOptions[];
  /** Domains whose certificate came from an ACME order in this process. */
  readonly issued: readonly string[];
  stop(): void;
}

/**
 * Loads or issues every domain's certificate, then checks daily. A domain with no usable
 * certificate at start is an error: serving HTTPS without it would only fail handshakes.
 */
export async function startCertificates(options: CertificateOptions): Promise<Certificates> {
  const now = options.now ?? Date.now;
  const renewBefore = options.renewBefore ?? RENEW_BEFORE;
  const current = new Map<string, CachedCertificate>();
  const issued: string[] = [];
  const isDue = (c: CachedCertificate) => c.notAfter.getTime() - now() <= renewBefore;
  const renews = options.renews ?? (() => true);
  const isValid = (c: CachedCertificate) => c.notAfter.getTime() > now();

  const obtain = async (domain: string) => {
    const fresh = await options.issue(domain);
    writeCachedCertificate(options.cacheDir, domain, fresh.key, fresh.cert);
    const stored = readCachedCertificate(options.cacheDir, domain);
    if (!stored) throw new Error(`the CA's certificate for ${domain} does not name ${domain}`);
    current.set(domain, stored);
    issued.push(domain);
  };

  for (const domain of options.domains) {
    const cached = readCachedCertificate(options.cacheDir, domain);
    // A worker that doesn't renew serves a due one still valid: the leader's check renews it.
    if (cached && (!isDue(cached) || (!renews() && isValid(cached)))) {
      current.set(domain, cached);
      continue;
    }
    try {
      await obtain(domain);
    } catch (err) {
      // Due but not expired: serve it, and the daily check tries again.
      if (cached && isValid(cached)) {
        current.set(domain, cached);
        options.log(`could not renew the certificate for ${domain}: ${describe(err)}`);
        continue;
      }
      throw new Error(`cannot get a certificate for ${domain}: ${describe(err)}`);
    }
  }

  const tls = () =>
    options.domains.flatMap((serverName) => {
      const c = current.get(serverName);
      return c ? [{ serverName, key: c.key, cert: c.cert }] : [];
    });

  let checking = false;
  const check = async () => {
    if (checking) return;
    checking = true;
    let renewed = false;
    try {
      for (const domain of options.domains) {
        // Newer in the cache than served here: another worker (the leader) renewed it.
        const served = current.get(domain);
        const stored = readCachedCertificate(options.cacheDir, domain);
        if (
          stored &&
          (!served || (stored.cert !== served.cert && stored.notAfter >= served.notAfter))
        ) {
          current.set(domain, stored);
          renewed = true;
        }
        const c = current.get(domain);
        if (!renews() || (c && !isDue(c))) continue;
        try {
          await obtain(domain);
          renewed = true;
        } catch (err) {
          options.log(`could not renew the certificate for ${domain}: ${describe(err)}`);
        }
      }
      if (renewed) options.onRenew(tls());
    } catch (err) {
      // Serving the renewed certificate failed (the listener could not be rebound): say so loudly.
      options.log(`could not serve the renewed certificates: ${describe(err)}`);
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), options.checkEvery ?? DAY);
  timer.unref();
  return { tls, issued, stop: () => clearInterval(timer) };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

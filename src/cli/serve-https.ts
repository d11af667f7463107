// `serve` over HTTPS: which certificate (ACME for the domains, or --cert/--key), and both listeners.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server, TLSOptions } from 'bun';
import type { App } from '../app.ts';
import type { ChallengeStore } from '../tls/acme.ts';
import { CACHE_DIR } from '../tls/cert-cache.ts';
import { type Certificates, startCertificates } from '../tls/certificates.ts';
import { createChallengeFiles } from '../tls/challenge-files.ts';
import { createRedirectHandler } from '../tls/http-redirect.ts';

export interface Address {
  hostname: string;
  port: number;
}

/** Where the certificate comes from: files the user gave, or ACME orders for `domains`. */
export type CertificateSource = { files: { cert: string; key: string } } | { acme: string[] };

export interface HttpsPlan {
  http: Address;
  https: Address;
  source: CertificateSource;
  /** Names the redirect and the banner use (the domains; none for a bare --cert/--key). */
  hosts: string[];
}

export interface Listening {
  base: string;
  /** Stops the renewal timer and the redirect listener (the app's own listener closes with it). */
  stop(): void;
}

/**
 * The certificate source for `serve [domains] --https=ADDR [--cert --key]`, or an error for the
 * user. As PocketBase: without domains, the host of `--https` is the domain to get a certificate for.
 */
export function certificateSource(
  domains: string[],
  httpsHost: string,
  files: { cert?: string; key?: string },
): CertificateSource | string {
  if (files.cert && files.key) return { files: { cert: files.cert, key: files.key } };
  if (files.cert || files.key) return '--cert and --key go together: give both files.';
  const names = domains.length > 0 ? domains : [httpsHost];
  const { isIP } = require('node:net') as typeof import('node:net'); // only with --https: not at start
  // HTTP-01 can't prove a wildcard, and no public CA issues for an IP or a single-label name.
  const bad = names.find(
    (n) => !n || isIP(n) !== 0 || !n.includes('.') || n.includes('*') || n.endsWith('.localhost'),
  );
  if (bad !== undefined) {
    return (
      `a certificate needs a public domain name, not "${bad || httpsHost}": ` +
      'run `serve example.com`, or give your own certificate with --cert=FILE --key=FILE.'
    );
  }
  return { acme: names.map((n) => n.toLowerCase()) };
}

/** The env the ACME client reads: the directory URL, a CA for it (tests), the renewal check period. */
function acmeEnv(defaultDirectory: string) {
  const ca = process.env.SATCHEL_ACME_CA;
  const check = Number(process.env.SATCHEL_ACME_RENEW_CHECK);
  return {
    directoryUrl: process.env.SATCHEL_ACME_DIRECTORY || defaultDirectory,
    ca: ca ? readFileSync(ca, 'utf8') : undefined,
    checkEvery: check > 0 ? check * 1000 : undefined,
  };
}

/** A worker of `serve --workers` (each binds both addresses; the leader renews). */
export interface SharedListening {
  /** Whether this worker orders renewals now (the leader). */
  renews(): boolean;
}

/**
 * Binds the HTTP address (ACME challenges and redirects) first, since the CA calls it back while
 * the certificates are issued, then the app on the HTTPS address. Listen errors are thrown as
 * they come, tagged with the address (`err.address`).
 */
export async function listenHttps(
  app: App,
  plan: HttpsPlan,
  dataDir: string,
  worker?: SharedListening,
): Promise<Listening> {
  const cacheDir = join(dataDir, CACHE_DIR);
  // Workers: the CA's validation request may reach any of them, so the answers are files.
  const challenges: ChallengeStore = worker ? createChallengeFiles(cacheDir) : new Map();
  const redirect = bindTagged(plan.http, () =>
    Bun.serve({
      hostname: plan.http.hostname,
      port: plan.http.port,
      reusePort: worker !== undefined,
      development: false,
      fetch: createRedirectHandler({
        challenges,
        httpsPort: redirectPort(plan),
        hosts: plan.hosts,
      }),
    }),
  );
  let certificates: Certificates | null = null;
  let server: Server<unknown>;
  try {
    let tls: TLSOptions[];
    if ('files' in plan.source) {
      const { cert, key } = plan.source.files;
      tls = [{ cert: readPem(cert, '--cert'), key: readPem(key, '--key') }];
    } else {
      // acme-client (with its crypto and HTTP libraries, half the binary's code) loads only here.
      const { createAcmeIssuer, LETS_ENCRYPT } = await import('../tls/acme.ts');
      const env = acmeEnv(LETS_ENCRYPT);
      const issue = createAcmeIssuer({ ...env, cacheDir, challenges });
      certificates = await startCertificates({
        domains: plan.source.acme,
        cacheDir,
        issue,
        checkEvery: env.checkEvery,
        renews: worker?.renews,
        onRenew: (renewed) => app.setTls(renewed),
        log: (message) => console.error(`Warning: ${message}`),
      });
      if (certificates.issued.length > 0) {
        console.log(`Obtained a certificate for ${certificates.issued.join(', ')}`);
      }
      tls = certificates.tls();
    }
    server = bindTagged(plan.https, () => app.listen(plan.https.hostname, plan.https.port, tls));
  } catch (err) {
    certificates?.stop();
    void redirect.stop(true);
    throw err;
  }
  return {
    base: httpsBase(plan, server.hostname ?? plan.https.hostname, server.port ?? plan.https.port),
    stop() {
      certificates?.stop();
      void redirect.stop(true);
    },
  };
}

/** `https://example.com` (:443 left out), or the bound address for a bare --cert/--key. */
export function httpsBase(plan: HttpsPlan, hostname: string, port: number): string {
  const host = plan.hosts[0] ?? bracketed(hostname);
  return `https://${host}${port === 443 ? '' : `:${port}`}`;
}

/** A listen error carries the address it was for, so the message names the right flag. */
export class ListenError extends Error {
  constructor(
    readonly address: Address,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

function bindTagged<T>(address: Address, bind: () => T): T {
  try {
    return bind();
  } catch (err) {
    throw new ListenError(address, err);
  }
}

/**
 * The port HTTP redirects name. ACME's HTTP-01 reaches the domain on :80, so its HTTPS is public on
 * :443 whatever port Satchel listens on (a container maps 443 to, say, 8443; Go's autocert also
 * redirects to the bare host). Own certificates: the --https port, for local setups.
 */
function redirectPort(plan: HttpsPlan): number {
  return 'acme' in plan.source ? 443 : plan.https.port;
}

function readPem(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${flag} ${file}: ${(err as Error).message}`);
  }
}

const bracketed = (host: string) => (host.includes(':') ? `[${host}]` : host);

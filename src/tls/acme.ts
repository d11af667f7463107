// Gets one certificate per domain over ACME (RFC 8555) with the HTTP-01 challenge, through acme-client.
import { Agent } from 'node:https';
import * as acme from 'acme-client';
import { readAccountKey, writeAccountKey } from './cert-cache.ts';

/** Let's Encrypt's production directory, as PocketBase's autocert uses by default. */
export const LETS_ENCRYPT = acme.directory.letsencrypt.production;

/**
 * HTTP-01 tokens → key authorizations, answered on the HTTP address while an order is open: a Map
 * in one process, files every worker reads under `serve --workers` (challenge-files.ts).
 */
export interface ChallengeStore {
  get(token: string): string | undefined;
  set(token: string, keyAuthorization: string): void;
  delete(token: string): void;
}

export interface AcmeOptions {
  directoryUrl: string;
  /** Where the account key lives (the certificate cache dir). */
  cacheDir: string;
  challenges: ChallengeStore;
  /** Extra CA (PEM) trusted for the directory's own HTTPS connection (a test CA such as pebble's). */
  ca?: string;
}

export interface Issued {
  key: string;
  cert: string;
}

/** `issue(domain)` → a fresh key and the chain for it; the account is registered on first use. */
export function createAcmeIssuer(options: AcmeOptions): (domain: string) => Promise<Issued> {
  if (options.ca) {
    // acme-client's one axios instance: the process has one issuer, so setting it there is enough.
    acme.axios.defaults.httpsAgent = new Agent({ ca: options.ca });
  }
  let client: acme.Client | null = null;
  const connect = async () => {
    if (client) return client;
    let accountKey = readAccountKey(options.cacheDir);
    if (!accountKey) {
      accountKey = (await acme.crypto.createPrivateEcdsaKey()).toString();
      writeAccountKey(options.cacheDir, accountKey);
    }
    client = new acme.Client({ directoryUrl: options.directoryUrl, accountKey });
    return client;
  };
  return async (domain) => {
    const account = await connect();
    const [key, csr] = await acme.crypto.createCsr(
      { commonName: domain, altNames: [domain] },
      await acme.crypto.createPrivateEcdsaKey(),
    );
    const cert = await account.auto({
      csr,
      termsOfServiceAgreed: true,
      challengePriority: ['http-01'],
      // The CA checks the challenge itself; a self-check from inside would need this host to reach
      // its own public address (hairpin NAT), which many networks don't allow.
      skipChallengeVerification: true,
      challengeCreateFn: async (_authz, challenge, keyAuthorization) => {
        options.challenges.set(challenge.token, keyAuthorization);
      },
      challengeRemoveFn: async (_authz, challenge) => {
        options.challenges.delete(challenge.token);
      },
    });
    return { key: key.toString(), cert };
  };
}

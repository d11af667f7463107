// Certificates and the ACME account key on disk, in `<dataDir>/.autocert_cache` as PocketBase keeps them.
import type * as NodeCrypto from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PocketBase's cache dir name: a `pb_data`'s certificates are reused, and backups leave it out. */
export const CACHE_DIR = '.autocert_cache';

/** Go's autocert file name for the account key. */
const ACCOUNT_KEY = 'acme_account+key';

export interface CachedCertificate {
  /** The private key PEM. */
  key: string;
  /** The leaf certificate, then its intermediates (PEM). */
  cert: string;
  notAfter: Date;
}

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----\n?/g;

/**
 * The certificate for `domain`, or null when there is none, it doesn't parse, or it doesn't name
 * `domain`. One file per domain, as Go's autocert writes it: the key PEM, then the chain.
 */
export function readCachedCertificate(dir: string, domain: string): CachedCertificate | null {
  let text: string;
  try {
    text = readFileSync(join(dir, domain), 'utf8');
  } catch {
    return null;
  }
  const blocks = [...text.matchAll(PEM_BLOCK)];
  const key = blocks.find((b) => b[1]?.endsWith('PRIVATE KEY'))?.[0];
  const certs = blocks.filter((b) => b[1] === 'CERTIFICATE').map((b) => b[0]);
  if (!key || certs.length === 0) return null;
  try {
    // node:crypto loads here (HTTPS only), not at every start.
    const { X509Certificate } = require('node:crypto') as typeof NodeCrypto;
    const leaf = new X509Certificate(certs[0]!);
    if (!leaf.checkHost(domain)) return null;
    return { key, cert: certs.join(''), notAfter: new Date(leaf.validTo) };
  } catch {
    return null;
  }
}

/** Stores `domain`'s key and chain; readers see the old file or the new one, never half of one. */
export function writeCachedCertificate(dir: string, domain: string, key: string, cert: string) {
  writePrivate(dir, domain, `${withNewline(key)}${withNewline(cert)}`);
}

/** The account key PEM, or null before the first registration. */
export function readAccountKey(dir: string): string | null {
  try {
    return readFileSync(join(dir, ACCOUNT_KEY), 'utf8');
  } catch {
    return null;
  }
}

export function writeAccountKey(dir: string, key: string): void {
  writePrivate(dir, ACCOUNT_KEY, withNewline(key));
}

const withNewline = (pem: string) => (pem.endsWith('\n') ? pem : `${pem}\n`);

/** Private keys: the dir and the files are the owner's alone (0700 / 0600). */
export function writePrivate(dir: string, name: string, text: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, join(dir, name));
}

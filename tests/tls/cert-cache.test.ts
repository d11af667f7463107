// The certificate cache: Go autocert's one-file-per-domain layout, refusing what doesn't fit.
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  readAccountKey,
  readCachedCertificate,
  writeAccountKey,
  writeCachedCertificate,
} from '../../src/tls/cert-cache.ts';
import { selfSigned } from '../support/pebble.ts';

const root = mkdtempSync(join(tmpdir(), 'satchel-cert-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const noOpenssl = !Bun.which('openssl');
if (noOpenssl && process.env.CI === 'true')
  throw new Error('[tests] the cert cache test needs openssl');
if (noOpenssl) console.log('[tests] skipping the cert cache test: openssl not installed');

describe.skipIf(noOpenssl)('cert cache', () => {
  test('a written certificate reads back with its expiry; other names and junk read as none', async () => {
    const files = await selfSigned(root, 'leaf', ['example.com']);
    const cache = join(root, 'cache');
    const key = readFileSync(files.key, 'utf8');
    const cert = readFileSync(files.cert, 'utf8');
    writeCachedCertificate(cache, 'example.com', key, cert);
    // Go's autocert layout: the key, then the chain.
    expect(readFileSync(join(cache, 'example.com'), 'utf8')).toBe(`${key}${cert}`);
    expect(statSync(join(cache, 'example.com')).mode & 0o777).toBe(0o600);
    const read = readCachedCertificate(cache, 'example.com');
    expect(read?.key).toBe(key);
    expect(read?.cert).toBe(cert);
    const days = (read!.notAfter.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(1);
    expect(days).toBeLessThanOrEqual(2);

    // A file under another name whose certificate doesn't name it is not used for it.
    writeFileSync(join(cache, 'other.example'), `${key}${cert}`);
    expect(readCachedCertificate(cache, 'other.example')).toBeNull();
    writeFileSync(join(cache, 'junk.example'), 'not a pem');
    expect(readCachedCertificate(cache, 'junk.example')).toBeNull();
    writeFileSync(join(cache, 'nokey.example'), cert);
    expect(readCachedCertificate(cache, 'nokey.example')).toBeNull();
    expect(readCachedCertificate(cache, 'missing.example')).toBeNull();
  });

  test('the account key round-trips', () => {
    const cache = join(root, 'account');
    expect(readAccountKey(cache)).toBeNull();
    writeAccountKey(cache, '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----');
    expect(readAccountKey(cache)).toBe(
      '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n',
    );
  });
});

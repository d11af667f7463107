// The plain-HTTP listener of an HTTPS server: ACME challenge answers and redirects, as a table.
import { describe, expect, test } from 'bun:test';
import { createRedirectHandler } from '../../src/tls/http-redirect.ts';

const challenges = new Map([['tok_EN-1', 'tok_EN-1.thumbprint']]);
const acme = createRedirectHandler({
  challenges,
  httpsPort: 443,
  hosts: ['example.com', 'www.example.com'],
});
const own = createRedirectHandler({ challenges: new Map(), httpsPort: 8443, hosts: [] });

describe('createRedirectHandler', () => {
  const cases: [string, typeof acme, string, string, number, string | null][] = [
    // name, handler, method, url, status, location or body
    [
      'a pending token answers its key authorization',
      acme,
      'GET',
      'http://example.com/.well-known/acme-challenge/tok_EN-1',
      200,
      'tok_EN-1.thumbprint',
    ],
    [
      'an unknown token is 404, not a redirect',
      acme,
      'GET',
      'http://example.com/.well-known/acme-challenge/other',
      404,
      'Not Found',
    ],
    [
      'a token path with a slash is redirected like any path',
      acme,
      'GET',
      'http://example.com/.well-known/acme-challenge/a/b',
      308,
      'https://example.com/.well-known/acme-challenge/a/b',
    ],
    [
      'GET keeps path and query',
      acme,
      'GET',
      'http://example.com/api/health?a=1&b=2',
      308,
      'https://example.com/api/health?a=1&b=2',
    ],
    [
      'HEAD redirects too',
      acme,
      'HEAD',
      'http://www.example.com/',
      308,
      'https://www.example.com/',
    ],
    [
      'the host is matched case-insensitively',
      acme,
      'GET',
      'http://EXAMPLE.com/x',
      308,
      'https://example.com/x',
    ],
    [
      'an unknown host goes to the first domain',
      acme,
      'GET',
      'http://attacker.example/x',
      308,
      'https://example.com/x',
    ],
    [
      'POST is refused, not redirected',
      acme,
      'POST',
      'http://example.com/api/collections/users/records',
      400,
      'Use HTTPS',
    ],
    [
      'own certificate: any host, the --https port',
      own,
      'GET',
      'http://127.0.0.1:8090/_/',
      308,
      'https://127.0.0.1:8443/_/',
    ],
    [
      'own certificate: an IPv6 host stays bracketed',
      own,
      'GET',
      'http://[::1]:8090/_/',
      308,
      'https://[::1]:8443/_/',
    ],
  ];
  for (const [name, handler, method, url, status, expected] of cases) {
    test(name, async () => {
      const res = handler(new Request(url, { method }));
      expect(res.status).toBe(status);
      if (status === 308) expect(res.headers.get('location')).toBe(expected);
      else expect(await res.text()).toBe(expected ?? '');
    });
  }
});

// The plain-HTTP side of an HTTPS server: ACME HTTP-01 answers, everything else sent to https://.
import type { ChallengeStore } from './acme.ts';

const CHALLENGE_PATH = /^\/\.well-known\/acme-challenge\/([A-Za-z0-9_-]+)$/;

export interface RedirectOptions {
  challenges: ChallengeStore;
  /** The HTTPS port clients reach (443 is left out of the URL). */
  httpsPort: number;
  /** Host names the redirect may name; another Host header is sent to the first. */
  hosts: readonly string[];
}

/**
 * `GET http://example.com/_/?x` → 308 `https://example.com/_/?x`. Other methods get 400 "Use HTTPS"
 * (as Go's autocert handler): a body already sent in the clear shouldn't silently be sent again.
 */
export function createRedirectHandler(options: RedirectOptions): (request: Request) => Response {
  return (request) => {
    const url = new URL(request.url);
    const challenge = CHALLENGE_PATH.exec(url.pathname);
    if (challenge) {
      const keyAuthorization = options.challenges.get(challenge[1]!);
      if (!keyAuthorization) return new Response('Not Found', { status: 404 });
      return new Response(keyAuthorization, { headers: { 'content-type': 'text/plain' } });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Use HTTPS', { status: 400 });
    }
    // Only known names: the Location never points at a host the client made up.
    const asked = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const host = options.hosts.includes(asked) ? asked : options.hosts[0] || asked;
    const port = options.httpsPort === 443 ? '' : `:${options.httpsPort}`;
    const bracketed = host.includes(':') ? `[${host}]` : host;
    const location = `https://${bracketed}${port}${url.pathname}${url.search}`;
    return new Response(null, { status: 308, headers: { location } });
  };
}

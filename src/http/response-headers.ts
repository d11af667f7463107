// The headers every response carries (http-api.md §1.2): PocketBase's security headers plus CORS.

const SECURITY_HEADERS = {
  'x-xss-protection': '1; mode=block',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
};

export const ALLOWED_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE';

/** http-api.md §1.2: `application/json`, without the charset parameter Response.json adds. */
const JSON_TYPE = 'application/json';
const ELYSIA_JSON = 'application/json;charset=utf-8';

/**
 * The common headers for `*` origins (the default) plus the JSON type: a response built with them
 * needs no header work on the way out, and copying a prepared Headers costs half of setting them.
 */
const WILDCARD_JSON: [string, string][] = [
  ...Object.entries(SECURITY_HEADERS),
  ['access-control-allow-origin', '*'],
  ['vary', 'Origin'],
  ['content-type', JSON_TYPE],
];
const COMMON_JSON = new Headers(WILDCARD_JSON);

/**
 * A JSON response as PocketBase sends it, built with the `*`-origin common headers; with other
 * origins `apply` puts the request's own CORS headers in their place on the way out.
 */
export function jsonResponse(data: unknown, status = 200): Response {
  return new Response(JSON.stringify(data), { status, headers: COMMON_JSON });
}

export type HeaderList = [string, string][];

/** Present on every response that already carries the common headers. */
const MARKER = 'x-content-type-options';

export class ResponseHeaders {
  private readonly wildcard: boolean;
  private readonly wildcardList: HeaderList;
  /** With `*` origins the headers never vary: JSON answers are built with them in one step. */
  private readonly wildcardJson: Headers;

  constructor(private readonly origins: string[]) {
    this.wildcard = origins.includes('*');
    this.wildcardList = Object.entries({
      ...SECURITY_HEADERS,
      'access-control-allow-origin': '*',
      vary: 'Origin',
    });
    this.wildcardJson = COMMON_JSON;
  }

  /** Security + CORS headers for this request; the common wildcard case is one shared list. */
  forRequest(request: Request): HeaderList {
    if (this.wildcard) return this.wildcardList;
    const origin = request.headers.get('origin');
    const cors: Record<string, string> =
      origin && this.origins.includes(origin)
        ? { 'access-control-allow-origin': origin, vary: 'Origin' }
        : { vary: 'Origin' };
    return Object.entries({ ...SECURITY_HEADERS, ...cors });
  }

  /**
   * A JSON response, with the common headers already on it when they don't depend on the request:
   * copying a prepared Headers costs a fraction of setting five headers one by one afterwards.
   */
  json(data: unknown, status = 200): Response {
    if (!this.wildcard) return jsonResponse(data, status);
    return new Response(JSON.stringify(data), { status, headers: this.wildcardJson });
  }

  /**
   * Adds `headers` in place (skipped when `json` already did); a response with immutable headers
   * (a proxied fetch) is re-wrapped.
   */
  apply(res: Response, headers: HeaderList): Response {
    if (headers === this.wildcardList && res.headers.has(MARKER)) return res;
    try {
      const h = res.headers;
      // Built by jsonResponse for `*` origins: this request's origin may be allowed no CORS at all.
      if (h.get('access-control-allow-origin') === '*' && h.has(MARKER)) {
        h.delete('access-control-allow-origin');
        h.delete('vary');
      }
      for (const [k, v] of headers) setHeader(h, k, v);
      // Objects a route returns are serialized by Elysia, which adds a charset PocketBase doesn't.
      if (h.get('content-type') === ELYSIA_JSON) h.set('content-type', JSON_TYPE);
      return res;
    } catch {
      const copy = new Response(res.body, res);
      for (const [k, v] of headers) setHeader(copy.headers, k, v);
      return copy;
    }
  }
}

/** Sets one common header; a route's own `Vary` (e.g. Accept-Encoding) is kept beside ours. */
function setHeader(h: Headers, name: string, value: string): void {
  const own = name === 'vary' ? h.get('vary') : null;
  h.set(name, own && own !== value ? `${own}, ${value}` : value);
}

// The request event a pb_hooks route or middleware sees: PocketBase's shape over Satchel's RequestEvent.
//
// PocketBase's `e.json(…)` writes the response and returns nothing, and `e.next()` returns an error
// or nothing; Satchel's handlers return a Response. So the wrapper remembers the last response
// written (by `e.json`, or by what `e.next()` ran) and the route answers with it.
import type { RequestEvent } from '../../http/event.ts';
import type { PbApp } from './app.ts';
import type { PbRecord, PbRecordClass } from './record.ts';

type Json = { [key: string]: unknown };

/** `X-Custom-Header` → `x_custom_header`: the keys of PocketBase's `requestInfo().headers`. */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/-/g, '_');
}

/** Go's http.Header view: `e.request.header.get("X-Token")`; writable for the response's. */
function goHeader(h: Headers, writable = false) {
  const read = {
    get: (name: string) => h.get(name) ?? '',
    values: (name: string) => (h.has(name) ? [h.get(name)!] : []),
    has: (name: string) => h.has(name),
  };
  if (!writable) return read;
  return {
    ...read,
    set: (name: string, value: string) => h.set(name, String(value)),
    add: (name: string, value: string) => h.append(name, String(value)),
    del: (name: string) => h.delete(name),
  };
}

export interface PbRequestEvent {
  [key: string]: unknown;
}

/** The wrapper for `se`, one per request (kept on the event so middlewares and handler share it). */
export function pbRequestEvent(se: RequestEvent, app: PbApp, Record: PbRecordClass): PbEvent {
  const have = se.get('__pbEvent') as PbEvent | undefined;
  if (have) return have;
  const e = new PbEvent(se, app, Record);
  se.set('__pbEvent', e);
  return e;
}

export class PbEvent {
  /** The last response written, answered when the handler returns nothing. */
  written: Response | null = null;
  readonly request: Json;
  /** Headers set with `e.response.header().set(…)`, added to the response when it is written. */
  private readonly headers = new Headers();
  /** Go's ResponseWriter, as far as hooks use it: its header map. */
  readonly response = {
    header: () => goHeader(this.headers, true),
  };

  constructor(
    readonly se: RequestEvent,
    readonly app: PbApp,
    private readonly Record: PbRecordClass,
  ) {
    const url = new URL(se.request.url);
    this.request = {
      method: se.request.method,
      host: url.host,
      url: {
        path: url.pathname,
        rawQuery: url.search.replace(/^\?/, ''),
        query: () => ({ get: (k: string) => url.searchParams.get(k) ?? '' }),
        string: () => `${url.pathname}${url.search}`,
      },
      header: goHeader(se.request.headers),
      pathValue: (name: string) => se.params[name] ?? '',
      remoteAddr: se.remoteIP(),
      contentLength: Number(se.request.headers.get('content-length') ?? 0),
    };
  }

  /** The caller as a Record, or null (resolved before any pb_hooks code runs). */
  get auth(): PbRecord | null {
    const a = this.se.auth;
    return a ? this.Record.over(a.collection, a.record, { ...a.record }) : null;
  }

  hasSuperuserAuth(): boolean {
    return this.se.auth?.isSuperuser ?? false;
  }

  isTLS(): boolean {
    return new URL(this.se.request.url).protocol === 'https:';
  }

  realIP(): string {
    return this.se.realIP();
  }

  remoteIP(): string {
    return this.se.remoteIP();
  }

  get(key: string): unknown {
    return this.se.get(key);
  }

  set(key: string, value: unknown): void {
    this.se.set(key, value);
  }

  /**
   * PocketBase's RequestInfo: `headers` keys lower-case with `_` for `-`, `query` first values,
   * `body` the parsed body, `auth` the caller's Record.
   */
  async requestInfo(): Promise<Json> {
    const headers: Json = {};
    this.se.request.headers.forEach((v, k) => {
      headers[headerKey(k)] = v;
    });
    const query: Json = {};
    for (const [k, v] of this.se.query) if (!Object.hasOwn(query, k)) query[k] = v;
    return {
      auth: this.auth,
      body: await this.body(),
      query,
      headers,
      method: this.se.method,
      context: this.se.context,
    };
  }

  /** `e.bindBody(obj)`: the body's values into `obj`'s keys. */
  async bindBody(target: Json): Promise<void> {
    Object.assign(target, await this.body());
  }

  private async body(): Promise<Json> {
    const m = this.se.method;
    if (m === 'GET' || m === 'HEAD') return {};
    return (await this.se.body()) as Json;
  }

  /** What failed after a middleware's `e.next()`: passed on as it is, not as the hook's own error. */
  downstreamError: unknown = undefined;

  async next(): Promise<void> {
    try {
      this.written = await this.se.next();
    } catch (err) {
      this.downstreamError = err;
      throw err;
    }
  }

  private write(res: Response): Response {
    this.headers.forEach((v, k) => {
      res.headers.set(k, v);
    });
    this.written = res;
    return res;
  }

  json(status: number, data: unknown): Response {
    return this.write(this.se.json(status, JSON.parse(JSON.stringify(data ?? null))));
  }

  string(status: number, text: unknown): Response {
    return this.write(this.se.string(status, String(text)));
  }

  html(status: number, html: unknown): Response {
    return this.write(this.se.html(status, String(html)));
  }

  blob(status: number, contentType: string, data: unknown): Response {
    const body = Array.isArray(data) ? new Uint8Array(data) : (data as BodyInit);
    return this.write(this.se.blob(status, contentType, body));
  }

  redirect(status: number, url: string): Response {
    return this.write(this.se.redirect(status, url));
  }

  noContent(status = 204): Response {
    return this.write(this.se.noContent(status));
  }

  /** What the route answers: the handler's Response, else the last one written. */
  answer(returned: unknown): Response {
    if (returned instanceof Response) return returned;
    return this.written ?? new Response(null, { status: 200 });
  }
}

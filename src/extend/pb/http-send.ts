// `$http.send({url, method, body, headers, timeout})`: an outgoing request, answered in PocketBase's shape.
import { toStringGlobal } from './os.ts';

/** Go's canonical header key: `content-type` → `Content-Type` (what `res.headers` is keyed by). */
export function canonicalHeader(name: string): string {
  return name
    .toLowerCase()
    .replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

export interface SendConfig {
  url?: string;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Seconds; PocketBase's default is 120. */
  timeout?: number;
}

export async function send(config: SendConfig) {
  const method = String(config.method || 'GET').toUpperCase();
  const headers = new Headers();
  for (const [k, v] of Object.entries(config.headers ?? {})) headers.set(k, String(v));
  const hasBody = config.body !== undefined && config.body !== '' && method !== 'GET';
  const res = await fetch(String(config.url ?? ''), {
    method,
    headers,
    body: hasBody ? toStringGlobal(config.body) : undefined,
    signal: AbortSignal.timeout((Number(config.timeout) || 120) * 1000),
    redirect: 'follow',
  });
  const raw = Buffer.from(await res.arrayBuffer());
  const text = raw.toString();
  const outHeaders: Record<string, string[]> = {};
  res.headers.forEach((v, k) => {
    const key = canonicalHeader(k);
    if (key === 'Set-Cookie') return;
    outHeaders[key] = [...(outHeaders[key] ?? []), v];
  });
  const cookies: Record<string, { name: string; value: string }> = {};
  const setCookies = res.headers.getSetCookie();
  if (setCookies.length) outHeaders['Set-Cookie'] = setCookies;
  for (const c of setCookies) {
    const [pair = ''] = c.split(';');
    const i = pair.indexOf('=');
    if (i > 0) {
      const name = pair.slice(0, i).trim();
      cookies[name] = { name, value: pair.slice(i + 1).trim() };
    }
  }
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return {
    statusCode: res.status,
    headers: outHeaders,
    cookies,
    json,
    body: Array.from(raw),
    raw: text,
  };
}

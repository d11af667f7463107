// Table-driven API scenarios, like PocketBase's tests/api.go: request → status, body fragments, hooks fired.
import { expect, test } from 'bun:test';
import type { TestServer } from './server.ts';

export interface Scenario {
  name: string;
  method?: string;
  url: string;
  /** A raw `Authorization` value, or a function producing one for this server. */
  auth?: string | ((server: TestServer) => Promise<string> | string);
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or FormData as is. */
  body?: unknown;
  status: number;
  /** Substrings the response body must contain (JSON is compared on its compact text). */
  contains?: string[];
  notContains?: string[];
  /** Hook names (keys of `core.hooks`) that must have fired, or `[]` for none at all. */
  hooks?: string[];
  /** Runs before the request (e.g. to create data); gets the server. */
  before?: (server: TestServer) => Promise<void> | void;
}

/** Records which hooks fire while a scenario runs. */
function recordHooks(server: TestServer): { fired: Set<string>; stop: () => void } {
  const fired = new Set<string>();
  const ids: [{ unbind(id: string): void }, string][] = [];
  for (const [name, hook] of Object.entries(server.app.core.hooks)) {
    // Every read enriches its records (as in PocketBase): tests/hooks/enrich.test.ts covers it.
    if (name === 'onRecordEnrich') continue;
    const id = hook.bind(async (e: { next(): Promise<void> }) => {
      fired.add(name);
      await e.next();
    });
    ids.push([hook, id]);
  }
  return {
    fired,
    stop: () => {
      for (const [h, id] of ids) h.unbind(id);
    },
  };
}

export async function runScenario(server: TestServer, s: Scenario): Promise<void> {
  await s.before?.(server);
  const headers = new Headers(s.headers);
  if (s.auth) {
    headers.set('authorization', typeof s.auth === 'string' ? s.auth : await s.auth(server));
  }
  let body: BodyInit | undefined;
  if (typeof s.body === 'string' || s.body instanceof FormData) {
    body = s.body;
  } else if (s.body !== undefined) {
    body = JSON.stringify(s.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const rec = recordHooks(server);
  let res: Response;
  let text: string;
  try {
    res = await server.fetch(s.url, { method: s.method ?? 'GET', headers, body });
    text = await res.text();
  } finally {
    rec.stop();
  }
  const compact = (() => {
    try {
      return JSON.stringify(JSON.parse(text));
    } catch {
      return text;
    }
  })();
  expect({ status: res.status, body: compact }).toMatchObject({ status: s.status });
  for (const c of s.contains ?? []) expect(compact).toContain(c);
  for (const c of s.notContains ?? []) expect(compact).not.toContain(c);
  if (s.hooks) {
    if (s.hooks.length === 0) expect([...rec.fired]).toEqual([]);
    for (const h of s.hooks) expect([...rec.fired]).toContain(h);
  }
}

/** Declares one `test` per scenario against the server `getServer()` returns. */
export function scenarios(getServer: () => TestServer, list: Scenario[]): void {
  for (const s of list) {
    test(s.name, () => runScenario(getServer(), s));
  }
}

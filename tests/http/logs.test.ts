// Request logs and /api/logs through the SDK: PocketBase's row shape, redaction, filters, stats, settings.logs.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import type { ClientResponseError } from 'pocketbase';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let pb: PocketBase;
let seq = 0;

/** A request whose URL no other test makes; returns its `_logs` row after the batch flush. */
async function logged(path: string, init?: RequestInit) {
  await (await server.fetch(path, init)).arrayBuffer();
  // The response is sent before the entry is built; give the event loop a turn, then flush.
  await Bun.sleep(5);
  await server.app.core.store.logs.drain();
  const list = await pb.logs.getList(1, 10, { filter: `data.url = ${JSON.stringify(path)}` });
  return list.items;
}

/** The SDK types `level` as a string; PocketBase sends the slog integer. */
const levelOf = (r: { level: unknown }) => r.level as number;

const marker = () => `m${++seq}x${Date.now()}`;

async function setLogs(logs: Record<string, unknown>) {
  await pb.settings.update({ logs });
}

beforeAll(async () => {
  server = await startServer();
  pb = await server.superuserClient();
});
afterAll(() => server.stop());

describe('request entries', () => {
  test('a guest request: PocketBase fields, sorted keys, INFO', async () => {
    const path = `/api/health?q=${marker()}`;
    const [row] = await logged(path, {
      headers: { referer: 'http://ref.example', 'user-agent': 'ua/1' },
    });
    expect(row).toBeDefined();
    expect(Object.keys(row!)).toEqual(['id', 'created', 'data', 'message', 'level']);
    expect(row!.message).toBe(`GET ${path}`);
    expect(levelOf(row!)).toBe(0);
    expect(row!.created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/);
    const data = row!.data as Record<string, unknown>;
    expect(Object.keys(data)).toEqual([
      'auth',
      'execTime',
      'method',
      'referer',
      'remoteIP',
      'status',
      'type',
      'url',
      'userAgent',
      'userIP',
    ]);
    expect(data).toMatchObject({
      auth: '',
      method: 'GET',
      referer: 'http://ref.example',
      remoteIP: '127.0.0.1',
      status: 200,
      type: 'request',
      url: path,
      userAgent: 'ua/1',
      userIP: '127.0.0.1',
    });
    expect(typeof data.execTime).toBe('number');
    expect(await pb.logs.getOne(row!.id)).toEqual(row!);
  });

  test('a superuser request names its collection; authId only with logAuthId', async () => {
    const path = `/api/settings?q=${marker()}`;
    const headers = { authorization: pb.authStore.token };
    const [row] = await logged(path, { headers });
    expect(row!.data.auth).toBe('_superusers');
    expect('authId' in row!.data).toBe(false);
    await setLogs({ logAuthId: true });
    try {
      const path2 = `/api/settings?q=${marker()}`;
      const [row2] = await logged(path2, { headers });
      expect(row2!.data.authId).toBe(pb.authStore.record!.id);
    } finally {
      await setLogs({ logAuthId: false });
    }
  });

  test('an error answer logs at ERROR with its message', async () => {
    const path = `/api/collections/nope/records?q=${marker()}`;
    const [row] = await logged(path);
    expect(levelOf(row!)).toBe(8);
    expect(row!.data.status).toBe(404);
    expect(typeof row!.data.error).toBe('string');
    expect((row!.data.error as string).length).toBeGreaterThan(0);
    expect('details' in row!.data).toBe(true);
  });

  test('an unexpected error: ERROR, the generic message, the raw text in details', async () => {
    server.app.http.routes.add(
      [
        {
          method: 'GET',
          pattern: '/x-test/boom',
          group: 'test',
          handler: () => {
            throw new Error('kaboom in a handler');
          },
        },
      ],
      'logs-test',
    );
    try {
      const path = `/x-test/boom?q=${marker()}`;
      const [row] = await logged(path);
      expect(levelOf(row!)).toBe(8);
      expect(row!.data).toMatchObject({
        status: 500,
        error: 'Something went wrong while processing your request.',
        details: 'kaboom in a handler',
      });
    } finally {
      server.app.http.routes.remove('logs-test');
    }
  });

  test('?token= is redacted in url and message (PocketBase keeps it verbatim)', async () => {
    const m = marker();
    await (await server.fetch(`/api/files/x/y/z.txt?token=SECRET${m}&thumb=1`)).arrayBuffer();
    await Bun.sleep(5);
    await server.app.core.store.logs.drain();
    const rows = server.app.core.store.aux.all<{ message: string; data: string }>(
      "SELECT message, data FROM _logs WHERE message LIKE '%/api/files/x/y/z.txt%'",
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.message).not.toContain('SECRET');
      expect(r.data).not.toContain('SECRET');
    }
    expect(rows.at(-1)!.message).toBe('GET /api/files/x/y/z.txt?token=REDACTED&thumb=1');
  });

  test('a realtime stream that opened is not logged (PocketBase skips it); its subscription POST is', async () => {
    const m = marker();
    const stream = await server.fetch(`/api/realtime?q=${m}`);
    const reader = stream.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const clientId = /"clientId":"(\w+)"/.exec(first)![1]!;
    const post = `/api/realtime?q=${m}`;
    const posted = await logged(post, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId, subscriptions: ['posts/*'] }),
    });
    await reader.cancel();
    expect(posted.map((r) => [r.message, (r.data as { status: number }).status])).toEqual([
      [`POST ${post}`, 204],
    ]);
  });

  test('a realtime WebSocket upgrade is not logged either', async () => {
    const path = `/api/realtime/ws?q=${marker()}`;
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}${path}`);
    const first = await new Promise<string>((resolve, reject) => {
      ws.onmessage = (m) => resolve(String(m.data));
      ws.onerror = () => reject(new Error('websocket error'));
    });
    ws.close();
    expect(first).toContain('PB_CONNECT');
    await server.app.core.store.logs.drain();
    const list = await pb.logs.getList(1, 10, { filter: `data.url = ${JSON.stringify(path)}` });
    expect(list.items).toEqual([]);
  });

  test('a route that skips success logs still logs its errors', async () => {
    server.app.http.routes.add(
      [
        {
          method: 'GET',
          pattern: '/x-test/quiet/{status}',
          group: 'test',
          skipSuccessLog: true,
          handler: (e) => new Response(null, { status: Number(e.params.status) }),
        },
      ],
      'logs-test',
    );
    try {
      const m = marker();
      expect(await logged(`/x-test/quiet/204?q=${m}`)).toEqual([]);
      const [row] = await logged(`/x-test/quiet/409?q=${m}`);
      expect((row!.data as { status: number }).status).toBe(409);
    } finally {
      server.app.http.routes.remove('logs-test');
    }
  });

  test('the app logger writes the same table', async () => {
    const m = marker();
    server.app.core.logger.warn(`hook says ${m}`, { n: 1 });
    server.app.core.logger.debug(`dropped ${m}`); // below minLevel 0
    await server.app.core.store.logs.drain();
    const list = await pb.logs.getList(1, 10, { filter: `message ~ ${JSON.stringify(m)}` });
    expect(list.items.map((i) => [i.message, levelOf(i), i.data])).toEqual([
      [`hook says ${m}`, 4, { n: 1 }],
    ]);
  });
});

describe('/api/logs', () => {
  test('filters on level, message and data paths; sort', async () => {
    const m = marker();
    await logged(`/api/health?f=${m}`);
    await logged(`/api/collections/nope/records?f=${m}`);
    const errors = await pb.logs.getList(1, 50, {
      filter: `message ~ ${JSON.stringify(m)} && level > 0 && message !~ "/api/logs"`,
    });
    expect(errors.items.map((i) => i.data.status)).toEqual([404]);
    const ok = await pb.logs.getList(1, 50, {
      filter: `data.status = 200 && data.url ~ "${m}" && data.url ~ "/api/health"`,
    });
    expect(ok.items.map((i) => i.message)).toEqual([`GET /api/health?f=${m}`]);
    const sorted = await pb.logs.getList(1, 50, {
      filter: `message ~ "${m}" && message !~ "/api/logs"`,
      sort: '-level',
    });
    expect(sorted.items.map(levelOf)).toEqual([8, 0]);
    const bad = await pb.logs.getList(1, 1, { filter: 'nosuch = 1' }).catch((e) => e);
    expect((bad as ClientResponseError).status).toBe(400);
  });

  test('stats: hourly totals, filterable', async () => {
    const m = marker();
    await logged(`/api/health?s=${m}`);
    await logged(`/api/health?s2=${m}`);
    const stats = await pb.logs.getStats({
      filter: `data.url ~ "${m}" && data.url ~ "/api/health"`,
    });
    expect(stats).toHaveLength(1);
    expect(stats[0]!.date).toMatch(/^\d{4}-\d\d-\d\d \d\d:00:00\.000Z$/);
    expect(stats[0]!.total).toBe(2);
    const all = await pb.logs.getStats();
    expect(all.reduce((n, s) => n + s.total, 0)).toBeGreaterThanOrEqual(2);
  });

  test('superusers only; a missing id is 404', async () => {
    const guest = await server
      .client()
      .logs.getList()
      .catch((e) => e);
    expect((guest as ClientResponseError).status).toBe(401);
    const missing = await pb.logs.getOne('nosuchlog').catch((e) => e);
    expect((missing as ClientResponseError).status).toBe(404);
  });
});

describe('settings.logs', () => {
  test('maxDays 0 turns logging off', async () => {
    await setLogs({ maxDays: 0 });
    try {
      expect(await logged(`/api/health?off=${marker()}`)).toEqual([]);
    } finally {
      await setLogs({ maxDays: 5 });
    }
  });

  test('minLevel drops the levels below it', async () => {
    await setLogs({ minLevel: 4 });
    try {
      expect(await logged(`/api/health?lvl=${marker()}`)).toEqual([]);
      const [err] = await logged(`/api/collections/nope/records?lvl=${marker()}`);
      expect(levelOf(err!)).toBe(8);
    } finally {
      await setLogs({ minLevel: 0 });
    }
  });

  test('logIP false leaves the IPs out', async () => {
    await setLogs({ logIP: false });
    try {
      const [row] = await logged(`/api/health?ip=${marker()}`);
      expect('userIP' in row!.data).toBe(false);
      expect('remoteIP' in row!.data).toBe(false);
    } finally {
      await setLogs({ logIP: true });
    }
  });

  test('maxDataSize cuts data as PocketBase 0.40: whole entries, a cut value null, a cut key gone', async () => {
    const rowOf = async (path: string, init?: RequestInit) => {
      await (await server.fetch(path, init)).arrayBuffer();
      await Bun.sleep(5); // as `logged`: the entry is built after the response
      await server.app.core.store.logs.drain();
      const m = /[?&]m=(\w+)/.exec(path)![1]!;
      const list = await pb.logs.getList(1, 1, { filter: `message ~ ${JSON.stringify(m)}` });
      return list.items[0]!.data as Record<string, unknown>;
    };
    await setLogs({ maxDataSize: 100 });
    try {
      // About 95 bytes reach `"status":200` (execTime's digits vary): `url` and after don't fit.
      const cutKey = await rowOf(`/api/health?m=${marker()}`);
      const order = ['auth', 'execTime', 'method', 'referer', 'remoteIP', 'status', 'type', 'url'];
      const keys = Object.keys(cutKey);
      expect(keys[0]).toBe('__pb_truncated__');
      expect(cutKey.__pb_truncated__).toBe(true);
      expect(keys.slice(1)).toEqual(order.slice(0, keys.length - 1));
      expect(keys).toContain('method');
      expect(keys).not.toContain('url');
      const { __pb_truncated__: _, ...rest } = cutKey;
      // When execTime's digits put the cut inside a value, that entry stays as `null` (PocketBase):
      // everything before the `null` fits in the limit.
      const text = JSON.stringify(rest);
      const fitted = text.endsWith(':null}') ? text.length - 'null}'.length : text.length;
      expect(fitted).toBeLessThanOrEqual(100);
      // A long referer: its key fits, its value doesn't.
      const cutValue = await rowOf(`/api/health?m=${marker()}`, {
        headers: { referer: `http://ref.example/${'r'.repeat(200)}` },
      });
      expect(cutValue).toMatchObject({ __pb_truncated__: true, method: 'GET', referer: null });
      expect('remoteIP' in cutValue).toBe(false);
      // Within the limit nothing changes.
      await setLogs({ maxDataSize: 1000 });
      const whole = await rowOf(`/api/health?m=${marker()}`);
      expect('__pb_truncated__' in whole).toBe(false);
      expect(whole.type).toBe('request');
    } finally {
      await setLogs({ maxDataSize: 0 });
    }
  });

  test('settings carry maxDataSize as PocketBase 0.40', async () => {
    const s = (await pb.settings.getAll()) as { logs: Record<string, unknown> };
    expect(s.logs).toEqual({
      maxDataSize: 0,
      maxDays: 5,
      minLevel: 0,
      logIP: true,
      logAuthId: false,
    });
  });
});

test('DELETE /api/logs empties the table', async () => {
  await logged(`/api/health?del=${marker()}`);
  const res = await server.fetch('/api/logs', {
    method: 'DELETE',
    headers: { authorization: pb.authStore.token },
  });
  expect(res.status).toBe(204);
  expect(server.app.core.store.aux.get<{ n: number }>('SELECT COUNT(*) AS n FROM _logs')!.n).toBe(
    0,
  );
});

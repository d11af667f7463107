// The PocketBase-shaped view of Satchel's hook events: record views, enrich choices, request members.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createPbApp } from '../../../src/extend/pb/app.ts';
import { pbHookEvent } from '../../../src/extend/pb/hook-event.ts';
import { recordClass } from '../../../src/extend/pb/record.ts';
import { RequestEvent } from '../../../src/http/event.ts';
import { createRequestState } from '../../../src/http/request-state.ts';
import { startServer, type TestServer } from '../../support/server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

function setup() {
  const core = server.app.core;
  const Record = recordClass(core);
  return { core, Record, app: createPbApp(core, Record) };
}

describe('pbHookEvent', () => {
  test('e.record writes through to the event record; enrich choices go to the event', () => {
    const { core, Record, app } = setup();
    const users = core.collections.require('users');
    const calls: unknown[][] = [];
    const raw = {
      collection: users,
      record: { id: 'abc', name: 'old' },
      auth: null,
      requestInfo: { method: 'GET', headers: { 'X-Custom-Thing': 'v' }, query: { q: '1' } },
      hide: (...names: string[]) => calls.push(['hide', ...names]),
      unhide: (...names: string[]) => calls.push(['unhide', ...names]),
      withCustomData: (on: boolean) => calls.push(['custom', on]),
      next: async () => {},
    };
    const e = pbHookEvent(raw, app, Record) as unknown as {
      record: InstanceType<typeof Record>;
      collection: { name: string };
      requestInfo: { headers: Record<string, string>; query: Record<string, string>; auth: null };
    };
    e.record.set('name', 'new');
    expect(raw.record.name).toBe('new');
    expect(e.record.hide('name')).toBe(e.record);
    e.record.unhide('email');
    e.record.withCustomData(true);
    expect(calls).toEqual([
      ['hide', 'name'],
      ['unhide', 'email'],
      ['custom', true],
    ]);
    expect(e.collection.name).toBe('users');
    expect(e.requestInfo.headers).toEqual({ x_custom_thing: 'v' });
    expect(e.requestInfo.query).toEqual({ q: '1' });
    expect(e.requestInfo.auth).toBeNull();
  });

  test('a request hook event gets the route-shaped request members', async () => {
    const { core, Record, app } = setup();
    const state = createRequestState({
      core,
      bodyLimit: 1 << 20,
      origins: ['*'],
      server: () => null,
    });
    const request = new Request('http://x/api/collections/posts/records?a=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Thing': 'yes' },
      body: JSON.stringify({ title: 'hi' }),
    });
    const se = new RequestEvent(state, request, '/api/collections/posts/records', {
      ip: '1.2.3.4',
    });
    await se.resolveAuth();
    const raw = Object.assign(se, {
      collection: core.collections.require('users'),
      record: { id: 'r1', name: 'n' },
    });
    const e = pbHookEvent(raw as never, app, Record) as unknown as {
      requestInfo(): Promise<{ body: unknown; headers: Record<string, string>; query: unknown }>;
      request: { header: { get(n: string): string }; url: { path: string } };
      auth: unknown;
      realIP(): string;
      record: { getString(n: string): string };
    };
    const info = await e.requestInfo();
    expect(info.body).toEqual({ title: 'hi' });
    expect(info.headers.x_thing).toBe('yes');
    expect(info.query).toEqual({ a: '1' });
    expect(e.request.header.get('X-Thing')).toBe('yes');
    expect(e.request.url.path).toBe('/api/collections/posts/records');
    expect(e.auth).toBeNull();
    expect(e.realIP()).toBe('1.2.3.4');
    expect(e.record.getString('name')).toBe('n');
  });
});

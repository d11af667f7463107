// What the broker keeps per client (issue 17: 10,000 subscribers): parsed topics shared between
// clients, no token copy, subscriptions deduplicated in order and replaced whole.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../../src/app.ts';
import type { Core } from '../../../src/core/core.ts';
import { Broker } from '../../../src/core/realtime/broker.ts';
import { LocalBus } from '../../../src/core/realtime/bus.ts';
import type { ClientSink } from '../../../src/core/realtime/client.ts';
import type { AuthInfo } from '../../../src/core/records/auth-info.ts';

const dir = mkdtempSync(join(tmpdir(), 'satchel-broker-memory-'));
let core: Core;
let broker: Broker;
const sent: string[] = [];
const sink: ClientSink = {
  send: (event) => {
    sent.push(event);
    return true;
  },
  close: () => {},
};

beforeAll(async () => {
  core = await openCore(join(dir, 'sb_data'));
  broker = new Broker(core, new LocalBus());
});

afterAll(() => {
  broker.close();
  core.store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('broker per-client state', () => {
  test('two clients on the same subscription string share one parsed topic', () => {
    const a = broker.connect('127.0.0.1', 'sse', () => sink);
    const b = broker.connect('127.0.0.1', 'ws', () => sink);
    const raw = 'posts/*?options=%7B%22query%22%3A%7B%22expand%22%3A%22author%22%7D%7D';
    for (const c of [a, b]) {
      broker.setSubscriptions(c.id, { ip: '127.0.0.1', auth: null, subscriptions: [raw] });
    }
    expect(a.subscriptions[0]!.topic).toBe(b.subscriptions[0]!.topic);
    expect(a.subscriptions[0]!.topic.options?.query.expand).toBe('author');
  });

  test('the bound auth keeps everything but the token', () => {
    const c = broker.connect('127.0.0.1', 'sse', () => sink);
    const auth: AuthInfo = {
      record: { id: 'u1', tokenKey: 'k' } as AuthInfo['record'],
      collection: core.collections.require('users'),
      isSuperuser: false,
      token: 'eyJ.a.token',
      refreshable: true,
    };
    broker.setSubscriptions(c.id, { ip: '127.0.0.1', auth, subscriptions: ['posts/*'] });
    expect(c.auth?.token).toBe('');
    expect(c.auth?.record).toBe(auth.record);
    expect(c.auth?.collection).toBe(auth.collection);
    expect(auth.token).toBe('eyJ.a.token');
  });

  test('duplicates and blanks dropped, order kept; a resubscribe replaces them all', async () => {
    const c = broker.connect('127.0.0.1', 'sse', () => sink);
    broker.setSubscriptions(c.id, {
      ip: '127.0.0.1',
      auth: null,
      subscriptions: ['b/*', 'a/*', '', 'b/*', '@custom'],
    });
    expect([...c.topics.keys()]).toEqual(['b/*', 'a/*', '@custom']);
    expect(c.subscribedTo('@custom')).toBe(true);
    broker.setSubscriptions(c.id, { ip: '127.0.0.1', auth: null, subscriptions: ['@custom'] });
    expect([...c.topics.keys()]).toEqual(['@custom']);
    expect(broker.stats().subscriptions).toBeGreaterThanOrEqual(1);
    sent.length = 0;
    expect(broker.broadcast('@custom', { hi: 1 })).toBe(1);
    expect(sent).toEqual(['@custom']);
  });
});

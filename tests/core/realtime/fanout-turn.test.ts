// A record event's fan-out starts in an event-loop turn of its own, never in the publishing write's
// task (issue 17: a 1 MiB record's serialization and socket writes on top of its commit > 10 ms).
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../../src/app.ts';
import { SUPERUSERS } from '../../../src/core/collections/model.ts';
import type { Core } from '../../../src/core/core.ts';
import { Broker } from '../../../src/core/realtime/broker.ts';
import { LocalBus } from '../../../src/core/realtime/bus.ts';
import type { AuthInfo } from '../../../src/core/records/auth-info.ts';
import { emptyRecord } from '../../../src/core/records/codec.ts';

const dir = mkdtempSync(join(tmpdir(), 'satchel-fanout-turn-'));
let core: Core;
let bus: LocalBus;
let broker: Broker;

beforeAll(async () => {
  core = await openCore(join(dir, 'sb_data'));
  bus = new LocalBus();
  broker = new Broker(core, bus);
});

afterAll(() => {
  broker.close();
  core.store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a task queued before the event is published runs before its first delivery', async () => {
  const order: string[] = [];
  const client = broker.connect('127.0.0.1', 'sse', () => ({
    send: (event) => {
      order.push(`delivered ${event}`);
      return true;
    },
    close: () => {},
  }));
  const su: AuthInfo = {
    record: { id: 'su1', tokenKey: 'k' } as AuthInfo['record'],
    collection: core.collections.require(SUPERUSERS),
    isSuperuser: true,
    token: '',
    refreshable: true,
  };
  broker.setSubscriptions(client.id, { ip: '127.0.0.1', auth: su, subscriptions: ['users'] });
  const users = core.collections.require('users');
  const record = { ...emptyRecord(users), id: 'u1' };

  order.length = 0; // PB_CONNECT
  setImmediate(() => order.push('other task'));
  bus.publish({ kind: 'record', action: 'create', collectionId: users.id, record });
  await broker.idle();
  // In the publisher's task (microtasks only) it would be ['delivered users', 'other task'].
  expect(order).toEqual(['other task', 'delivered users']);
});

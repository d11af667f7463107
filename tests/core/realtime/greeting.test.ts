// A first realtime client's PB_CONNECT waits for the bus to be ready for it (SQLite workers: every
// sibling stages outbox rows again), and so do the clients that connect meanwhile.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../../src/app.ts';
import type { Core } from '../../../src/core/core.ts';
import { Broker } from '../../../src/core/realtime/broker.ts';
import { LocalBus } from '../../../src/core/realtime/bus.ts';

const dir = mkdtempSync(join(tmpdir(), 'satchel-greeting-'));
let core: Core;

/** A bus whose `setListening(true)` resolves when the test says. */
class GatedBus extends LocalBus {
  calls: boolean[] = [];
  open = Promise.withResolvers<void>();
  setListening(on: boolean): Promise<void> | undefined {
    this.calls.push(on);
    return on ? this.open.promise : undefined;
  }
}

const client = (broker: Broker, got: string[]) =>
  broker.connect('127.0.0.1', 'sse', () => ({
    send: (event) => {
      got.push(event);
      return true;
    },
    close: () => {},
  }));

beforeAll(async () => {
  core = await openCore(join(dir, 'sb_data'));
});

afterAll(() => {
  core.store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('PB_CONNECT goes out once the bus is ready for the first client, to every client that came meanwhile', async () => {
  const bus = new GatedBus();
  const broker = new Broker(core, bus);
  const first: string[] = [];
  const second: string[] = [];
  client(broker, first);
  client(broker, second);
  const gone = client(broker, []);
  broker.disconnect(gone);
  expect(bus.calls).toEqual([false, true]); // asked once, for the first client
  expect(broker.starting).not.toBeNull();
  await Promise.resolve();
  expect(first).toEqual([]);
  expect(second).toEqual([]);
  bus.open.resolve();
  await bus.open.promise;
  await Promise.resolve();
  expect(first).toEqual(['PB_CONNECT']);
  expect(second).toEqual(['PB_CONNECT']);
  expect(broker.starting).toBeNull();
  // Ready now: a later client is greeted at once.
  const third: string[] = [];
  client(broker, third);
  expect(third).toEqual(['PB_CONNECT']);
  broker.close();
});

test('a bus with nothing to wait for (one process) greets in connect itself', () => {
  const broker = new Broker(core, new LocalBus());
  const got: string[] = [];
  client(broker, got);
  expect(got).toEqual(['PB_CONNECT']);
  expect(broker.starting).toBeNull();
  broker.close();
});

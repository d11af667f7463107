// A worker's app runs cron only while it leads: started on gaining leadership, stopped on losing it.
import { afterAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { type App, createApp } from '../../src/app.ts';
import type { Leadership } from '../../src/core/cluster.ts';
import { createLocalCounters } from '../../src/core/counters.ts';
import { createLocalValues } from '../../src/core/expiring-values.ts';
import { LocalBus } from '../../src/core/realtime/bus.ts';
import { tempDir } from '../support/server.ts';

/** Leadership the test hands out and takes back. */
function switchable(): Leadership & { set(isLeader: boolean): void } {
  const listeners = new Set<(isLeader: boolean) => void>();
  const state = {
    isLeader: false,
    onChange(fn: (isLeader: boolean) => void) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    set(isLeader: boolean) {
      state.isLeader = isLeader;
      for (const fn of listeners) fn(isLeader);
    },
  };
  return state;
}

describe('worker leadership', () => {
  const leadership = switchable();
  let app: App;

  afterAll(async () => {
    await app?.close();
  });

  test('cron waits for leadership, starts with it and stops when it goes', async () => {
    app = await createApp({
      dataDir: join(tempDir(), 'sb_data'),
      worker: {
        id: 1,
        leadership,
        bus: new LocalBus(),
        relay: { forward: async () => ({ status: 404 }) },
        watchChanges: () => ({ stop: () => {}, check: () => false }),
        counters: createLocalCounters(),
        values: createLocalValues(),
        metrics: { self: '1', gather: async () => [] },
      },
    });
    const server = app.listen('127.0.0.1', 0);
    await app.started;
    expect(app.core.cron.isRunning).toBe(false);
    leadership.set(true);
    expect(app.core.cron.isRunning).toBe(true);
    leadership.set(false);
    expect(app.core.cron.isRunning).toBe(false);
    // Which worker answered, for clients and tests (worker mode only).
    const res = await fetch(`http://127.0.0.1:${server.port}/api/health`);
    expect(res.headers.get('x-satchel-worker')).toBe('1');
  });

  test('a single process leads itself: cron runs once listening, no worker header', async () => {
    const single = await createApp({ dataDir: join(tempDir(), 'sb_data') });
    const server = single.listen('127.0.0.1', 0);
    await single.started;
    expect(single.core.cron.isRunning).toBe(true);
    const res = await fetch(`http://127.0.0.1:${server.port}/api/health`);
    expect(res.headers.has('x-satchel-worker')).toBe(false);
    await single.close();
  });
});

// A restore's swap run around the sibling workers: refused when another restore holds them, and the app serves on.
import { afterAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { type App, createApp } from '../../src/app.ts';
import { tempDir } from '../support/server.ts';

describe('restore around sibling workers', () => {
  let app: App;
  let url: string;
  afterAll(async () => {
    await app?.close();
  });

  test('a refused hold swaps nothing, and the app reopens and serves', async () => {
    app = await createApp({ dataDir: join(tempDir(), 'sb_data') });
    const server = app.listen('127.0.0.1', 0);
    url = `http://127.0.0.1:${server.port}`;
    await app.started;
    const before = app.core;
    let swapped = false;
    let released = false;
    before.backups.siblings = {
      hold: async () => {
        throw new Error('another worker is restoring a backup');
      },
    };
    const swap = before.backups.aroundSiblings(async () => {
      swapped = true;
      return { commit: async () => {}, rollback: async () => {} };
    });
    await expect(before.backups.restarter!(swap)).rejects.toThrow('another worker is restoring');
    expect(swapped).toBe(false);
    // Reopened (a new core), not left closed: reads and writes work.
    expect(app.core).not.toBe(before);
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    const list = await fetch(`${url}/api/collections/users/records`);
    expect(list.status).not.toBe(500);

    // A granted hold: the siblings are released after this process reopened (commit).
    const order: string[] = [];
    app.core.backups.siblings = {
      hold: async () => {
        order.push('held');
        return () => {
          released = true;
          order.push('released');
        };
      },
    };
    await app.core.backups.restarter!(
      app.core.backups.aroundSiblings(async () => {
        order.push('swap');
        return {
          commit: async () => {
            order.push('commit');
          },
          rollback: async () => {},
        };
      }),
    );
    expect(released).toBe(true);
    expect(order).toEqual(['held', 'swap', 'released', 'commit']);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });
});

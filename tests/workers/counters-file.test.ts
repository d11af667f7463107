// The workers' shared counters file lives in the data dir: a kill -9'd supervisor leaves it there, the next start resets it.

import { Database } from 'bun:sqlite';
import { describe, expect, test } from 'bun:test';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServe } from '../support/process.ts';
import { tempDir } from '../support/server.ts';
import { waitFor, within } from '../support/wait.ts';
import { isAlive, workerPids } from './support.ts';

describe('serve --workers=2: the shared counters file', () => {
  test('in <dataDir>/.satchel_temp, not $TMPDIR; left by kill -9, reset by the next start, removed on a clean stop', async () => {
    const dir = join(tempDir(), 'sb_data');
    const counters = join(dir, '.satchel_temp', 'workers-counters.db');
    const first = await spawnServe(dir, ['--workers=2']);
    const workers = workerPids(first.proc.pid);
    expect(existsSync(counters)).toBe(true);
    const inTmp = () =>
      readdirSync(tmpdir()).filter((n) => n.startsWith(`satchel-counters-${first.proc.pid}`));
    expect(inTmp()).toEqual([]);
    first.proc.kill('SIGKILL');
    await waitFor('both workers to exit', () => workers.every((pid) => !isAlive(pid)));
    // Nothing cleaned it up; it is inside the data dir, where the next start finds it.
    expect(existsSync(counters)).toBe(true);
    const stale = new Database(counters);
    stale.run('CREATE TABLE left_by_the_dead_group (x)');
    stale.close();

    const second = await spawnServe(dir, ['--workers=2']);
    // Started afresh: the dead group's windows are not counted on.
    const fresh = new Database(counters, { readonly: true });
    const tables = fresh.query("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    fresh.close();
    expect(tables).not.toContainEqual({ name: 'left_by_the_dead_group' });
    const health = await fetch(`${second.url}/api/health`);
    expect(health.status).toBe(200);
    second.proc.kill('SIGTERM');
    expect(await within('the supervisor to exit', second.proc.exited, { timeout: 30_000 })).toBe(0);
    expect(readdirSync(join(dir, '.satchel_temp')).filter((n) => n.startsWith('workers-'))).toEqual(
      [],
    );
  }, 90_000);
});

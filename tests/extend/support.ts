// A server with a hooks dir beside its data dir, and a tiny npm package in node_modules beside both.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { type App, createApp } from '../../src/app.ts';
import { upsertSuperuser } from '../../src/core/auth/superusers.ts';
import { TEST_SUPERUSER, tempDir } from '../support/server.ts';

/** `base/node_modules/tinypkg`: `shout('hi')` → 'HI!' (an npm import a hooks file resolves). */
export function writeTinyPackage(base: string): void {
  const pkg = join(base, 'node_modules/tinypkg');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'tinypkg', version: '1.0.0', type: 'module', main: 'index.js' }),
  );
  writeFileSync(join(pkg, 'index.js'), 'export const shout = (s) => s.toUpperCase() + "!";\n');
}

/** `base/` with `sb_hooks/` (the given files) and `node_modules/tinypkg`. */
export function hooksLayout(files: Record<string, string>): {
  base: string;
  hooks: string;
  data: string;
} {
  const base = tempDir('satchel-hooks-test-');
  const hooks = join(base, 'sb_hooks');
  mkdirSync(hooks, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(hooks, name, '..'), { recursive: true });
    writeFileSync(join(hooks, name), text);
  }
  writeTinyPackage(base);
  return { base, hooks, data: join(base, 'sb_data') };
}

export interface HooksServer {
  app: App;
  url: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  superuser(): Promise<PocketBase>;
  stop(): Promise<void>;
}

export async function startWithHooks(
  layout: { base: string; hooks: string; data: string },
  hooksWatch = true,
): Promise<HooksServer> {
  const app = await createApp({ dataDir: layout.data, hooksDir: layout.hooks, hooksWatch });
  const server = app.listen('127.0.0.1', 0);
  const url = `http://127.0.0.1:${server.port}`;
  await upsertSuperuser(app.core, TEST_SUPERUSER.email, TEST_SUPERUSER.password);
  return {
    app,
    url,
    fetch: (path, init) => fetch(url + path, init),
    async superuser() {
      const pb = new PocketBase(url);
      pb.autoCancellation(false);
      await pb
        .collection('_superusers')
        .authWithPassword(TEST_SUPERUSER.email, TEST_SUPERUSER.password);
      return pb;
    },
    async stop() {
      await app.close();
      rmSync(layout.base, { recursive: true, force: true });
    },
  };
}

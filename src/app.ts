// Composition root: the only file that knows every module. Opens a data dir and builds the HTTP app.
import nodeHttp from 'node:http';
import type { Server } from 'bun';
import { bootstrapCollections } from './core/collections/bootstrap.ts';
import { CollectionRegistry } from './core/collections/registry.ts';
import type { Core } from './core/core.ts';
import { CronScheduler } from './core/cron/scheduler.ts';
import { registerSystemJobs } from './core/cron/system-jobs.ts';
import { registerAutomigrate } from './core/migrations/automigrate.ts';
import { loadMigrations } from './core/migrations/load.ts';
import { migrateUp } from './core/migrations/runner.ts';
import type { RealtimeLimits } from './core/realtime/limits.ts';
import { SettingsStore } from './core/settings/store.ts';
import { openStore } from './db/connect.ts';
import { createHooks } from './hooks/events.ts';
import { pickFields } from './http/fields-param.ts';
import { createHttpApp } from './http/index.ts';
import { createRequestState } from './http/request-state.ts';
import { createRealtime, type Realtime } from './realtime/runtime.ts';
import type { WsData } from './realtime/ws.ts';

export interface AppOptions {
  dataDir: string;
  dev?: boolean;
  /** Allowed CORS origins; `['*']` by default. */
  origins?: string[];
  /** Body size cap in bytes (PocketBase: 32 MiB). */
  bodyLimit?: number;
  /** Realtime connection limits and timeouts (defaults: `DEFAULT_LIMITS` in core/realtime/limits.ts). */
  realtime?: Partial<RealtimeLimits>;
  /** User migration files: pending ones run before serving. None when unset. */
  migrationsDir?: string;
  /** Collection changes through the API write migration files into `migrationsDir` (default on). */
  automigrate?: boolean;
}

export interface App {
  core: Core;
  http: ReturnType<typeof createHttpApp>;
  /** SSE and WebSocket clients, fed by the record hooks through the bus. */
  realtime: Realtime;
  /** Binds the HTTP server; port 0 picks a free one. */
  listen(hostname: string, port: number): Server<WsData>;
  /** Stops accepting, lets in-flight requests and queued writes finish, closes the databases. */
  close(): Promise<void>;
}

export const DEFAULT_BODY_LIMIT = 32 << 20;

/**
 * The request line plus headers Satchel reads: Go's http.DefaultMaxHeaderBytes, what PocketBase
 * accepts. Bun's own default (16 KiB) would answer a long `?filter=` with an empty 431 before the
 * app could explain it; beyond this size the empty 431 is PocketBase's answer too.
 */
export const MAX_HEADER_BYTES = 1 << 20;

/** `--dev`: one line per request on stdout (method, path, status, time). */
function logRequests(handle: (r: Request) => Promise<Response>) {
  return async (request: Request) => {
    const t0 = performance.now();
    const res = await handle(request);
    const ms = (performance.now() - t0).toFixed(1);
    const { pathname, search } = new URL(request.url);
    console.log(`${request.method} ${pathname}${search} → ${res.status} (${ms} ms)`);
    return res;
  };
}

/** Opens (or initialises) a data dir without serving it: used by the CLI and by `createApp`. */
export async function openCore(dataDir: string, dev = false): Promise<Core> {
  const store = openStore(dataDir);
  const collections = new CollectionRegistry();
  const settings = new SettingsStore();
  const cron = new CronScheduler();
  const core: Core = { dataDir, dev, store, collections, settings, hooks: createHooks(), cron };
  registerSystemJobs(core);
  await bootstrapCollections(core);
  collections.reload(store.reader);
  settings.load(store.reader);
  return core;
}

export async function createApp(options: AppOptions): Promise<App> {
  const core = await openCore(options.dataDir, options.dev ?? false);
  if (options.migrationsDir) {
    try {
      await migrateUp(core, loadMigrations(options.migrationsDir));
    } catch (err) {
      core.store.close();
      throw err;
    }
    if (options.automigrate ?? true) registerAutomigrate(core, options.migrationsDir);
  }
  let server: Server<WsData> | null = null;
  const realtime = createRealtime(core, {
    limits: options.realtime,
    pickFields: (json, fields) => pickFields(json, fields),
  });
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const origins = options.origins ?? ['*'];
  const ctx = createRequestState({ core, bodyLimit, origins, server: () => server });
  const http = createHttpApp(ctx, { bodyLimit });
  ctx.setDispatcher((request) => http.handle(request));
  return {
    core,
    http,
    realtime,
    listen(hostname, port) {
      // Process-wide: Bun.serve reads node:http's setting, which Bun (unlike Node's types) lets
      // a program change at run time. The same value for every app.
      (nodeHttp as { maxHeaderSize: number }).maxHeaderSize = MAX_HEADER_BYTES;
      server = Bun.serve<WsData>({
        hostname,
        port,
        fetch: core.dev ? logRequests(http.handle) : http.handle,
        websocket: realtime.websocket,
        // Bun's own cap only stops the absurd: each route enforces its limit (global, per record
        // collection, batch.maxBodySize) while it reads the body.
        maxRequestBodySize: 2 ** 31,
        development: false,
        // Bun reuses the port by default outside development: a second server on a busy address
        // would silently share it (the kernel splits requests between two databases).
        reusePort: false,
      });
      realtime.server = server;
      core.cron.start();
      return server;
    },
    async close() {
      core.cron.stop();
      // Event streams never end by themselves: end them first, or stop() waits forever.
      realtime.close();
      if (server) await server.stop(false);
      await core.store.writes.drain();
      core.store.close();
    },
  };
}

// Composition root: the only file that knows every module. Opens a data dir and builds the HTTP app.
import type { Server, TLSOptions } from 'bun';
import type { WorkerOptions } from './cluster/join.ts';
import { scheduleAutoBackups } from './core/backups/auto.ts';
import { BackupState, type Restarter, type SwapContents } from './core/backups/state.ts';
import { soleLeader } from './core/cluster.ts';
import { bootstrapCollections } from './core/collections/bootstrap.ts';
import { CollectionRegistry } from './core/collections/registry.ts';
import type { Core } from './core/core.ts';
import { createLocalCounters, type WindowCounters } from './core/counters.ts';
import { CronScheduler } from './core/cron/scheduler.ts';
import { registerSystemJobs } from './core/cron/system-jobs.ts';
import { createLocalValues, type ExpiringValues } from './core/expiring-values.ts';
import { Logger } from './core/logs/logger.ts';
import { MetricsRegistry } from './core/metrics/registry.ts';
import { addCoreSources } from './core/metrics/sources.ts';
import { registerAutomigrate } from './core/migrations/automigrate.ts';
import { loadMigrations } from './core/migrations/load.ts';
import { migrateUp } from './core/migrations/runner.ts';
import type { RealtimeLimits } from './core/realtime/limits.ts';
import { type SettingsEncryption, SettingsStore } from './core/settings/store.ts';
import { openStore } from './db/connect.ts';
import {
  type ExtensionOptions,
  type LoadedExtensions,
  loadExtensions,
} from './extend/extensions.ts';
import { createHooks } from './hooks/events.ts';
import { allHooks, type HttpHooks } from './http/app-hooks.ts';
import { errorResponse } from './http/errors.ts';
import { pickFields } from './http/fields-param.ts';
import { MAX_HEADER_BYTES, MAX_HEADER_FLAG } from './http/header-limit.ts';
import { createHttpApp } from './http/index.ts';
import { pathOf } from './http/path.ts';
import { createRequestState } from './http/request-state.ts';
import type { RouteTable } from './http/routes.ts';
import { createRealtime, type Realtime } from './realtime/runtime.ts';
import type { WsData } from './realtime/ws.ts';

export interface AppOptions extends ExtensionOptions {
  dataDir: string;
  /** `postgres://…` (`--db`, `SATCHEL_DB_URL`): records, settings and logs in PostgreSQL. */
  dbUrl?: string | null;
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
  /** Files served at `/` (`--publicDir`); none when unset. A dir that doesn't exist serves 404s. */
  publicDir?: string;
  /** A missing public path answers the public `index.html` (single-page apps); default on. */
  indexFallback?: boolean;
  /** `--encryptionEnv`: the settings rows are stored encrypted with this variable's value. */
  encryption?: SettingsEncryption;
  /** `serve --workers=N`: this process is one of several serving the same data dir and address. */
  worker?: WorkerOptions;
}

export type { WorkerOptions };

export interface App {
  /** After a restore these name the reopened data dir's (see `restart` in createApp). */
  readonly core: Core;
  readonly http: ReturnType<typeof createHttpApp>;
  /** SSE and WebSocket clients, fed by the record hooks through the bus. */
  readonly realtime: Realtime;
  /** The hooks dir and library extensions loaded into the current core (reloads pending). */
  readonly extensions: LoadedExtensions;
  /**
   * Binds the HTTP server (HTTPS with `tls`: one entry per `serverName`); port 0 picks a free one.
   * Then `onBootstrap` and `onServe` run; requests wait for them (`started` resolves once they ran;
   * a failing handler is logged).
   */
  listen(hostname: string, port: number, tls?: TLSOptions[]): Server<WsData>;
  started: Promise<void>;
  /**
   * New certificates (a renewal). Bun's `server.reload()` keeps the old ones, so the listener is
   * rebound on the same address: open connections finish on the old one, new ones get the new.
   */
  setTls(tls: TLSOptions[]): void;
  /** Stops accepting, lets in-flight requests and queued writes finish, closes the databases. */
  close(): Promise<void>;
}

export const DEFAULT_BODY_LIMIT = 32 << 20;

export { MAX_HEADER_BYTES };

/** `--dev`: one line per request on stdout (method, path, status, time). */
function logRequests(handle: (r: Request) => Response | Promise<Response>) {
  return async (request: Request) => {
    const t0 = performance.now();
    const res = await handle(request);
    const ms = (performance.now() - t0).toFixed(1);
    const { pathname, search } = new URL(request.url);
    console.log(`${request.method} ${pathname}${search} → ${res.status} (${ms} ms)`);
    return res;
  };
}

/** onBootstrap, then onServe once listening; a failing handler is logged, the server stays up. */
async function startHooks(
  core: Core,
  hooks: HttpHooks,
  routes: RouteTable,
  server: Server<WsData>,
): Promise<void> {
  try {
    await hooks.onBootstrap.trigger({ core });
    await hooks.onServe.trigger({ core, routes, server: server as Server<unknown> });
  } catch (err) {
    console.error('onBootstrap/onServe handler failed:', err);
  }
}

async function terminateHooks(core: Core, hooks: HttpHooks, isRestart: boolean): Promise<void> {
  try {
    await hooks.onTerminate.trigger({ core, isRestart });
  } catch (err) {
    console.error('onTerminate handler failed:', err);
  }
}

export interface OpenCoreOptions {
  dev?: boolean;
  encryption?: SettingsEncryption;
  /** `postgres://…` (`--db`): the tables live in PostgreSQL; the dir keeps files, backups, hooks. */
  dbUrl?: string | null;
  /** Shared with sibling processes (`--workers`, nodes); this process's own when unset. */
  counters?: WindowCounters;
  values?: ExpiringValues;
  /** Keep other nodes from migrating until the caller has run the migration files (createApp). */
  holdStartupLock?: boolean;
}

/** Opens (or initialises) a data dir without serving it: used by the CLI and by `createApp`. */
export async function openCore(dataDir: string, options: OpenCoreOptions = {}): Promise<Core> {
  const dev = options.dev ?? false;
  const counters = options.counters ?? createLocalCounters();
  const values = options.values ?? createLocalValues();
  // A key PocketBase couldn't use either is refused before the dir is opened.
  const settings = new SettingsStore(options.encryption);
  const store = openStore(dataDir, { dbUrl: options.dbUrl });
  const collections = new CollectionRegistry();
  const cron = new CronScheduler();
  const backups = new BackupState();
  const hooks = createHooks();
  const logger = new Logger(store.logs, settings);
  const metrics = new MetricsRegistry();
  const core: Core = {
    dataDir,
    dev,
    store,
    collections,
    settings,
    hooks,
    cron,
    backups,
    logger,
    metrics,
    counters,
    values,
  };
  // PocketBase's onSettingsReload, after every load and saved update (not awaited by the writer).
  settings.onChange(() => {
    if (hooks.onSettingsReload.length === 0) return;
    hooks.onSettingsReload
      .trigger({ settings: settings.get() })
      .catch((err) => console.error('onSettingsReload handler failed:', err));
  });
  try {
    addCoreSources(core);
    registerSystemJobs(core);
    await bootstrapCollections(core);
    collections.reload(store.reader);
    settings.load(store.reader);
    scheduleAutoBackups(core);
    if (!options.holdStartupLock) store.releaseStartup();
  } catch (err) {
    // Closed, not leaked: a restore that fails to open rolls the dir back and reopens it.
    store.close();
    throw err;
  }
  return core;
}

/**
 * `/api/settings…`, the collections API (not records under it) and `/api/batch` (allowed, sized
 * and limited by `settings.batch`): what `handle` refreshes first.
 */
const SHARED_STATE_PATHS =
  /^\/api\/(settings(\/.*)?|collections(\/(import|meta\/[^/]+|[^/]+(\/truncate)?))?|batch)\/?$/;

/** How long a restore waits for in-flight requests before closing the databases under them. */
const RESTART_DRAIN_MS = 10_000;

/** The parts of an app that a restore replaces: everything opened on the data dir. */
interface Opened {
  core: Core;
  http: ReturnType<typeof createHttpApp>;
  realtime: Realtime;
  extensions: LoadedExtensions;
  /** Stops watching other workers' changes (a no-op in a single process). */
  unwatch: () => void;
}

export async function createApp(options: AppOptions): Promise<App> {
  let server: Server<WsData> | null = null;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const origins = options.origins ?? ['*'];
  let inFlight = 0;
  let onIdle: (() => void) | null = null;
  let restarting = false;
  const leadership = options.worker?.leadership ?? soleLeader;
  /** Cron ticks only in the leader; a worker that becomes leader starts it, one that stops, stops it. */
  const startCron = () => {
    if (leadership.isLeader) current.core.cron.start();
  };

  /** `atStart`: the first open (a restore's reopen runs pending migrations in every worker). */
  const open = async (atStart = false): Promise<Opened> => {
    const core = await openCore(options.dataDir, {
      dev: options.dev,
      encryption: options.encryption,
      dbUrl: options.dbUrl,
      counters: options.worker?.counters,
      values: options.worker?.values,
      holdStartupLock: true,
    });
    // Pending migration files run before anything serves, at start and after a restore (PocketBase
    // restarts the process there, which runs them too).
    // A replacement worker leaves files added since the group started for its next start.
    if (options.migrationsDir && !(atStart && options.worker?.skipMigrations)) {
      try {
        await migrateUp(core, loadMigrations(options.migrationsDir));
      } catch (err) {
        core.store.close();
        throw err;
      }
    }
    core.store.releaseStartup();
    if (options.migrationsDir) {
      if (options.automigrate ?? true) registerAutomigrate(core, options.migrationsDir);
    }
    const realtime = createRealtime(core, {
      limits: options.realtime,
      pickFields: (json, fields) => pickFields(json, fields),
      bus: options.worker?.bus,
      relay: options.worker?.relay,
    });
    // The cluster code (outbox bus, change feed) loads with --workers or --db only.
    const unwatch = options.worker
      ? (
          options.worker.join ??
          (require('./cluster/join.ts') as typeof import('./cluster/join.ts')).joinWorkers
        )(core, options.worker)
      : undefined;
    const ctx = createRequestState({ core, bodyLimit, origins, server: () => server });
    const http = createHttpApp(ctx, {
      bodyLimit,
      public: options.publicDir
        ? { dir: options.publicDir, indexFallback: options.indexFallback ?? true }
        : undefined,
    });
    ctx.setDispatcher(http.dispatch);
    core.backups.restarter = restart;
    realtime.server = server;
    // After migrations, before serving: the core's model hooks and the HTTP layer's, by name.
    const hooks = allHooks({ core, hooks: http.hooks });
    try {
      const extensions = await loadExtensions({ core, routes: http.routes, hooks }, options);
      return { core, http, realtime, extensions, unwatch: unwatch ?? (() => {}) };
    } catch (err) {
      // A library program's extension threw (hooks files never throw here: they are reported).
      unwatch?.();
      realtime.close();
      core.store.close();
      throw err;
    }
  };
  const shut = async (o: Opened) => {
    o.extensions.dispose();
    o.unwatch();
    o.core.cron.stop();
    // Event streams never end by themselves: end them first, or stop() waits forever.
    o.realtime.close();
  };

  /**
   * Restart in place after a restore: same process, same listening socket (no re-exec, so a
   * container's PID 1 and the port stay; the data dir may be a volume that can't be renamed).
   * New requests get 503 meanwhile; in-flight ones finish; the databases close, `swap` replaces the
   * dir's contents, everything reopens. If the restored dir fails to open, the swap is rolled back.
   */
  const restart: Restarter = async (swap) => {
    restarting = true;
    try {
      const old = current;
      await terminateHooks(old.core, old.http.hooks, true);
      await shut(old);
      if (inFlight > 0) {
        const idle = new Promise<void>((resolve) => {
          onIdle = resolve;
        });
        await Promise.race([idle, Bun.sleep(RESTART_DRAIN_MS)]);
        onIdle = null;
      }
      await old.core.store.writes.drain();
      await old.core.store.logs.drain();
      old.core.store.close();
      let swapped: Awaited<ReturnType<SwapContents>>;
      try {
        swapped = await swap();
      } catch (err) {
        // Nothing swapped (it put back what it moved, or a sibling worker's restore holds the dir).
        current = await open();
        throw err;
      }
      try {
        current = await open();
      } catch (err) {
        await swapped.rollback();
        current = await open();
        throw err;
      }
      // Serving again while the previous contents are deleted.
      if (server) startCron();
      restarting = false;
      await swapped.commit();
    } finally {
      if (restarting && server) startCron();
      restarting = false;
    }
  };

  let current = await open(true);
  leadership.onChange((isLeader) => {
    if (!isLeader) current.core.cron.stop();
    else if (server && !restarting) current.core.cron.start();
  });
  let started: Promise<void> = Promise.resolve();
  let closed = false;
  const sharesPort = options.worker !== undefined && options.worker.sharePort !== false;
  /** Set while onBootstrap/onServe run: requests wait for them (routes they add, state they set). */
  let booting: Promise<void> | null = null;
  const workerId = options.worker ? String(options.worker.id) : null;
  // `refreshOnMiss` (cluster/join.ts followSiblings) never throws: a failed look waits for the poll.
  const refreshShared = () => current.core.collections.refreshOnMiss?.();
  const settled = () => {
    if (--inFlight === 0) onIdle?.();
  };
  /** A Response as it is when the answer is ready at once: Bun sends it without a promise to settle. */
  const answer = (request: Request): Response | Promise<Response> => {
    if (restarting) {
      const res = errorResponse(503, 'The app is restarting after a restore; try again.');
      return current.http.withHeaders(request, res);
    }
    inFlight++;
    let res: Response | Promise<Response>;
    try {
      res = current.http.respond(request);
    } catch (err) {
      settled();
      throw err;
    }
    if (res instanceof Response) {
      settled();
      return res;
    }
    return Promise.resolve(res).finally(settled);
  };
  const serve = (request: Request): Response | Promise<Response> =>
    booting ? booting.then(() => answer(request)) : answer(request);
  const handle = !workerId
    ? serve
    : async (request: Request) => {
        // The schema and settings APIs first look for a sibling's commit (one small read): a
        // client behind a round-robin lists the collection it just made on another node. After
        // a change of its own, the node takes note of it at once, so the later notification of
        // that same change doesn't reload what is already current.
        const shared = SHARED_STATE_PATHS.test(pathOf(request.url));
        if (shared) refreshShared();
        const res = await serve(request);
        if (shared && request.method !== 'GET') refreshShared();
        try {
          res.headers.set('x-satchel-worker', workerId);
        } catch {
          // Immutable headers (a fetched response passed through): it goes without.
        }
        return res;
      };
  // Each socket stays with the realtime that accepted it (whose close() ends it on a restart).
  const ws = current.realtime.websocket;
  const owners = new WeakMap<object, Realtime>();
  const ownerOf = (socket: object) => (owners.get(socket) ?? current.realtime).websocket;
  const websocket: typeof ws = {
    ...ws,
    open: (socket) => {
      owners.set(socket, current.realtime);
      return current.realtime.websocket.open?.(socket);
    },
    message: (socket, message) => ownerOf(socket).message?.(socket, message),
    close: (socket, code, reason) => ownerOf(socket).close?.(socket, code, reason),
    drain: (socket) => ownerOf(socket).drain?.(socket),
  };
  let address: { hostname: string; port: number } | null = null;
  const bind = (hostname: string, port: number, tls: TLSOptions[] | undefined) => {
    const bound = Bun.serve<WsData>({
      hostname,
      port,
      tls,
      fetch: current.core.dev ? logRequests(handle) : handle,
      websocket,
      // Bun's own cap only stops the absurd: each route enforces its limit (global, per record
      // collection, batch.maxBodySize) while it reads the body.
      maxRequestBodySize: 2 ** 31,
      development: false,
      // Bun reuses the port by default outside development: a second server on a busy address
      // would silently share it (the kernel splits requests between two databases). Workers share
      // it on purpose, among themselves only (see `acquireAddressLock` in cli/lock.ts).
      reusePort: sharesPort,
    });
    current.realtime.server = bound;
    return bound;
  };
  return {
    get core() {
      return current.core;
    },
    get http() {
      return current.http;
    },
    get realtime() {
      return current.realtime;
    },
    get extensions() {
      return current.extensions;
    },
    get started() {
      return started;
    },
    listen(hostname, port, tls) {
      // Process-wide: Bun.serve reads node:http's setting, which Bun (unlike Node's types) lets
      // a program change at run time. The same value for every app. The compiled binary starts
      // with it (scripts/build.ts), which spares it loading node:http (~8 MB) at all.
      if (!process.execArgv.includes(MAX_HEADER_FLAG)) {
        const nodeHttp = require('node:http') as { maxHeaderSize: number };
        nodeHttp.maxHeaderSize = MAX_HEADER_BYTES;
      }
      server = bind(hostname, port, tls);
      address = { hostname, port: server.port ?? port };
      startCron();
      const { core, http } = current;
      const listening = server;
      booting = startHooks(core, http.hooks, http.routes, listening);
      started = booting.finally(() => {
        booting = null;
      });
      return server;
    },
    setTls(tls) {
      // A renewal landing while the app closes must not bind a listener nothing will stop.
      if (closed || !server || !address) return;
      const old = server;
      // Workers share the port: bind the new listener before the old one stops, so no connection
      // is refused meanwhile. One process can't (the port is its own until the old one stops).
      if (!sharesPort) void old.stop(false);
      // The port bound first (not 0 again), so the rebind lands where clients expect it.
      server = bind(address.hostname, address.port, tls);
      if (sharesPort) void old.stop(false);
    },
    async close() {
      closed = true;
      await terminateHooks(current.core, current.http.hooks, false);
      await shut(current);
      if (server) await server.stop(false);
      await current.core.store.writes.drain();
      await current.core.store.logs.drain();
      current.core.store.close();
    },
  };
}

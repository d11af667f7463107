// `satchel serve [domain(s)]`: opens the data dir and serves the API until SIGINT/SIGTERM.
import { mkdirSync } from 'node:fs';
import { Command } from 'commander';
import { type App, createApp } from '../app.ts';
import type { PgNode } from '../cluster/pg/node.ts';
import { createInstallToken, removeInstallerOnFirstSuperuser } from '../core/auth/installer.ts';
import { countSuperusers } from '../core/auth/superusers.ts';
import { defaultMigrationsDir } from '../core/migrations/load.ts';
import { MigrationError } from '../core/migrations/runner.ts';
import { applyRelayed } from '../core/realtime/relay.ts';
import { SettingsEncryptionError } from '../core/settings/encryption.ts';
import { PgError } from '../db/pg/errors.ts';
import type { ExtensionOptions } from '../extend/extensions.ts';
import { dbUrlOrReport, isPostgresError, maskDbUrl, openFailure } from './db-url.ts';
import {
  DEFAULT_DIR,
  defaultHooksDir,
  defaultPublicDir,
  encryptionFromFlags,
  type GlobalFlags,
  warnPendingFlags,
} from './flags.ts';
import { acquireServeLock } from './lock.ts';
import { selfCommand, shellQuote } from './self.ts';
import type { HttpsPlan } from './serve-https.ts';
import { parseWorkers, workerFromEnv } from './worker-env.ts';

/** Certificates, ACME and the redirect listener load with `--https` only. */
const httpsSide = () => require('./serve-https.ts') as typeof import('./serve-https.ts');

interface ServeFlags extends GlobalFlags {
  http?: string;
  https?: string;
  cert?: string;
  key?: string;
  origins: string[];
  workers?: string;
}

/** `--origins=a,b --origins=c` → ['a', 'b', 'c'] (pflag's string slice). */
function collectOrigins(value: string, previous: string[] | undefined): string[] {
  const list = value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return [...(previous ?? []), ...list];
}

function parseAddress(addr: string): { hostname: string; port: number } | null {
  const m = /^(.*):(\d+)$/.exec(addr);
  if (!m || Number(m[2]) > 65535) return null;
  return { hostname: m[1]?.replace(/^\[(.*)\]$/, '$1') || '0.0.0.0', port: Number(m[2]) };
}

/** Why Bun.serve refused the address, in words a user can act on. */
function listenError(err: unknown, address: string, flag = 'http'): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return `${address} is already in use by another program. Stop it, or choose another address with --${flag}.`;
  }
  if (code === 'EACCES')
    return `no permission to listen on ${address} (ports below 1024 need root).`;
  if (code === 'EADDRNOTAVAIL') return `${address} is not an address of this machine.`;
  return `cannot listen on ${address}: ${err instanceof Error ? err.message : String(err)}`;
}

/** `serve`; `done` receives the exit code once the server has stopped. */
export function serveCommand(
  done: (code: number) => void,
  library: Pick<ExtensionOptions, 'extensions'> = {},
): Command {
  return new Command('serve')
    .description('Starts the web server (default 127.0.0.1:8090 if no domain is specified)')
    .argument('[domains...]', 'domains to serve (PocketBase: with automatic HTTPS certificates)')
    .option(
      '--http <address>',
      'TCP address to listen on for HTTP (default 127.0.0.1:8090; 0.0.0.0:80 with domains)',
    )
    .option(
      '--https <address>',
      'TCP address to listen on for HTTPS (0.0.0.0:443 with domains; HTTP then only redirects)',
    )
    .option('--cert <file>', 'PEM certificate chain for --https instead of ACME (Satchel addition)')
    .option('--key <file>', 'PEM private key of --cert (Satchel addition)')
    .option(
      '--origins <list>',
      'comma-separated CORS allowed origins (default "*")',
      collectOrigins,
    )
    .option(
      '--workers <n>',
      'processes serving the address, or "auto" for one per core (default 1; Linux; Satchel addition)',
    )
    .action(async (domains: string[], _opts, cmd: Command) => {
      const flags = cmd.optsWithGlobals<ServeFlags>();
      warnPendingFlags(cmd, Object.keys(flags));
      done(await runServe(flags, domains, library));
    });
}

/**
 * No error from user code ends the server: a hooks handler's rejected promise nobody awaited, or a
 * throw from a timer it set, is logged and the process goes on (issue 13).
 */
function keepServingOnStrayErrors(): void {
  process.on('unhandledRejection', (reason) => {
    console.error('Error: unhandled promise rejection (the server goes on):', reason);
  });
  process.on('uncaughtException', (err) => {
    console.error('Error: uncaught exception (the server goes on):', err);
  });
}

async function runServe(
  flags: ServeFlags,
  domains: string[],
  library: Pick<ExtensionOptions, 'extensions'>,
): Promise<number> {
  const dir = flags.dir;
  const http = flags.http ?? (domains.length > 0 ? '0.0.0.0:80' : '127.0.0.1:8090');
  const address = parseAddress(http);
  if (!address) {
    console.error(`Error: --http must look like HOST:PORT, e.g. 127.0.0.1:8090 (got "${http}").`);
    return 2;
  }
  const tls = planHttps(flags, domains, address);
  if (typeof tls === 'string') {
    console.error(`Error: ${tls}`);
    return 2;
  }
  const workers = parseWorkers(flags.workers);
  if (typeof workers === 'string') {
    console.error(`Error: ${workers}`);
    return 2;
  }
  const dbUrl = dbUrlOrReport(flags);
  if (dbUrl === false) return 1;
  if (dbUrl && workers > 1) {
    console.error(
      'Error: --workers above 1 does not work with --db: run several `serve --db=…` processes ' +
        '(nodes) on the database instead, each its own process behind a load balancer.',
    );
    return 2;
  }
  mkdirSync(dir, { recursive: true });
  const worker = workerFromEnv();
  if (!worker && workers > 1) {
    return (await import('./serve-workers.ts')).superviseServe(dir, address, workers, tls);
  }
  // One server per data dir (a worker's supervisor holds the lock for its group).
  const lock = worker ? { release: () => {} } : acquireServeLock(dir);
  if ('heldBy' in lock) {
    console.error(
      `Error: the data dir "${dir}" is already being served by process ${lock.heldBy}. ` +
        'Stop that server first, or use another --dir.',
    );
    return 1;
  }
  const workerSide = worker ? await import('./serve-workers.ts') : null;
  const link = worker && workerSide ? new workerSide.WorkerLink(worker.index) : null;
  let node: PgNode | null = null;
  let app: App;
  try {
    // On PostgreSQL every serve process is a node among any others on the same database.
    // (The cluster code and Bun's SQL client load only then.)
    if (dbUrl) node = await (await import('../cluster/pg/node.ts')).openNode({ url: dbUrl });
    app = await createApp({
      dataDir: dir,
      dbUrl,
      dev: flags.dev,
      origins: flags.origins ?? ['*'],
      migrationsDir: flags.migrationsDir ?? defaultMigrationsDir(dir),
      automigrate: flags.automigrate,
      publicDir: flags.publicDir ?? defaultPublicDir(dir),
      indexFallback: flags.indexFallback,
      hooksDir: flags.hooksDir ?? defaultHooksDir(dir),
      hooksWatch: flags.hooksWatch,
      extensions: library.extensions,
      encryption: encryptionFromFlags(flags),
      worker: node
        ? node.options
        : link && worker && workerSide
          ? workerSide.workerOptions(link, worker)
          : undefined,
    });
  } catch (err) {
    lock.release();
    link?.close();
    await node?.close();
    // Pending migration files run before serving; a failing one stops the start, nothing applied.
    if (err instanceof MigrationError || err instanceof SettingsEncryptionError) {
      console.error(`Error: ${err.message}`);
      return 1;
    }
    // An unreachable or refusing PostgreSQL server: one line, the password masked.
    if (dbUrl && (err instanceof PgError || isPostgresError(err))) {
      console.error(`Error: ${openFailure(dir, dbUrl, err)}`);
      return 1;
    }
    throw err;
  }
  let base: string;
  let stopHttps = () => {};
  try {
    // Workers report the HTTP port (the redirect's under HTTPS: both are fixed there).
    let port = address.port;
    if (tls) {
      const shared = link ? { renews: () => link.isLeader } : undefined;
      const listening = await httpsSide().listenHttps(app, tls, dir, shared);
      base = listening.base;
      stopHttps = listening.stop;
    } else {
      const server = app.listen(address.hostname, worker?.port || address.port);
      if (node) {
        const current = app;
        node.attach({
          holds: (clientId) => current.realtime.broker.find(clientId) !== undefined,
          apply: (request) => applyRelayed(current.core, current.realtime.broker, request),
        });
      }
      port = server.port ?? 0;
      const host = server.hostname?.includes(':') ? `[${server.hostname}]` : server.hostname;
      base = `http://${host}:${server.port}`;
    }
    if (link) {
      const current = app;
      link.onForwarded = (input) => applyRelayed(current.core, current.realtime.broker, input);
      link.onGather = () => current.core.metrics.ownFamilies();
      link.ready(port);
    }
    keepServingOnStrayErrors();
  } catch (err) {
    if (!tls) {
      console.error(`Error: ${listenError(err, http)}`);
    } else if (err instanceof httpsSide().ListenError) {
      const flag = err.address === tls.https ? 'https' : 'http';
      const where = `${err.address.hostname}:${err.address.port}`;
      console.error(`Error: ${listenError(err.cause, where, flag)}`);
    } else {
      console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
    }
    await app.close();
    lock.release();
    link?.close();
    await node?.close();
    return 1;
  }
  const release = async () => {
    stopHttps();
    lock.release();
    link?.close();
    await node?.close();
  };
  return serveUntilSignal(app, base, release, dir, worker?.index, dbUrl);
}

/** null for plain HTTP; the HTTPS plan (PocketBase: domains default it to :443); or a usage error. */
function planHttps(
  flags: ServeFlags,
  domains: string[],
  http: { hostname: string; port: number },
): HttpsPlan | null | string {
  const https = flags.https ?? (domains.length > 0 ? '0.0.0.0:443' : undefined);
  if (!https) {
    return flags.cert || flags.key
      ? '--cert and --key need --https=ADDRESS (e.g. 0.0.0.0:443).'
      : null;
  }
  const address = parseAddress(https);
  if (!address) return `--https must look like HOST:PORT, e.g. 0.0.0.0:443 (got "${https}").`;
  const source = httpsSide().certificateSource(domains, address.hostname, flags);
  if (typeof source === 'string') return source;
  return { http, https: address, source, hosts: 'acme' in source ? source.acme : domains };
}

async function serveUntilSignal(
  app: App,
  base: string,
  release: () => void | Promise<void>,
  dir: string,
  /** A worker's index: the supervisor prints the banner, worker 0 the installer hint. */
  worker?: number,
  dbUrl: string | null = null,
): Promise<number> {
  const { promise, resolve } = Promise.withResolvers<number>();
  let stopping = false;
  // Start-up work still running when a signal arrives (the installer token) finishes first.
  let starting: Promise<unknown> = Promise.resolve();
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down gracefully…`);
    try {
      await starting.catch(() => {});
      await app.close();
    } finally {
      await release();
      resolve(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  if (worker === undefined) {
    console.log(
      `Server started at ${base}\n├─ REST API:  ${base}/api/\n├─ Dashboard: ${base}/_/\n${dbUrl ? `├─ Database:  ${maskDbUrl(dbUrl)}\n` : ''}└─ Data dir:  ${dir}`,
    );
  }
  if (countSuperusers(app.core) === 0 && !worker) {
    removeInstallerOnFirstSuperuser(app.core);
    const pending = createInstallToken(app.core);
    starting = pending;
    const token = await pending;
    if (stopping) return promise;
    // The password stays out of the terminal: `***` stands for it in the hint.
    const dbFlag = dbUrl ? ` --db=${shellQuote(maskDbUrl(dbUrl))}` : '';
    const dirFlag = (dir === DEFAULT_DIR ? '' : ` --dir=${shellQuote(dir)}`) + dbFlag;
    console.log(
      '\n(!) No superuser exists yet. Open this link (valid 30 minutes) to create the first one:\n' +
        `${base}/_/#/pbinstal/${token}\n` +
        `(or create one by running: ${selfCommand()} superuser upsert EMAIL PASS${dirFlag})`,
    );
  }
  return promise;
}

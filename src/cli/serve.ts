// `satchel serve [domain(s)]`: opens the data dir and serves the API until SIGINT/SIGTERM.
import { mkdirSync } from 'node:fs';
import { Command } from 'commander';
import { type App, createApp } from '../app.ts';
import { createInstallToken, removeInstallerOnFirstSuperuser } from '../core/auth/installer.ts';
import { countSuperusers } from '../core/auth/superusers.ts';
import { defaultMigrationsDir } from '../core/migrations/load.ts';
import { MigrationError } from '../core/migrations/runner.ts';
import { SettingsEncryptionError } from '../core/settings/encryption.ts';
import {
  DEFAULT_DIR,
  defaultPublicDir,
  encryptionFromFlags,
  type GlobalFlags,
  pendingWarning,
  warnPendingFlags,
} from './flags.ts';
import { acquireServeLock } from './lock.ts';
import { selfCommand, shellQuote } from './self.ts';

interface ServeFlags extends GlobalFlags {
  http?: string;
  https?: string;
  origins: string[];
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
function listenError(err: unknown, address: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return `${address} is already in use by another program. Stop it, or choose another address with --http.`;
  }
  if (code === 'EACCES')
    return `no permission to listen on ${address} (ports below 1024 need root).`;
  if (code === 'EADDRNOTAVAIL') return `${address} is not an address of this machine.`;
  return `cannot listen on ${address}: ${err instanceof Error ? err.message : String(err)}`;
}

/** `serve`; `done` receives the exit code once the server has stopped. */
export function serveCommand(done: (code: number) => void): Command {
  return new Command('serve')
    .description('Starts the web server (default 127.0.0.1:8090 if no domain is specified)')
    .argument('[domains...]', 'domains to serve (PocketBase: with automatic HTTPS certificates)')
    .option(
      '--http <address>',
      'TCP address to listen on for HTTP (default 127.0.0.1:8090; 0.0.0.0:80 with domains)',
    )
    .option('--https <address>', 'TCP address to listen on for HTTPS (PocketBase; not built yet)')
    .option(
      '--origins <list>',
      'comma-separated CORS allowed origins (default "*")',
      collectOrigins,
    )
    .action(async (domains: string[], _opts, cmd: Command) => {
      const flags = cmd.optsWithGlobals<ServeFlags>();
      warnPendingFlags(cmd, Object.keys(flags));
      if (domains.length > 0) console.error(pendingWarning('domains'));
      done(await runServe(flags, domains));
    });
}

async function runServe(flags: ServeFlags, domains: string[]): Promise<number> {
  const dir = flags.dir;
  const http = flags.http ?? (domains.length > 0 ? '0.0.0.0:80' : '127.0.0.1:8090');
  const address = parseAddress(http);
  if (!address) {
    console.error(`Error: --http must look like HOST:PORT, e.g. 127.0.0.1:8090 (got "${http}").`);
    return 2;
  }
  mkdirSync(dir, { recursive: true });
  // One server per data dir. (Workers that share an address will need a lock per address too.)
  const lock = acquireServeLock(dir);
  if ('heldBy' in lock) {
    console.error(
      `Error: the data dir "${dir}" is already being served by process ${lock.heldBy}. ` +
        'Stop that server first, or use another --dir.',
    );
    return 1;
  }
  let app: App;
  let server: ReturnType<App['listen']>;
  try {
    app = await createApp({
      dataDir: dir,
      dev: flags.dev,
      origins: flags.origins ?? ['*'],
      migrationsDir: flags.migrationsDir ?? defaultMigrationsDir(dir),
      automigrate: flags.automigrate,
      publicDir: flags.publicDir ?? defaultPublicDir(dir),
      indexFallback: flags.indexFallback,
      encryption: encryptionFromFlags(flags),
    });
  } catch (err) {
    lock.release();
    // Pending migration files run before serving; a failing one stops the start, nothing applied.
    if (err instanceof MigrationError || err instanceof SettingsEncryptionError) {
      console.error(`Error: ${err.message}`);
      return 1;
    }
    throw err;
  }
  try {
    server = app.listen(address.hostname, address.port);
  } catch (err) {
    console.error(`Error: ${listenError(err, http)}`);
    await app.close();
    lock.release();
    return 1;
  }
  return serveUntilSignal(app, server, lock.release, dir);
}

async function serveUntilSignal(
  app: App,
  server: ReturnType<App['listen']>,
  release: () => void,
  dir: string,
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
      release();
      resolve(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const host = server.hostname?.includes(':') ? `[${server.hostname}]` : server.hostname;
  const base = `http://${host}:${server.port}`;
  console.log(
    `Server started at ${base}\n├─ REST API:  ${base}/api/\n├─ Dashboard: ${base}/_/\n└─ Data dir:  ${dir}`,
  );
  if (countSuperusers(app.core) === 0) {
    removeInstallerOnFirstSuperuser(app.core);
    const pending = createInstallToken(app.core);
    starting = pending;
    const token = await pending;
    if (stopping) return promise;
    const dirFlag = dir === DEFAULT_DIR ? '' : ` --dir=${shellQuote(dir)}`;
    console.log(
      '\n(!) No superuser exists yet. Open this link (valid 30 minutes) to create the first one:\n' +
        `${base}/_/#/pbinstal/${token}\n` +
        `(or create one by running: ${selfCommand()} superuser upsert EMAIL PASS${dirFlag})`,
    );
  }
  return promise;
}

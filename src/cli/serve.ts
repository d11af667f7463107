// `satchel serve`: opens the data dir and serves the API until SIGINT/SIGTERM.
import { createApp } from '../app.ts';
import { createInstallToken, removeInstallerOnFirstSuperuser } from '../core/auth/installer.ts';
import { countSuperusers } from '../core/auth/superusers.ts';
import { DEFAULT_DIR, type ParsedArgs, stringFlag } from './args.ts';
import { acquireServeLock } from './lock.ts';

export const serveHelp = `Usage: satchel serve [flags]

Starts the web server (default 127.0.0.1:8090).

Flags:
  --http=ADDR      TCP address to listen on (default "127.0.0.1:8090")
  --dir=PATH       data directory (default "${DEFAULT_DIR}")
  --dev            development mode: verbose logs
  --origins=LIST   comma-separated CORS allowed origins (default "*")
  -h, --help       show this help`;

function parseAddress(addr: string): { hostname: string; port: number } | null {
  const m = /^(.*):(\d+)$/.exec(addr);
  if (!m) return null;
  return { hostname: m[1] || '0.0.0.0', port: Number(m[2]) };
}

export async function runServe(args: ParsedArgs): Promise<number> {
  const dir = stringFlag(args, 'dir', DEFAULT_DIR);
  const address = parseAddress(stringFlag(args, 'http', '127.0.0.1:8090'));
  if (!address) {
    console.error('Error: --http must look like HOST:PORT, e.g. 127.0.0.1:8090');
    return 1;
  }
  const origins = stringFlag(args, 'origins', '*')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);

  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  const lock = acquireServeLock(dir);
  if ('heldBy' in lock) {
    console.error(
      `Error: the data dir "${dir}" is already being served by process ${lock.heldBy}. ` +
        'Stop that server first, or use another --dir.',
    );
    return 1;
  }

  const app = await createApp({ dataDir: dir, dev: args.flags.dev === true, origins });
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
      lock.release();
      resolve(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const server = app.listen(address.hostname, address.port);
  const base = `http://${server.hostname}:${server.port}`;
  console.log(`Server started at ${base}\n├─ REST API:  ${base}/api/\n└─ Data dir:  ${dir}`);
  if (countSuperusers(app.core) === 0) {
    removeInstallerOnFirstSuperuser(app.core);
    const pending = createInstallToken(app.core);
    starting = pending;
    const token = await pending;
    if (stopping) return promise;
    console.log(
      `\nNo superuser exists yet. Open this link (valid 30 minutes) to create the first one:\n  ${base}/_/#/pbinstal/${token}\n` +
        `or create one from the command line:\n  satchel superuser upsert EMAIL PASSWORD --dir=${dir}`,
    );
  }

  return promise;
}

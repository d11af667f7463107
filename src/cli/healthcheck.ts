// `satchel healthcheck`: exits 0 when a server answers /api/health with 200. The container's HEALTHCHECK
// runs it, since the runtime image has no curl.
import { Command, Option } from 'commander';
import { parseInteger } from './flags.ts';

/** `healthcheck`; `done` receives the exit code. */
export function healthcheckCommand(done: (code: number) => void): Command {
  return new Command('healthcheck')
    .description('Exits 0 when a server answers /api/health with 200 (for containers)')
    .option('--url <url>', 'server base URL', 'http://127.0.0.1:8090')
    .addOption(
      new Option('--timeout <ms>', 'give up after this many milliseconds')
        .default(3000)
        .argParser(parseInteger('timeout')),
    )
    .action(async (opts: { url: string; timeout: number }) => {
      done(await runHealthcheck(opts.url, opts.timeout));
    });
}

async function runHealthcheck(url: string, timeout: number): Promise<number> {
  const base = url.replace(/\/+$/, '');
  try {
    const res = await fetch(`${base}/api/health`, {
      signal: AbortSignal.timeout(timeout > 0 ? timeout : 3000),
    });
    if (res.status === 200) return 0;
    console.error(`unhealthy: ${base}/api/health answered ${res.status}`);
  } catch (err) {
    console.error(
      `unhealthy: ${base}/api/health: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return 1;
}

// `satchel healthcheck`: exits 0 when a server answers /api/health with 200. The container's HEALTHCHECK
// runs it, since the runtime image has no curl.
import { type ParsedArgs, stringFlag } from './args.ts';

export const healthcheckHelp = `Usage: satchel healthcheck [flags]

Asks a running server for /api/health; exits 0 if it answers 200, 1 otherwise.

Flags:
  --url=URL        server base URL (default "http://127.0.0.1:8090")
  --timeout=MS     give up after this many milliseconds (default 3000)
  -h, --help       show this help`;

export async function runHealthcheck(args: ParsedArgs): Promise<number> {
  const base = stringFlag(args, 'url', 'http://127.0.0.1:8090').replace(/\/+$/, '');
  const timeout = Number(stringFlag(args, 'timeout', '3000'));
  try {
    const res = await fetch(`${base}/api/health`, {
      signal: AbortSignal.timeout(Number.isFinite(timeout) && timeout > 0 ? timeout : 3000),
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

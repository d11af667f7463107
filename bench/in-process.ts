// A Satchel app inside the bench's own process, for the benches without sockets (dispatch, reads,
// writes, logs-dispatch): a temp data dir with a superuser, requests through app.http.handle.
import { join } from 'node:path';
import { spawn } from 'bun';
import { type AppOptions, createApp } from '../src/app.ts';
import { tempDir } from '../tests/support/server.ts';

export const ORIGIN = 'http://127.0.0.1:8090';

/** A JSON request's init (POST unless told), with the token as its `authorization`. */
export const json = (body: unknown, token = '', method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
  body: JSON.stringify(body),
});

/** The answer's JSON; a non-2xx answer stops the bench with its status and body. */
export async function ok(res: Response | Promise<Response>): Promise<Record<string, unknown>> {
  const r = await res;
  if (!r.ok) throw new Error(`${r.status}: ${await r.text()}`);
  return (await r.json()) as Record<string, unknown>;
}

export interface InProcessApp {
  app: Awaited<ReturnType<typeof createApp>>;
  send(path: string, init?: RequestInit): Promise<Response>;
  /** The superuser's token. */
  token: string;
  /** The data dir. */
  dir: string;
}

/**
 * Opens `<base>/sb_data` (a fresh temp dir named after `name` unless `base` is given) with a
 * superuser, signed in. BENCH_LOGS=off turns request logs off (on by default, as PocketBase's).
 */
export async function openInProcess(
  name: string,
  options: Omit<AppOptions, 'dataDir'> = {},
  base = tempDir(`satchel-bench-${name}-`),
): Promise<InProcessApp> {
  const dir = join(base, 'sb_data');
  const [email, password] = ['bench@example.com', 'bench-password'];
  await spawn(
    [process.execPath, 'src/main.ts', 'superuser', 'upsert', email, password, `--dir=${dir}`],
    { cwd: join(import.meta.dir, '..') },
  ).exited;
  const app = await createApp({ ...options, dataDir: dir });
  const send = (path: string, init?: RequestInit) =>
    app.http.handle(new Request(ORIGIN + path, init));
  const { token } = (await ok(
    send('/api/collections/_superusers/auth-with-password', json({ identity: email, password })),
  )) as { token: string };
  if (process.env.BENCH_LOGS === 'off')
    await ok(send('/api/settings', json({ logs: { maxDays: 0 } }, token, 'PATCH')));
  return { app, send, token, dir };
}

// Starts the servers the benches compare: Satchel as a user runs it, the raw Bun baseline and, when
// the reference binary is there, PocketBase.

import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Subprocess, spawn } from 'bun';

const ROOT = resolve(import.meta.dir, '..');
/** PocketBase 0.40.4 (`../shared/tools/get-pocketbase.sh`); PB_BIN overrides. */
export const PB_BIN =
  process.env.PB_BIN ??
  // get-pocketbase.sh installs into ./.cache; older checkouts kept it beside the project or a worktree's.
  [resolve(ROOT, '.cache'), resolve(ROOT, '../.cache'), resolve(ROOT, '../../.cache')]
    .map((cache) => join(cache, 'pocketbase/pocketbase'))
    .find(existsSync) ??
  resolve(ROOT, '../.cache/pocketbase/pocketbase');
/** The auth record the auth scenarios sign in as; bench/raw-server.ts seeds the same. */
export const BENCH_USER = { email: 'bench-user@example.com', password: 'bench-password' };
const bun = process.execPath;
/** Extra flags for the Satchel server's bun, e.g. `BENCH_SATCHEL_FLAGS="--cpu-prof-md --cpu-prof-dir=/tmp/prof"`. */
const satchelFlags = (process.env.BENCH_SATCHEL_FLAGS ?? '').split(' ').filter(Boolean);

export interface Running {
  proc: Subprocess;
  url: string;
}

async function startProcess(args: string[]): Promise<Running> {
  // Bun.spawn's default env is the one this process started with; pass what benches set since.
  const proc = spawn(args, {
    cwd: ROOT,
    env: { ...process.env },
    stdout: 'pipe',
    stderr: 'inherit',
  });
  const reader = proc.stdout.getReader();
  const pattern = /http:\/\/127\.0\.0\.1:\d+/;
  let text = '';
  while (!pattern.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`process exited early: ${text}`);
    text += new TextDecoder().decode(value);
  }
  void (async () => {
    while (!(await reader.read()).done) {}
  })();
  return { proc, url: pattern.exec(text)![0] };
}

/** The `posts` collection both servers hold: same columns, same index. */
export const POSTS_FIELDS = [
  { name: 'title', type: 'text', required: true },
  { name: 'body', type: 'text' },
  { name: 'views', type: 'number' },
  { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
  { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
];

export interface Satchel extends Running {
  dir: string;
  token: string;
}

/** `hooks`: files for the hooks dir (sb_hooks beside the data dir), by name; `args`: more serve flags. */
export async function startSatchel(
  hooks: Record<string, string> = {},
  args: string[] = [],
): Promise<Satchel> {
  const base = mkdtempSync(join(tmpdir(), 'satchel-bench-'));
  const dir = join(base, 'sb_data');
  mkdirSync(join(base, 'sb_hooks'));
  for (const [name, text] of Object.entries(hooks))
    writeFileSync(join(base, 'sb_hooks', name), text);
  const email = 'bench@example.com';
  const password = 'bench-password';
  // `--db=postgres://…` reaches the superuser command too: it writes into that database.
  const db = args.filter((a) => a.startsWith('--db='));
  await spawn([bun, 'src/main.ts', 'superuser', 'upsert', email, password, `--dir=${dir}`, ...db], {
    cwd: ROOT,
  }).exited;
  const running = await serveSatchel(dir, args);
  const login = await fetch(`${running.url}/api/collections/_superusers/auth-with-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: email, password }),
  });
  const { token } = (await login.json()) as { token: string };
  // PocketBase logs every request by default, so benchmarks do too; BENCH_LOGS=off measures without.
  if (process.env.BENCH_LOGS === 'off') {
    await fetch(`${running.url}/api/settings`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: token },
      body: JSON.stringify({ logs: { maxDays: 0 } }),
    });
  }
  const created = await fetch(`${running.url}/api/collections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({
      name: 'posts',
      type: 'base',
      listRule: '',
      viewRule: '',
      createRule: '',
      fields: POSTS_FIELDS,
      indexes: ['CREATE INDEX idx_posts_created ON posts (created)'],
    }),
  });
  if (!created.ok) throw new Error(`creating the bench collection failed: ${await created.text()}`);
  return { ...running, dir, token };
}

function serveSatchel(dir: string, args: string[]): Promise<Running> {
  return startProcess([
    bun,
    ...satchelFlags,
    'src/main.ts',
    'serve',
    '--http=127.0.0.1:0',
    `--dir=${dir}`,
    ...args,
  ]);
}

/** One more `serve` on a fresh data dir with `args` (another PostgreSQL node, say): no setup. */
export function startSatchelNode(args: string[]): Promise<Running> {
  return serveSatchel(join(mkdtempSync(join(tmpdir(), 'satchel-bench-node-')), 'sb_data'), args);
}

export async function startRaw(): Promise<Running & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'satchel-bench-raw-'));
  return { ...(await startProcess([bun, 'bench/raw-server.ts', dir])), dir };
}

/** PocketBase on its own loopback port and temp dir, with a superuser token; null without the binary. */
export async function startPocketBase(): Promise<(Satchel & { dir: string }) | null> {
  if (!existsSync(PB_BIN)) return null;
  const dir = join(mkdtempSync(join(tmpdir(), 'satchel-bench-pb-')), 'pb_data');
  const email = 'bench@example.com';
  const password = 'bench-password';
  await spawn([PB_BIN, 'superuser', 'upsert', email, password, `--dir=${dir}`], {
    stdout: 'ignore',
  }).exited;
  const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
  const port = probe.port;
  probe.stop(true);
  const running = await startProcess([
    PB_BIN,
    'serve',
    `--http=127.0.0.1:${port}`,
    `--dir=${dir}`,
    '--hooksWatch=false',
  ]);
  const login = await fetch(`${running.url}/api/collections/_superusers/auth-with-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: email, password }),
  });
  const { token } = (await login.json()) as { token: string };
  return { ...running, dir, token };
}

export async function stopAll(...servers: Running[]): Promise<void> {
  for (const s of servers) s.proc.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.proc.exited));
}

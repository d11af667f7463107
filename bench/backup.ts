// Writers' latency while a backup of a ~100 MB database is taken online (target: worst ≤ 100 ms),
// Satchel then PocketBase (when the reference binary is there, PB_BIN) in the same run. Each server
// runs as a user runs it (own process); 8 writers create records over HTTP before and during
// `POST /api/backups`. Prints backup time, the WAL's size and the writers' p50/p99/worst, without and
// during (and 0.3 s after). BENCH_DB_MB, BENCH_WRITERS, BENCH_BASELINE_MS keep a run short.
import { Database } from 'bun:sqlite';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'bun';
import { PB_BIN, POSTS_FIELDS, type Running, startSatchel, stopAll } from './servers.ts';

const TARGET_MB = Number(process.env.BENCH_DB_MB ?? 100);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);
const BASELINE_MS = Number(process.env.BENCH_BASELINE_MS ?? 3000);

interface Target extends Running {
  name: string;
  token: string;
  /** The server's data dir (data.db, backups/ or pb_backups/). */
  dir: string;
  backupsDir: string;
  cleanup: string;
}

async function startPocketBase(): Promise<Target | null> {
  if (!existsSync(PB_BIN)) return null;
  const base = mkdtempSync(join(tmpdir(), 'satchel-bench-pb-'));
  const dir = join(base, 'pb_data');
  const [email, password] = ['bench@example.com', 'bench-password'];
  await spawn([PB_BIN, 'superuser', 'upsert', email, password, `--dir=${dir}`]).exited;
  const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
  const url = `http://127.0.0.1:${probe.port}`;
  probe.stop(true);
  const proc = spawn([PB_BIN, 'serve', `--http=${url.slice(7)}`, `--dir=${dir}`], {
    stdout: 'ignore',
    stderr: 'ignore',
  });
  let token = '';
  for (let i = 0; i < 300 && !token; i++) {
    const res = await fetch(`${url}/api/collections/_superusers/auth-with-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: email, password }),
    }).catch(() => null);
    if (res?.ok) token = ((await res.json()) as { token: string }).token;
    else await Bun.sleep(50);
  }
  if (!token) throw new Error('PocketBase did not start');
  const created = await fetch(`${url}/api/collections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ name: 'posts', createRule: '', fields: POSTS_FIELDS }),
  });
  if (!created.ok) throw new Error(`PocketBase posts: ${await created.text()}`);
  return {
    name: 'PocketBase',
    proc,
    url,
    token,
    dir,
    backupsDir: join(dir, 'backups'),
    cleanup: base,
  };
}

/** Bulk rows written straight into data.db beside the server (WAL, busy_timeout): random text, so
 * the archive doesn't shrink it to nothing and the zip work is the realistic worst case. */
function fill(dir: string): number {
  const db = new Database(join(dir, 'data.db'));
  db.run('PRAGMA busy_timeout = 10000');
  const insert = db.prepare(
    'INSERT INTO posts (id, title, body, views, created, updated) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const rows = Math.ceil((TARGET_MB * 1024 * 1024) / 1400);
  const bytes = new Uint8Array(500);
  const at = '2026-01-01 00:00:00.000Z';
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      crypto.getRandomValues(bytes);
      const id = `bulk${String(i).padStart(11, '0')}`;
      insert.run(id, `bulk ${i}`, Buffer.from(bytes).toString('hex'), i, at, at);
    }
  })();
  db.run('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  return statSync(join(dir, 'data.db')).size / 1024 / 1024;
}

interface Sample {
  at: number;
  ms: number;
}

function stats(list: Sample[]) {
  const ms = list.map((s) => s.ms).sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0;
  return `${ms.length} writes, p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, worst ${(ms.at(-1) ?? 0).toFixed(1)} ms`;
}

async function measure(t: Target): Promise<void> {
  const dbMb = fill(t.dir);
  const samples: Sample[] = [];
  let stop = false;
  let failures = 0;
  const auth = { authorization: t.token };
  const writer = async (w: number) => {
    for (let n = 0; !stop; n++) {
      const t0 = performance.now();
      const res = await fetch(`${t.url}/api/collections/posts/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ title: `w${w} ${n}`, body: 'lorem ipsum '.repeat(8), views: n }),
      });
      await res.arrayBuffer();
      if (!res.ok) failures++;
      samples.push({ at: t0, ms: performance.now() - t0 });
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
  await Bun.sleep(500); // warm-up, not counted
  const baselineFrom = performance.now();
  await Bun.sleep(BASELINE_MS);
  const backupFrom = performance.now();
  const res = await fetch(`${t.url}/api/backups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ name: 'bench.zip' }),
  });
  const backupTo = performance.now();
  const walMb = () => {
    try {
      return statSync(join(t.dir, 'data.db-wal')).size / 1024 / 1024;
    } catch {
      return 0;
    }
  };
  const walAtEnd = walMb();
  await Bun.sleep(300); // the writes just after the backup still count (in flight at its end)
  stop = true;
  await Promise.all(writers);
  if (res.status !== 204)
    throw new Error(`${t.name} backup failed: ${res.status} ${await res.text()}`);
  const zipMb = statSync(join(t.backupsDir, 'bench.zip')).size / 1024 / 1024;
  const baseline = samples.filter((s) => s.at >= baselineFrom && s.at < backupFrom);
  // Every write that was in flight at any moment of the backup or in the 0.3 s after it (its
  // after-effects: the first checkpoints on the writer, a WAL truncated).
  const during = samples.filter((s) => s.at + s.ms >= backupFrom && s.at <= backupTo + 300);
  const worst = during.reduce((a, b) => (b.ms > a.ms ? b : a), during[0]!);
  console.log(
    `\n${t.name}: data.db ${dbMb.toFixed(0)} MB → zip ${zipMb.toFixed(0)} MB in ${((backupTo - backupFrom) / 1000).toFixed(2)} s; WAL ${walAtEnd.toFixed(0)} MB at the end, ${walMb().toFixed(0)} MB 0.3 s later`,
  );
  console.log(`  writers without a backup: ${stats(baseline)}`);
  console.log(`  writers during the backup (+0.3 s): ${stats(during)}`);
  console.log(
    `  worst write started ${((worst.at - backupFrom) / 1000).toFixed(2)} s into the backup; ${during.filter((s) => s.ms > 100).length} writes over 100 ms`,
  );
  if (failures > 0) console.log(`  failed writes: ${failures}`);
}

console.log(`backup bench: ${WRITERS} writers, ${navigator.hardwareConcurrency} cores`);
const satchel = await startSatchel();
try {
  await measure({
    ...satchel,
    name: 'Satchel',
    backupsDir: join(satchel.dir, 'backups'),
    cleanup: join(satchel.dir, '..'),
  });
} finally {
  await stopAll(satchel);
  rmSync(join(satchel.dir, '..'), { recursive: true, force: true });
}
const pb = await startPocketBase();
if (!pb) console.log(`\n(no PocketBase at ${PB_BIN}: its figures are skipped)`);
else {
  try {
    await measure(pb);
  } finally {
    await stopAll(pb);
    rmSync(pb.cleanup, { recursive: true, force: true });
  }
}

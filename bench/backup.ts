// Writers' latency while a backup of a ~100 MB database is taken online (target: worst ≤ 100 ms).
// The server runs as a user runs it (`satchel serve`, own process); 8 writers create records over
// HTTP before and during `POST /api/backups`. Prints backup time and the writers' p50/p99/worst.
import { Database } from 'bun:sqlite';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startSatchel, stopAll } from './servers.ts';

const TARGET_MB = Number(process.env.BENCH_DB_MB ?? 100);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);
const BASELINE_MS = Number(process.env.BENCH_BASELINE_MS ?? 3000);

const satchel = await startSatchel();
const auth = { authorization: satchel.token };

// Bulk rows written straight into data.db beside the server (WAL, busy_timeout): random text, so
// the archive doesn't shrink it to nothing and the zip work is the realistic worst case.
{
  const db = new Database(join(satchel.dir, 'data.db'));
  db.run('PRAGMA busy_timeout = 10000');
  const insert = db.prepare('INSERT INTO posts (id, title, body, views) VALUES (?, ?, ?, ?)');
  const rows = Math.ceil((TARGET_MB * 1024 * 1024) / 1400);
  const bytes = new Uint8Array(500);
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      crypto.getRandomValues(bytes);
      insert.run(
        `bulk${String(i).padStart(11, '0')}`,
        `bulk ${i}`,
        Buffer.from(bytes).toString('hex'),
        i,
      );
    }
  })();
  db.run('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
}
const dbMb = statSync(join(satchel.dir, 'data.db')).size / 1024 / 1024;

interface Sample {
  at: number;
  ms: number;
}
const samples: Sample[] = [];
let stop = false;
let failures = 0;
async function writer(w: number) {
  for (let n = 0; !stop; n++) {
    const t0 = performance.now();
    const res = await fetch(`${satchel.url}/api/collections/posts/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ title: `w${w} ${n}`, body: 'lorem ipsum '.repeat(8), views: n }),
    });
    await res.arrayBuffer();
    if (!res.ok) failures++;
    samples.push({ at: t0, ms: performance.now() - t0 });
  }
}

function stats(list: Sample[]) {
  const ms = list.map((s) => s.ms).sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0;
  return `${ms.length} writes, p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, worst ${(ms.at(-1) ?? 0).toFixed(1)} ms`;
}

const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
await Bun.sleep(500); // warm-up, not counted
const baselineFrom = performance.now();
await Bun.sleep(BASELINE_MS);
const backupFrom = performance.now();
const res = await fetch(`${satchel.url}/api/backups`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...auth },
  body: JSON.stringify({ name: 'bench.zip' }),
});
const backupTo = performance.now();
stop = true;
await Promise.all(writers);
if (res.status !== 204) throw new Error(`backup failed: ${res.status} ${await res.text()}`);
const zipMb = statSync(join(satchel.dir, 'backups', 'bench.zip')).size / 1024 / 1024;

const baseline = samples.filter((s) => s.at >= baselineFrom && s.at < backupFrom);
// Every write that was in flight at any moment of the backup.
const during = samples.filter((s) => s.at + s.ms >= backupFrom && s.at <= backupTo);
console.log(
  `backup bench: data.db ${dbMb.toFixed(0)} MB, ${WRITERS} writers, ${navigator.hardwareConcurrency} cores`,
);
console.log(
  `backup took ${((backupTo - backupFrom) / 1000).toFixed(2)} s, zip ${zipMb.toFixed(0)} MB`,
);
console.log(`writers without a backup: ${stats(baseline)}`);
console.log(`writers during the backup: ${stats(during)}`);
const worst = during.reduce((a, b) => (b.ms > a.ms ? b : a), during[0]!);
console.log(`worst write started ${((worst.at - backupFrom) / 1000).toFixed(2)} s into the backup`);
if (failures > 0) console.log(`failed writes: ${failures}`);
await stopAll(satchel);
rmSync(join(satchel.dir, '..'), { recursive: true, force: true });

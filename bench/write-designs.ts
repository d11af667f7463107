// Two processes writing one SQLite file: each writes itself (busy_timeout) vs one forwards to the other (IPC).
// bun bench/write-designs.ts [seconds, default 3]. The child role runs when argv[2] is 'child'.
import { Database } from 'bun:sqlite';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROW = 'x'.repeat(300);

function open(path: string): Database {
  const db = new Database(path, { create: true });
  db.run('PRAGMA busy_timeout = 10000');
  db.run('PRAGMA journal_mode = WAL');
  db.run('PRAGMA synchronous = NORMAL');
  db.run('CREATE TABLE IF NOT EXISTS posts (id INTEGER PRIMARY KEY, body TEXT, who TEXT)');
  return db;
}

/** One write "request": a transaction like a record create (insert, then read it back). */
function write(db: Database, who: string): void {
  db.run('BEGIN IMMEDIATE');
  const { lastInsertRowid } = db.query('INSERT INTO posts (body, who) VALUES (?, ?)').run(ROW, who);
  db.query('SELECT * FROM posts WHERE id = ?').get(lastInsertRowid);
  db.run('COMMIT');
}

if (process.argv[2] === 'child') {
  // Child: `direct` writes itself; `forward` sends each write to the parent and waits for its ack.
  const [, , , mode, path, secs] = process.argv;
  const end = performance.now() + Number(secs) * 1000;
  let n = 0;
  let busy = 0;
  if (mode === 'direct') {
    const db = open(path!);
    while (performance.now() < end) {
      try {
        write(db, 'child');
        n++;
      } catch {
        busy++;
      }
    }
    process.send?.({ n, busy });
  } else {
    const pending = new Map<number, () => void>();
    process.on('message', (m: { ack: number }) => pending.get(m.ack)?.());
    while (performance.now() < end) {
      const id = n;
      await new Promise<void>((resolve) => {
        pending.set(id, resolve);
        process.send?.({ write: id });
      });
      pending.delete(id);
      n++;
    }
    process.send?.({ n, busy });
  }
  await Bun.sleep(50);
  process.exit(0);
}

async function run(mode: 'direct' | 'forward', seconds: number) {
  const path = join(mkdtempSync(join(tmpdir(), 'satchel-bench-writes-')), 'data.db');
  const db = open(path);
  let own = 0;
  let forwarded = 0;
  let busy = 0;
  let child: { n: number; busy: number } | null = null;
  const proc = Bun.spawn(
    [process.execPath, import.meta.path, 'child', mode, path, String(seconds)],
    {
      ipc(m: { write?: number; n?: number; busy?: number }) {
        if (m.write !== undefined) {
          write(db, 'forwarded');
          forwarded++;
          proc.send({ ack: m.write });
        } else child = { n: m.n!, busy: m.busy! };
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  // The parent writes its own share too, yielding between writes so IPC gets through.
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    try {
      write(db, 'parent');
      own++;
    } catch {
      busy++;
    }
    await new Promise((r) => setImmediate(r));
  }
  await proc.exited;
  const c = child as { n: number; busy: number } | null;
  const total = own + (mode === 'direct' ? (c?.n ?? 0) : forwarded);
  console.log(
    `${mode.padEnd(8)} ${String(Math.round(total / seconds)).padStart(7)} writes/s  ` +
      `(parent ${own}, child ${c?.n ?? 0}${mode === 'forward' ? ' forwarded' : ''}, SQLITE_BUSY ${busy + (c?.busy ?? 0)})`,
  );
}

const seconds = Number(process.argv[2] ?? 3);
await run('direct', seconds);
await run('forward', seconds);

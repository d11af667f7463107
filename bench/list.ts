// List throughput: a page of 50 with filter + sort over N rows (10,000 and 100,000), with and
// without skipTotal, plus view by id; Satchel beside the raw Bun.serve + bun:sqlite baseline.
import { Database } from 'bun:sqlite';
import { join } from 'node:path';
import { formatResult, type LoadResult, runLoad } from './load.ts';
import { startRaw, startSatchel, stopAll } from './servers.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SIZES = (process.env.BENCH_ROWS ?? '10000,100000').split(',').map(Number);
/** Which phases to run: `count` (list with count), `skip` (list skipTotal), `view` (by id). */
const PHASES = new Set((process.env.BENCH_PHASES ?? 'count,skip,view').split(','));

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
const newId = (i: number) => `b${i.toString(36).padStart(14, '0')}`.slice(0, 15);

/** The same rows in both databases, written directly (seeding is not what is measured). */
function seed(path: string, from: number, to: number): string[] {
  const db = new Database(path, { strict: true });
  db.run('PRAGMA busy_timeout = 10000');
  const insert = db.query(
    'INSERT INTO posts (id, title, body, views, created, updated) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const ids: string[] = [];
  db.transaction(() => {
    for (let i = from; i < to; i++) {
      const created = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace('T', ' ');
      const id = newId(i);
      insert.run(
        id,
        `post ${i % 1000} ${alphabet[i % 36]}`,
        'lorem ipsum',
        i % 500,
        created,
        created,
      );
      ids.push(id);
    }
  })();
  db.close();
  return ids;
}

const satchel = await startSatchel();
const raw = await startRaw();
const satchelHeaders = { authorization: '' };
const filter = encodeURIComponent("views > 100 && title ~ 'post 1'");

console.log(
  `list bench: page of 50, filter "views > 100 && title ~ 'post 1'", sort -created; ${CONCURRENCY} connections, ${SECONDS}s per phase, ${navigator.hardwareConcurrency} cores`,
);
let seeded = 0;
let ids: string[] = [];
const rows: string[] = [];
for (const size of SIZES) {
  ids = ids.concat(seed(join(satchel.dir, 'data.db'), seeded, size));
  seed(join(raw.dir, 'raw.db'), seeded, size);
  seeded = size;
  console.log(`\n${size} rows`);
  const run = async (name: string, send: (i: number) => Promise<Response>): Promise<LoadResult> => {
    const r = await runLoad(send, { concurrency: CONCURRENCY, seconds: SECONDS });
    console.log(formatResult(name, r));
    return r;
  };
  for (const skip of [false, true]) {
    if (!PHASES.has(skip ? 'skip' : 'count')) continue;
    const sk = skip ? '&skipTotal=1' : '';
    const label = skip ? 'list skipTotal' : 'list with count';
    const rawR = await run(`raw: ${label}`, (i) =>
      fetch(
        `${raw.url}/api/collections/posts/records?page=${(i % 5) + 1}&perPage=50&views=100&title=post%201${sk}`,
      ),
    );
    const satR = await run(`satchel: ${label}`, (i) =>
      fetch(
        `${satchel.url}/api/collections/posts/records?page=${(i % 5) + 1}&perPage=50&filter=${filter}&sort=-created${sk}`,
        { headers: satchelHeaders.authorization ? satchelHeaders : {} },
      ),
    );
    rows.push(
      `${size} rows, ${label}: satchel = ${Math.round((100 * satR.rps) / rawR.rps)}% of raw`,
    );
  }
  if (!PHASES.has('view')) continue;
  const rawV = await run('raw: view by id', (i) =>
    fetch(`${raw.url}/api/collections/posts/records/${ids[(i * 7919) % ids.length]}`),
  );
  const satV = await run('satchel: view by id', (i) =>
    fetch(`${satchel.url}/api/collections/posts/records/${ids[(i * 7919) % ids.length]}`),
  );
  rows.push(`${size} rows, view: satchel = ${Math.round((100 * satV.rps) / rawV.rps)}% of raw`);
}
console.log(`\n${rows.join('\n')}`);
await stopAll(satchel, raw);

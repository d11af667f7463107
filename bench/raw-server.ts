// The baseline: plain Bun.serve + bun:sqlite doing the same work as Satchel's record create/view.
import { Database } from 'bun:sqlite';
import { join } from 'node:path';

const dir = process.argv[2]!;
const db = new Database(join(dir, 'raw.db'), { create: true, strict: true });
db.run('PRAGMA journal_mode = WAL');
db.run('PRAGMA synchronous = NORMAL');
db.run(
  "CREATE TABLE IF NOT EXISTS posts (id TEXT PRIMARY KEY, title TEXT DEFAULT '' NOT NULL, body TEXT DEFAULT '' NOT NULL, views NUMERIC DEFAULT 0 NOT NULL, created TEXT DEFAULT '' NOT NULL, updated TEXT DEFAULT '' NOT NULL)",
);
const insert = db.query(
  'INSERT INTO posts (id, title, body, views, created, updated) VALUES (?, ?, ?, ?, ?, ?)',
);
db.run('CREATE INDEX IF NOT EXISTS idx_posts_created ON posts (created)');
const select = db.query('SELECT * FROM posts WHERE id = ?');
// The list query bench/list.ts asks Satchel for: `views > ? && title ~ ?`, sorted by -created.
const page = db.query(
  'SELECT * FROM posts WHERE views > ? AND title LIKE ? ORDER BY created DESC LIMIT ? OFFSET ?',
);
const count = db.query('SELECT COUNT(*) AS n FROM posts WHERE views > ? AND title LIKE ?');
const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
const newId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(15)), (b) => alphabet[b % 36]).join('');

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  async fetch(req) {
    const url = new URL(req.url);
    const m = /^\/api\/collections\/posts\/records(?:\/(\w+))?$/.exec(url.pathname);
    if (!m) return Response.json({ status: 404 }, { status: 404 });
    if (req.method === 'POST') {
      const body = (await req.json()) as { title?: string; body?: string; views?: number };
      if (typeof body.title !== 'string' || body.title === '')
        return Response.json({ status: 400 }, { status: 400 });
      const now = new Date().toISOString().replace('T', ' ');
      const id = newId();
      insert.run(id, body.title, body.body ?? '', body.views ?? 0, now, now);
      return Response.json({ collectionName: 'posts', ...(select.get(id) as object) });
    }
    if (!m[1]) {
      const q = url.searchParams;
      const perPage = Math.min(1000, Number(q.get('perPage') ?? 30) || 30);
      const pageNo = Math.max(1, Number(q.get('page') ?? 1) || 1);
      const minViews = Number(q.get('views') ?? 0);
      const like = `%${q.get('title') ?? ''}%`;
      const items = page.all(minViews, like, perPage, (pageNo - 1) * perPage);
      const skip = q.get('skipTotal') === '1' || q.get('skipTotal') === 'true';
      const total = skip ? -1 : (count.get(minViews, like) as { n: number }).n;
      return Response.json({
        page: pageNo,
        perPage,
        totalItems: total,
        totalPages: skip ? -1 : Math.ceil(total / perPage),
        items,
      });
    }
    const row = select.get(m[1]);
    return row ? Response.json(row) : Response.json({ status: 404 }, { status: 404 });
  },
});
console.log(`http://127.0.0.1:${server.port}`);

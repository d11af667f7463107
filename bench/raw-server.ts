// The baseline: plain Bun.serve + bun:sqlite doing the same work as Satchel for each benchmarked
// scenario (create, create with an auth rule, auth-refresh, view, list, expand): the most one Bun
// process does here, so Satchel's numbers are read as a share of it.
import { Database } from 'bun:sqlite';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';

const dir = process.argv[2]!;
const db = new Database(join(dir, 'raw.db'), { create: true, strict: true });
db.run('PRAGMA journal_mode = WAL');
db.run('PRAGMA synchronous = NORMAL');
for (const table of ['posts', 'ruled']) {
  db.run(
    `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, title TEXT DEFAULT '' NOT NULL, body TEXT DEFAULT '' NOT NULL, views NUMERIC DEFAULT 0 NOT NULL, author TEXT DEFAULT '' NOT NULL, created TEXT DEFAULT '' NOT NULL, updated TEXT DEFAULT '' NOT NULL)`,
  );
}
db.run('CREATE INDEX IF NOT EXISTS idx_posts_created ON posts (created)');
db.run(
  "CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, password TEXT NOT NULL, tokenKey TEXT NOT NULL, name TEXT DEFAULT '' NOT NULL, verified BOOLEAN DEFAULT FALSE NOT NULL, emailVisibility BOOLEAN DEFAULT FALSE NOT NULL, created TEXT DEFAULT '' NOT NULL, updated TEXT DEFAULT '' NOT NULL)",
);

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
const newId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(15)), (b) => alphabet[b % 36]).join('');
const now = () => new Date().toISOString().replace('T', ' ');

/** The one user every auth scenario signs in as (bench/servers.ts BENCH_USER). */
const USER = { email: 'bench-user@example.com', password: 'bench-password' };
if (!db.query('SELECT 1 FROM users WHERE email = ?').get(USER.email)) {
  db.query(
    'INSERT INTO users (id, email, password, tokenKey, created, updated) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(
    newId(),
    USER.email,
    Bun.password.hashSync(USER.password, { algorithm: 'bcrypt', cost: 10 }),
    randomBytes(25).toString('hex'),
    now(),
    now(),
  );
}

const insert = (table: string) =>
  db.query(
    `INSERT INTO ${table} (id, title, body, views, author, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
const inserts = { posts: insert('posts'), ruled: insert('ruled') };
const selects = {
  posts: db.query('SELECT * FROM posts WHERE id = ?'),
  ruled: db.query('SELECT * FROM ruled WHERE id = ?'),
};
const userById = db.query('SELECT * FROM users WHERE id = ?');
const userByEmail = db.query('SELECT * FROM users WHERE email = ?');

// HS256 JWTs signed with the user's tokenKey + a collection secret, as Satchel's and PocketBase's.
const SECRET = randomBytes(25).toString('hex');
type User = Record<string, unknown> & { id: string; tokenKey: string };
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const sign = (data: string, user: User) =>
  createHmac('sha256', user.tokenKey + SECRET)
    .update(data)
    .digest();
function tokenFor(user: User): string {
  const payload = b64(
    JSON.stringify({
      collectionId: 'users',
      exp: Math.floor(Date.now() / 1000) + 604800,
      id: user.id,
      refreshable: true,
      type: 'auth',
    }),
  );
  const data = `${HEADER}.${payload}`;
  return `${data}.${b64(sign(data, user))}`;
}
/** The user a valid token names, else null: its payload names the user, whose key checks the MAC. */
function verify(token: string | null): User | null {
  const [h, p, s] = (token ?? '').split('.');
  if (!h || !p || !s) return null;
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { id: string; exp: number };
  if (claims.exp < Date.now() / 1000) return null;
  const user = userById.get(claims.id) as User | null;
  if (!user) return null;
  const mac = Buffer.from(s, 'base64url');
  const want = sign(`${h}.${p}`, user);
  return mac.length === want.length && timingSafeEqual(mac, want) ? user : null;
}
const publicUser = ({ password: _p, tokenKey: _t, ...rest }: User) => ({
  collectionId: 'users',
  collectionName: 'users',
  ...rest,
  verified: Boolean(rest.verified),
  emailVisibility: Boolean(rest.emailVisibility),
});

// Lists: `views`/`title` select the bench's filter (`views > ? && title ~ ?`), `sort=-created`
// the order (implied by the filter, as bench/list.ts asks), `expand=author` the author's record.
const pages = new Map<string, ReturnType<typeof db.query>>();
function pageQuery(where: boolean, sorted: boolean, count: boolean) {
  const key = `${where}${sorted}${count}`;
  let q = pages.get(key);
  if (!q) {
    const cond = where ? ' WHERE views > ? AND title LIKE ?' : '';
    q = db.query(
      count
        ? `SELECT COUNT(*) AS n FROM posts${cond}`
        : `SELECT * FROM posts${cond}${sorted ? ' ORDER BY created DESC' : ''} LIMIT ? OFFSET ?`,
    );
    pages.set(key, q);
  }
  return q;
}

async function create(req: Request, table: 'posts' | 'ruled'): Promise<Response> {
  const body = (await req.json()) as {
    title?: string;
    body?: string;
    views?: number;
    author?: string;
  };
  // The "create with rule" scenario: `@request.auth.id != "" && author = @request.auth.id`.
  if (table === 'ruled') {
    const user = verify(req.headers.get('authorization'));
    if (!user || body.author !== user.id) return Response.json({ status: 400 }, { status: 400 });
  }
  if (typeof body.title !== 'string' || body.title === '')
    return Response.json({ status: 400 }, { status: 400 });
  const t = now();
  const id = newId();
  inserts[table].run(id, body.title, body.body ?? '', body.views ?? 0, body.author ?? '', t, t);
  return Response.json({
    collectionId: table,
    collectionName: table,
    ...(selects[table].get(id) as object),
  });
}

function list(url: URL): Response {
  const q = url.searchParams;
  const perPage = Math.min(1000, Number(q.get('perPage') ?? 30) || 30);
  const pageNo = Math.max(1, Number(q.get('page') ?? 1) || 1);
  const where = q.has('views') || q.has('title');
  const sorted = where || q.get('sort') === '-created';
  const args = where ? [Number(q.get('views') ?? 0), `%${q.get('title') ?? ''}%`] : [];
  const items = pageQuery(where, sorted, false).all(
    ...args,
    perPage,
    (pageNo - 1) * perPage,
  ) as Record<string, unknown>[];
  for (const item of items) {
    item.collectionId = 'posts';
    item.collectionName = 'posts';
  }
  if (q.get('expand') === 'author') {
    const ids = [...new Set(items.map((i) => i.author as string).filter(Boolean))];
    const users = new Map<string, unknown>();
    if (ids.length > 0) {
      const rows = db
        .query(`SELECT * FROM users WHERE id IN (${ids.map(() => '?').join(',')})`)
        .all(...ids) as User[];
      for (const u of rows) users.set(u.id, publicUser(u));
    }
    for (const item of items) {
      const author = users.get(item.author as string);
      if (author) item.expand = { author };
    }
  }
  const skip = q.get('skipTotal') === '1' || q.get('skipTotal') === 'true';
  const total = skip ? -1 : (pageQuery(where, false, true).get(...args) as { n: number }).n;
  return Response.json({
    page: pageNo,
    perPage,
    totalItems: total,
    totalPages: skip ? -1 : Math.ceil(total / perPage),
    items,
  });
}

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  async fetch(req) {
    const url = new URL(req.url);
    const path = url.pathname;
    if (req.method === 'POST' && path === '/api/collections/users/auth-with-password') {
      const { identity, password } = (await req.json()) as { identity: string; password: string };
      const user = userByEmail.get(identity) as User | null;
      if (!user || !(await Bun.password.verify(password, user.password as string)))
        return Response.json({ status: 400 }, { status: 400 });
      return Response.json({ token: tokenFor(user), record: publicUser(user) });
    }
    if (req.method === 'POST' && path === '/api/collections/users/auth-refresh') {
      const user = verify(req.headers.get('authorization'));
      if (!user) return Response.json({ status: 401 }, { status: 401 });
      return Response.json({ token: tokenFor(user), record: publicUser(user) });
    }
    const m = /^\/api\/collections\/(posts|ruled)\/records(?:\/(\w+))?$/.exec(path);
    if (!m) return Response.json({ status: 404 }, { status: 404 });
    const table = m[1] as 'posts' | 'ruled';
    if (req.method === 'POST') return create(req, table);
    if (!m[2]) return list(url);
    const row = selects[table].get(m[2]);
    return row
      ? Response.json({ collectionId: table, collectionName: table, ...(row as object) })
      : Response.json({ status: 404 }, { status: 404 });
  },
});
console.log(`http://127.0.0.1:${server.port}`);

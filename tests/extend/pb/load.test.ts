// Loading pb_hooks files: load failures with file:line, async array callbacks, nested saves under load, reload.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPbHooksFile } from '../../../src/extend/pb/load.ts';
import { Registrar } from '../../../src/extend/registrar.ts';
import { startServer, type TestServer, tempDir } from '../../support/server.ts';
import { waitFor } from '../../support/wait.ts';

let server: TestServer;
let dir: string;

const MIGRATION = `migrate((app) => {
  app.save(new Collection({ name: 'notes', listRule: '', viewRule: '', createRule: '',
    fields: [{ name: 'title', type: 'text' }, { name: 'n', type: 'number' }] }));
  app.save(new Collection({ name: 'audit', listRule: '', fields: [{ name: 'what', type: 'text' }] }));
});`;

function registrar(source: string): Registrar {
  const core = server.app.core;
  return new Registrar({ core, routes: server.app.http.routes, hooks: core.hooks }, source);
}

async function load(name: string, code: string): Promise<Registrar> {
  writeFileSync(join(dir, name), code);
  const r = registrar(`hooks:${name}`);
  await loadPbHooksFile(r, join(dir, name), dir);
  return r;
}

async function loadError(name: string, code: string): Promise<string> {
  try {
    await load(name, code);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the load to fail');
}

beforeAll(async () => {
  const root = tempDir('satchel-pbload-');
  dir = join(root, 'pb_hooks');
  mkdirSync(join(root, 'migrations'), { recursive: true });
  mkdirSync(dir);
  writeFileSync(join(root, 'migrations', '1_init.js'), MIGRATION);
  server = await startServer({ migrationsDir: join(root, 'migrations'), automigrate: false });
});

afterAll(async () => {
  await server?.stop();
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

describe('load failures name file and line', () => {
  test('a syntax error', async () => {
    const msg = await loadError('syntax.pb.js', 'routerAdd("GET", "/a", (e) => {\n\n  foo( })');
    expect(msg).toMatch(/^syntax\.pb\.js:3:8: Unexpected token/);
  });

  test('a throw at the top level', async () => {
    const msg = await loadError('throws.pb.js', 'const a = 1;\nthrow new Error("boom");\n');
    expect(msg).toBe('throws.pb.js:2: boom');
  });

  test('an async callback handed to sort', async () => {
    const msg = await loadError(
      'sort.pb.js',
      'routerAdd("GET", "/s", (e) => {\n  const xs = [];\n  xs.sort((a, b) => $app.findRecordById("notes", a).id);\n});',
    );
    expect(msg).toMatch(/^sort\.pb\.js:3:11: an async function .* sort\(\)/);
  });

  test('a helper Satchel lacks fails naming itself', async () => {
    const msg = await loadError('lacks.pb.js', '\n$app.newBackup("x.zip");');
    expect(msg).toBe(
      "lacks.pb.js:2: $app.newBackup is not supported by Satchel's pb_hooks runtime",
    );
  });
});

describe('running hook code', () => {
  test('the editor types are written into the hooks dir', () => {
    expect(existsSync(join(dir, 'types.d.ts'))).toBe(true);
  });

  test('async callbacks of forEach, map, filter and reduce run in order', async () => {
    await load(
      'arrays.pb.js',
      `routerAdd("POST", "/api/arrays", (e) => {
        const notes = $app.findCollectionByNameOrId("notes");
        [3, 1, 2].forEach((n) => { $app.save(new Record(notes, { title: "t" + n, n: n })); });
        const titles = [1, 2, 3].map((n) => $app.findFirstRecordByData("notes", "n", n).getString("title"));
        const big = [1, 2, 3].filter((n) => $app.findFirstRecordByData("notes", "n", n).getInt("n") > 1);
        const sum = [1, 2, 3].reduce((acc, n) => acc + $app.findFirstRecordByData("notes", "n", n).getInt("n"), 0);
        return e.json(200, { titles: titles, big: big, sum: sum });
      });`,
    );
    const res = await server.fetch('/api/arrays', { method: 'POST' });
    expect(await res.json()).toEqual({ titles: ['t1', 't2', 't3'], big: [2, 3], sum: 6 });
  });

  test('top-level helpers are visible to handlers (more lenient than PocketBase)', async () => {
    await load(
      'scope.pb.js',
      `const greeting = "hi";\nfunction greet(name) { return greeting + " " + name; }\nrouterAdd("GET", "/api/greet/{name}", (e) => e.string(200, greet(e.request.pathValue("name"))));`,
    );
    expect(await (await server.fetch('/api/greet/bob')).text()).toBe('hi bob');
  });

  test('concurrent creates whose hook saves another record inside the transaction', async () => {
    await load(
      'nested.pb.js',
      `onRecordCreate((e) => {
        e.next();
        const audit = e.app.findCollectionByNameOrId("audit");
        e.app.save(new Record(audit, { what: "created " + e.record.getString("title") }));
      }, "notes");
      onRecordAfterCreateSuccess((e) => {
        $app.save(new Record($app.findCollectionByNameOrId("audit"), { what: "after " + e.record.getString("title") }));
        e.next();
      }, "notes");`,
    );
    const pb = server.client();
    const titles = ['c1', 'c2', 'c3', 'c4', 'c5'];
    await Promise.all(titles.map((title) => pb.collection('notes').create({ title })));
    const audit = await pb.collection('audit').getFullList({ filter: "what ~ 'c'" });
    const what = audit.map((r) => r.what).sort();
    expect(what).toEqual([
      ...titles.map((t) => `after ${t}`),
      ...titles.map((t) => `created ${t}`),
    ]);
  });

  test('a hook that throws rolls back what it saved', async () => {
    await load(
      'rollback.pb.js',
      `onRecordCreate((e) => {
        if (e.record.getString("title") !== "rollback") return e.next();
        e.next();
        e.app.save(new Record(e.app.findCollectionByNameOrId("audit"), { what: "must vanish" }));
        throw new BadRequestError("rolled back");
      }, "notes");`,
    );
    const pb = server.client();
    const err = await pb
      .collection('notes')
      .create({ title: 'rollback' })
      .catch((e) => e);
    expect(err.status).toBe(400);
    expect(err.response.message).toBe('Rolled back.');
    const left = await pb.collection('audit').getFullList({ filter: "what = 'must vanish'" });
    expect(left).toHaveLength(0);
    const notes = await pb.collection('notes').getFullList({ filter: "title = 'rollback'" });
    expect(notes).toHaveLength(0);
  });

  test('e.response.header() adds headers to the answer', async () => {
    await load(
      'headers.pb.js',
      `routerAdd("GET", "/api/with-header", (e) => {
        e.response.header().set("X-From-Hook", "yes");
        return e.string(200, "ok");
      });`,
    );
    const res = await server.fetch('/api/with-header');
    expect(res.headers.get('x-from-hook')).toBe('yes');
  });

  test('mail goes through the configured mailer ($mails and MailerMessage)', async () => {
    await load(
      'mails.pb.js',
      `routerAdd("POST", "/api/mail", (e) => {
        const users = $app.findCollectionByNameOrId("users");
        const user = new Record(users, { email: "mail@example.com", password: "1234567890", passwordConfirm: "1234567890" });
        $app.save(user);
        $mails.sendRecordVerification($app, user);
        $mails.sendRecordPasswordReset($app, user);
        const message = new MailerMessage({
          from: { address: $app.settings().meta.senderAddress },
          to: [{ address: "someone@example.com" }],
          subject: "Hi",
          html: "<p>Hello</p>",
        });
        $app.newMailClient().send(message);
        return e.json(200, { sent: true });
      });`,
    );
    const lines: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => lines.push(args.join(' '));
    try {
      const res = await server.fetch('/api/mail', { method: 'POST' });
      expect(await res.json()).toEqual({ sent: true });
    } finally {
      console.log = log;
    }
    const text = lines.join('\n');
    expect(text).toContain('mail@example.com');
    expect(text).toContain('someone@example.com');
    expect(text).toContain('Subject: Hi');
  });

  test('collections saved, changed and deleted through $app', async () => {
    await load(
      'collections.pb.js',
      `routerAdd("POST", "/api/dyn", (e) => {
        const c = new Collection({ type: "base", name: "dyn", fields: [{ name: "a", type: "text" }] });
        $app.save(c);
        const saved = $app.findCollectionByNameOrId("dyn");
        saved.fields.add(new NumberField({ name: "b" }));
        saved.listRule = "";
        $app.save(saved);
        const changed = $app.findCollectionByNameOrId("dyn");
        $app.delete(changed);
        let gone = false;
        try { $app.findCollectionByNameOrId("dyn"); } catch (err) { gone = true; }
        return e.json(200, { id: c.id.length > 0, fields: changed.fields.map((f) => f.name), listRule: changed.listRule, gone: gone });
      });`,
    );
    const res = await server.fetch('/api/dyn', { method: 'POST' });
    expect(await res.json()).toEqual({
      id: true,
      fields: ['id', 'a', 'b'],
      listRule: '',
      gone: true,
    });
  });

  test('a cron job added by a file runs through the crons API', async () => {
    await load(
      'cron.pb.js',
      `cronAdd("pb_cron_test", "0 0 1 1 *", () => {
        $app.save(new Record($app.findCollectionByNameOrId("audit"), { what: "cron ran" }));
      });`,
    );
    const pb = await server.superuserClient();
    const jobs = await pb.crons.getFullList();
    expect(jobs.map((j) => j.id)).toContain('pb_cron_test');
    await pb.crons.run('pb_cron_test');
    const ran = await waitFor('the cron job to save its record', async () => {
      const rows = await pb.collection('audit').getFullList({ filter: "what = 'cron ran'" });
      return rows.length > 0;
    });
    expect(ran).toBe(true);
  });

  test('a *.pb.ts file has its types removed first', async () => {
    await load(
      'typed.pb.ts',
      `interface Greeting { message: string }
      function greet(name: string): Greeting { return { message: "hi " + name }; }
      routerAdd("GET", "/api/typed/{name}", (e: any) => {
        const count: number = $app.findRecordsByFilter("notes", "", "", 0, 0).length;
        return e.json(200, { ...greet(e.request.pathValue("name")), isNumber: typeof count === "number" });
      });`,
    );
    const res = await server.fetch('/api/typed/ann');
    expect(await res.json()).toEqual({ message: 'hi ann', isNumber: true });
  });

  test('disposing the registrar takes its routes and hooks back', async () => {
    const r = await load(
      'gone.pb.js',
      'routerAdd("GET", "/api/gone", (e) => e.string(200, "here"));',
    );
    expect((await server.fetch('/api/gone')).status).toBe(200);
    r.dispose();
    expect((await server.fetch('/api/gone')).status).toBe(404);
  });
});

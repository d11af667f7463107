// Native hooks files in the hooks dir: npm imports, top-level helpers, hooks that change a write,
// the default-export form, errors reported with file:line while serving, and hot reload.
import { afterEach, describe, expect, spyOn, test } from 'bun:test';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnServe } from '../support/process.ts';
import { waitFor } from '../support/wait.ts';
import { type HooksServer, hooksLayout, startWithHooks } from './support.ts';

const MAIN = `import { shout } from 'tinypkg';
import { onRecordCreate, routerAdd } from 'satchel';
import { greeting } from './lib/greet.ts';

// A top-level helper the handlers below use (PocketBase's JS hooks can't share these).
const loud = (s: string) => shout(greeting(s));

routerAdd('GET', '/api/hello/{name}', (e) => ({ message: loud(e.params.name) }));

onRecordCreate(async (e) => {
  e.record.title = loud(String(e.record.title));
  await e.next();
}, 'posts');
`;

const LIB = `export const greeting = (name: string) => 'hello ' + name;\n`;

const DEFAULT_EXPORT = `import type { HookApp } from 'satchel';
export default (app: HookApp) => {
  app.routerAdd('POST', '/api/echo', async (e) => e.json(201, await e.request.json()));
};
`;

let server: HooksServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('a native hooks file', () => {
  test('imports an npm package and a library file; its route and hook use top-level helpers', async () => {
    const layout = hooksLayout({ 'main.ts': MAIN, 'lib/greet.ts': LIB, 'echo.ts': DEFAULT_EXPORT });
    server = await startWithHooks(layout, false);
    const res = await server.fetch('/api/hello/ann');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: 'HELLO ANN!' });

    const pb = await server.superuser();
    await pb.collections.create({
      name: 'posts',
      type: 'base',
      fields: [{ name: 'title', type: 'text' }],
    });
    await pb.collections.create({
      name: 'notes',
      type: 'base',
      fields: [{ name: 'title', type: 'text' }],
    });
    const post = await pb.collection('posts').create({ title: 'bob' });
    expect(post.title).toBe('HELLO BOB!');
    // Bound to `posts` only.
    expect((await pb.collection('notes').create({ title: 'bob' })).title).toBe('bob');

    const echo = await server.fetch('/api/echo', { method: 'POST', body: '{"a":1}' });
    expect(echo.status).toBe(201);
    expect(await echo.json()).toEqual({ a: 1 });
    // The library folder is not loaded by itself: no route or error came from it.
    expect((await server.fetch('/api/hello')).status).toBe(404);
  });

  test('a file that fails to build is reported with file:line; the others load', async () => {
    const errors = spyOn(console, 'error').mockImplementation(() => {});
    try {
      const layout = hooksLayout({
        'a-bad.ts': "import { routerAdd } from 'satchel';\nconst x = ;\n",
        'b-throws.ts':
          "import { routerAdd } from 'satchel';\nrouterAdd('GET', '/api/t', () => 1);\n\nthrow new Error('nope');\n",
        'main.ts': MAIN,
        'lib/greet.ts': LIB,
      });
      server = await startWithHooks(layout, false);
      const logged = errors.mock.calls.map((c) => c.join(' ')).join('\n');
      expect(logged).toContain(`${join(layout.hooks, 'a-bad.ts')}:2:11: Unexpected ;`);
      expect(logged).toContain(`${join(layout.hooks, 'b-throws.ts')}:4:`);
      // What the throwing file registered before its error is taken back.
      expect((await server.fetch('/api/t')).status).toBe(404);
      expect((await server.fetch('/api/hello/x')).status).toBe(200);
    } finally {
      errors.mockRestore();
    }
  });
});

describe('serve with a broken hooks file', () => {
  test('stays up, prints the file and line on stderr; stray errors from handlers are logged', async () => {
    const layout = hooksLayout({
      'bad.ts': 'export const x = {;\n',
      'stray.ts': `import { routerAdd } from 'satchel';
routerAdd('GET', '/api/stray', () => {
  void Promise.reject(new Error('nobody awaits this'));
  setTimeout(() => { throw new Error('thrown from a timer'); }, 0);
  return { ok: true };
});
`,
    });
    const s = await spawnServe(layout.data);
    try {
      const res = await fetch(`${s.url}/api/health`);
      expect(res.status).toBe(200);
      await waitFor('the error on stderr', () =>
        s.errors().includes(`${join(layout.hooks, 'bad.ts')}:1:`),
      );
      expect((await fetch(`${s.url}/api/stray`)).status).toBe(200);
      await waitFor('both stray errors logged', () => {
        const err = s.errors();
        return err.includes('nobody awaits this') && err.includes('thrown from a timer');
      });
      expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
    } finally {
      s.proc.kill('SIGTERM');
      expect(await s.proc.exited).toBe(0);
      rmSync(layout.base, { recursive: true, force: true });
    }
  });
});

describe('hot reload', () => {
  test('a changed file answers anew, a broken one is removed, a deleted one is gone', async () => {
    const route = (text: string) =>
      `import { routerAdd } from 'satchel';\nrouterAdd('GET', '/api/v', () => ({ v: ${JSON.stringify(text)} }));\n`;
    const layout = hooksLayout({ 'v.ts': route('one') });
    server = await startWithHooks(layout, true);
    const s = server;
    const answer = async () => {
      const res = await s.fetch('/api/v');
      return res.status === 200 ? ((await res.json()) as { v: string }).v : res.status;
    };
    expect(await answer()).toBe('one');
    writeFileSync(join(layout.hooks, 'v.ts'), route('two'));
    await waitFor('the new answer', async () => (await answer()) === 'two');

    const errors = spyOn(console, 'error').mockImplementation(() => {});
    try {
      writeFileSync(join(layout.hooks, 'v.ts'), 'routerAdd(;\n');
      await waitFor('the broken file to be unloaded', async () => (await answer()) === 404);
      await waitFor('the error reported', () =>
        errors.mock.calls.some((c) => c.join(' ').includes(`${join(layout.hooks, 'v.ts')}:1:`)),
      );
    } finally {
      errors.mockRestore();
    }

    writeFileSync(join(layout.hooks, 'v.ts'), route('three'));
    await waitFor('the fixed file', async () => (await answer()) === 'three');
    rmSync(join(layout.hooks, 'v.ts'));
    await waitFor('the deleted route to 404', async () => (await answer()) === 404);

    // A new file is picked up.
    writeFileSync(join(layout.hooks, 'w.ts'), route('four'));
    await waitFor('the new file', async () => (await answer()) === 'four');
  });

  test('a changed library file reloads the native files that may import it', async () => {
    const layout = hooksLayout({
      'lib/word.ts': "export const word = 'alpha';\n",
      'w.ts':
        "import { routerAdd } from 'satchel/hooks';\nimport { word } from './lib/word.ts';\nrouterAdd('GET', '/api/w', () => ({ word }));\n",
    });
    server = await startWithHooks(layout, true);
    const s = server;
    const word = async () => ((await (await s.fetch('/api/w')).json()) as { word: string }).word;
    expect(await word()).toBe('alpha');
    writeFileSync(join(layout.hooks, 'lib/word.ts'), "export const word = 'beta';\n");
    await waitFor(
      'the file importing the library to reload',
      async () => (await word()) === 'beta',
    );
  });
});

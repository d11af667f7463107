// Satchel as a library: a program in its own project imports 'satchel' (resolved through package.json
// `exports`), registers a route and a hook in code, and serves them. Installed two ways: a file:
// dependency (a link), and the `npm pack` tarball unpacked into node_modules (its `files` list must
// hold everything the program loads). `npm install --offline` of the tarball can't run here (its
// dependencies aren't in an offline npm cache), so those are linked from Satchel's own node_modules.
import { afterAll, expect, test } from 'bun:test';
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { onRecordCreate } from '../../src/index.ts';
import { tempDir } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const ROOT = resolve(import.meta.dir, '../..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const PROGRAM = `import { createApp, NotFoundError, type HookApp } from 'satchel';
import pkg from 'satchel/package.json';

const extend = (app: HookApp) => {
  app.routerAdd('GET', '/api/lib/{x}', (e) => {
    if (e.params.x === 'none') throw new NotFoundError('No such thing.');
    return { x: e.params.x, from: pkg.name };
  });
  app.onRecordCreate((e) => {
    e.record.name = 'set by the program';
    return e.next();
  }, 'users');
};
const app = await createApp({ dataDir: process.argv[2]!, extensions: [extend] });
const server = app.listen('127.0.0.1', 0);
console.log('listening http://127.0.0.1:' + server.port);
process.on('SIGTERM', async () => { await app.close(); process.exit(0); });
`;

/** What `npm install file:…` makes: a link to the package in node_modules. */
function installLinked(project: string): void {
  symlinkSync(ROOT, join(project, 'node_modules/satchel'));
}

/** `npm pack`, unpacked as npm installs it; the dependencies linked in beside it. */
async function installTarball(project: string): Promise<void> {
  const pack = Bun.spawn(['npm', 'pack', '--silent', `--pack-destination=${project}`], {
    cwd: ROOT,
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const name = (await new Response(pack.stdout).text()).trim();
  expect(await pack.exited).toBe(0);
  const dest = join(project, 'node_modules/satchel');
  mkdirSync(dest);
  const tar = Bun.spawn(['tar', 'xzf', join(project, name), '--strip-components=1', '-C', dest]);
  expect(await tar.exited).toBe(0);
  for (const dep of readdirSync(join(ROOT, 'node_modules'))) {
    if (dep.startsWith('.')) continue;
    symlinkSync(join(ROOT, 'node_modules', dep), join(project, 'node_modules', dep));
  }
}

test.each([
  ['a file: dependency', installLinked],
  ['the npm pack tarball', installTarball],
])('a program in its own project uses satchel as %s', async (_how, install) => {
  const project = tempDir('satchel-lib-');
  dirs.push(project);
  mkdirSync(join(project, 'node_modules'));
  await install(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ type: 'module', dependencies: { satchel: `file:${ROOT}` } }),
  );
  writeFileSync(join(project, 'program.ts'), PROGRAM);
  const proc = Bun.spawn([process.execPath, 'program.ts', join(project, 'data')], {
    cwd: project,
    stdout: 'pipe',
    stderr: 'pipe',
  });
  try {
    let out = '';
    const reader = proc.stdout.getReader();
    const url = await waitFor('the program to listen', async () => {
      const { value, done } = await reader.read();
      if (done) throw new Error(`exited: ${out}${await new Response(proc.stderr).text()}`);
      out += new TextDecoder().decode(value);
      return /http:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0];
    });
    const res = await fetch(`${url}/api/lib/abc`);
    expect(await res.json()).toEqual({ x: 'abc', from: 'satchel' });
    const none = await fetch(`${url}/api/lib/none`);
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ status: 404, message: 'No such thing.', data: {} });
    const user = await fetch(`${url}/api/collections/users/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'a@b.co',
        password: '1234567890',
        passwordConfirm: '1234567890',
      }),
    });
    expect(((await user.json()) as { name: string }).name).toBe('set by the program');
  } finally {
    proc.kill('SIGTERM');
    await proc.exited;
  }
});

test("a hooks file's top-level functions, called from a program, fail naming where they work", () => {
  expect(() => onRecordCreate((e) => e.next())).toThrow(
    'onRecordCreate() works at the top level of a hooks file',
  );
});

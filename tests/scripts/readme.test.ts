// The README's commands work as written: every npm script it names exists, and it promises nothing
// that isn't built. Its binary size is checked against the build in .ci/run.
import { expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dir, '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

test('every `npm run X` and `bun run X` the README names is a script', () => {
  const named = [...readme.matchAll(/\b(?:npm|bun) run ([\w:-]+)/g)].map((m) => m[1]!);
  expect(named.length).toBeGreaterThan(5);
  for (const script of named) expect(Object.keys(pkg.scripts)).toContain(script);
});

test('the quick start is npm install && npm start / npm test', () => {
  expect(readme).toContain('npm install && npm start');
  expect(readme).toContain('npm install && npm test');
  expect(pkg.scripts.test).toContain('--timeout=');
});

test('the logs it describes are the ones written, with the ?token= difference documented', () => {
  expect(readme).toContain('## Logs');
  expect(readme).toContain('token=REDACTED');
});

test('the superuser command it shows runs from source', () => {
  expect(readme).toContain('npx bun src/main.ts superuser upsert');
  expect(readme).not.toMatch(/^satchel superuser/m);
});

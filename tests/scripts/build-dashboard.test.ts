// `npm start` builds the dashboard when it is missing or stale, and every command a message names
// works as written in a fresh clone (no global bun: `npm run …` or `npx bun …`).
import { describe, expect, test } from 'bun:test';
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDashboardStale } from '../../scripts/build-dashboard.ts';
import { tempDir } from '../support/server.ts';

const ROOT = resolve(import.meta.dir, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('npm start', () => {
  test('builds the dashboard (when stale) before serving', () => {
    expect(pkg.scripts.start).toBe(
      'bun scripts/build-dashboard.ts --if-stale && bun --max-http-header-size=1048576 src/main.ts serve',
    );
  });

  test('a missing or outdated build is stale; a fresh one is not', () => {
    const dir = tempDir('satchel-dash-');
    try {
      expect(isDashboardStale(dir)).toBe(true);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'index.html'), '<!doctype html>');
      expect(isDashboardStale(dir)).toBe(false);
      utimesSync(join(dir, 'index.html'), 0, 0); // older than every source file
      expect(isDashboardStale(dir)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Every `.ts` file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

test('commands named in user-facing strings work without a global bun', () => {
  const named: string[] = [];
  for (const file of sources(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    // Inside string literals and HTML: `npm run x`, `npx bun …`, `bun …` (comments excluded).
    for (const line of text.split('\n')) {
      if (/^\s*(\/\/|\*|\/\*)/.test(line)) continue;
      for (const m of line.matchAll(/<code>([^<]+)<\/code>|Run `([^`]+)`/g))
        named.push(m[1] ?? m[2]!);
    }
  }
  expect(named).toContain('npm run build:dashboard');
  for (const command of named) {
    expect(command).not.toMatch(/^bun /);
    const script = /^npm run ([\w:-]+)/.exec(command)?.[1];
    if (script) expect(Object.keys(pkg.scripts)).toContain(script);
  }
});

// Guards the dependency direction: cli → app → http → core → db/hooks; nothing points back up.
import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dir, '../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) =>
    relative(SRC, resolve(file, '..', m[1]!)),
  );
}

/** Layer of a path relative to src/ (its first segment). */
const layer = (p: string) => p.split('/')[0]!;

/** What each layer must never import. */
const FORBIDDEN: Record<string, string[]> = {
  core: ['http', 'cli', 'app.ts', 'realtime'],
  db: ['core', 'http', 'cli', 'app.ts', 'hooks'],
  hooks: ['http', 'cli', 'app.ts'],
  http: ['cli'],
};

describe('architecture', () => {
  for (const file of files(SRC)) {
    const from = layer(relative(SRC, file));
    const banned = FORBIDDEN[from];
    if (!banned) continue;
    test(`${relative(SRC, file)} imports only downward`, () => {
      const bad = imports(file).filter((i) => banned.includes(layer(i)));
      expect(bad).toEqual([]);
    });
  }

  test('only src/db touches bun:sqlite', () => {
    const offenders = files(SRC)
      .filter((f) => !relative(SRC, f).startsWith('db/'))
      .filter((f) => /from ['"]bun:sqlite['"]/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  test('core/filter, when present, stays pure (no db, no http)', () => {
    const dir = join(SRC, 'core/filter');
    let list: string[] = [];
    try {
      list = files(dir);
    } catch {
      return;
    }
    for (const f of list) {
      expect(imports(f).filter((i) => ['db', 'http'].includes(layer(i)))).toEqual([]);
    }
  });
});

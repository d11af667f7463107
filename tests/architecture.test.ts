// Guards the dependency direction: cli → app → extend → http → core → db/hooks, the ranks inside core/, and no
// import cycles; nothing points back up.
import { describe, expect, test } from 'bun:test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dir, '../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** A relative specifier as the file it names, relative to src/ (`./x` may mean `./x.ts`). */
function target(file: string, spec: string): string {
  const base = resolve(file, '..', spec);
  const found = [base, `${base}.ts`, join(base, 'index.ts')].find(
    (p) => existsSync(p) && statSync(p).isFile(),
  );
  return relative(SRC, found ?? base);
}

interface Import {
  path: string;
  typeOnly: boolean;
}

/** Every relative import: `import … from`, `export … from`, `import './x'` and `import('./x')`. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(
    /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"](\.[^'"]+)['"]/g,
  )) {
    out.push({ path: target(file, m[3]!), typeOnly: m[2] !== undefined });
  }
  for (const m of text.matchAll(
    /(?:^|\n)import\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g,
  )) {
    out.push({ path: target(file, (m[1] ?? m[2])!), typeOnly: false });
  }
  return out;
}

const imports = (file: string): string[] => importsOf(file).map((i) => i.path);

/** Layer of a path relative to src/ (its first segment). */
const layer = (p: string) => p.split('/')[0]!;

/** What each layer must never import. */
const FORBIDDEN: Record<string, string[]> = {
  core: ['http', 'cli', 'app.ts', 'realtime', 'extend'],
  db: ['core', 'http', 'cli', 'app.ts', 'hooks', 'extend'],
  hooks: ['http', 'cli', 'app.ts', 'extend'],
  http: ['cli', 'extend'],
  // Extensions (hooks dirs, pb_hooks, the library) sit above http: they add routes and hooks to it.
  extend: ['cli', 'app.ts'],
  // Certificates and the redirect listener: plain values in and out, below everything that serves.
  tls: ['cli', 'app.ts', 'extend', 'http', 'core', 'db', 'hooks', 'realtime'],
  // Supervisor and worker links: they carry core's plain values between processes, below the app.
  cluster: ['cli', 'app.ts', 'extend', 'http', 'realtime'],
};

/**
 * The layers inside core/, lowest first: a core file imports only sub-modules of its own rank or a
 * lower one. A sub-module is a folder of core/ or a file at its root (`errors` for errors.ts).
 */
const CORE_RANKS: Record<string, number> = {
  errors: 0,
  ids: 0,
  inflector: 0,
  dates: 0,
  'url-escapes': 0,
  cluster: 0,
  counters: 0,
  'expiring-values': 0,
  'pid-lock': 0,
  fields: 1,
  filter: 1,
  settings: 1,
  files: 2,
  ratelimit: 2,
  collections: 3,
  records: 4,
  schema: 4,
  auth: 5,
  realtime: 5,
  batch: 5,
  cron: 5,
  'sql-console': 5,
  logs: 5,
  backups: 6,
  migrations: 6,
  metrics: 7,
};

/** Files ranked apart from their folder: the collection model is the vocabulary of every module. */
const FILE_RANKS: Record<string, number> = {
  'core/collections/model.ts': 0,
};

/**
 * `Core`, the service bag every core function takes: anything in core may import it, and it names
 * the services (registry, settings store, scheduler) by type only.
 */
const CORE_BAG = 'core/core.ts';

/** The core sub-module of a path relative to src/, or null outside core/. */
function coreModule(p: string): string | null {
  const parts = p.split('/');
  if (parts[0] !== 'core' || p === CORE_BAG) return null;
  return parts.length > 2 ? parts[1]! : parts[1]!.replace(/\.ts$/, '');
}

/** What a rank belongs to: a file of FILE_RANKS, else its core sub-module. */
const unitOf = (p: string): string | null => (p in FILE_RANKS ? p : coreModule(p));

const rankOf = (p: string): number | undefined => FILE_RANKS[p] ?? CORE_RANKS[coreModule(p) ?? ''];

/** The cycles of a directed graph (one per strongly connected component), each as its nodes. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)!.includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

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

  test('core/filter stays pure (no db, no http)', () => {
    const dir = join(SRC, 'core/filter');
    expect(existsSync(dir)).toBe(true);
    const list = files(dir);
    expect(list.length).toBeGreaterThan(0);
    for (const f of list) {
      expect(imports(f).filter((i) => ['db', 'http'].includes(layer(i)))).toEqual([]);
    }
  });

  test('no file-level import cycles in src/', () => {
    const graph = new Map(files(SRC).map((f) => [relative(SRC, f), imports(f)]));
    expect(cycles(graph)).toEqual([]);
  });

  describe('inside core/', () => {
    const coreFiles = files(join(SRC, 'core')).map((f) => relative(SRC, f));

    test('every core sub-module has a rank', () => {
      const modules = new Set(coreFiles.map(coreModule).filter((m) => m !== null));
      expect([...modules].filter((m) => CORE_RANKS[m] === undefined)).toEqual([]);
    });

    test(`${CORE_BAG} names the services by type only`, () => {
      expect(existsSync(join(SRC, CORE_BAG))).toBe(true);
      const values = importsOf(join(SRC, CORE_BAG)).filter((i) => !i.typeOnly);
      expect(values.filter((i) => layer(i.path) === 'core').map((i) => i.path)).toEqual([]);
    });

    test('core sub-modules form no cycle', () => {
      const graph = new Map<string, string[]>();
      for (const f of coreFiles) {
        const from = unitOf(f);
        if (from === null) continue;
        const to = imports(join(SRC, f)).map(unitOf);
        const edges = graph.get(from) ?? [];
        for (const m of to) if (m !== null && m !== from && !edges.includes(m)) edges.push(m);
        graph.set(from, edges);
      }
      expect(cycles(graph)).toEqual([]);
    });

    for (const f of coreFiles) {
      if (f === CORE_BAG) continue;
      test(`${f} imports only core sub-modules of the same or a lower rank`, () => {
        const own = rankOf(f)!;
        const above = imports(join(SRC, f)).filter((i) => {
          if (layer(i) !== 'core' || i === CORE_BAG) return false;
          const rank = rankOf(i);
          return rank === undefined || rank > own;
        });
        expect(above).toEqual([]);
      });
    }
  });
});

// scripts/lazy-imports.ts: commander bundles with its node:child_process and node:util imports made
// lazy, drizzle's core without pg-core, and the build fails when an import no longer looks as the
// plugin expects.
import { expect, test } from 'bun:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lazyImportsPlugin } from '../../scripts/lazy-imports.ts';
import { tempDir } from '../support/server.ts';

const ROOT = resolve(import.meta.dir, '../..');

test('commander is bundled without importing node:child_process or node:util at the top', async () => {
  const result = await Bun.build({
    entrypoints: [Bun.resolveSync('commander', ROOT)],
    target: 'bun',
    plugins: [lazyImportsPlugin()],
  });
  expect(result.success).toBe(true);
  const text = await result.outputs[0]!.text();
  // Bun drops the `node:` prefix and names `require` `__require` in its output.
  expect(text).toMatch(/^import .* from "path";$/m);
  expect(text).not.toMatch(/^import .* from "(node:)?(child_process|util)";$/m);
  expect(text).toMatch(/require\("(node:)?child_process"\)\.spawn\(/);
  expect(text).toMatch(/require\("(node:)?util"\)\.stripVTControlCharacters\(/);
});

test("under Bun.plugin, drizzle's SQLite entry points load no pg-core module, and pg-core still works", async () => {
  const at = (spec: string) => JSON.stringify(Bun.resolveSync(spec, ROOT));
  const script = join(tempDir(), 'check.ts');
  writeFileSync(
    script,
    `import { lazyImportsPlugin } from ${JSON.stringify(join(ROOT, 'scripts/lazy-imports.ts'))};
Bun.plugin(lazyImportsPlugin());
await import(${at('drizzle-orm/sqlite-core')});
await import(${at('drizzle-orm/bun-sqlite')});
const pgLoaded = Object.keys(require.cache).filter((k) => k.includes('pg-core')).length;
const { pgTable, integer, primaryKey, pgEnum, PgDialect } = await import(${at('drizzle-orm/pg-core')});
const { extractTablesRelationalConfig, createTableRelationsHelpers, sql } = await import(${at('drizzle-orm')});
const t = pgTable('t', { a: integer(), b: integer() }, (t) => [primaryKey({ columns: [t.a, t.b] })]);
const tables = extractTablesRelationalConfig({ t }, createTableRelationsHelpers).tables;
const mood = pgEnum('mood', ['x']);
console.log(JSON.stringify({ pgLoaded, primaryKey: tables.t.primaryKey.length, enumSql: new PgDialect().sqlToQuery(sql\`\${mood}\`).sql }));
`,
  );
  const run = Bun.spawnSync([process.execPath, script], { stderr: 'inherit' });
  // relations.js still finds the composite primary key (the lazy class), sql.js still names an enum.
  expect(JSON.parse(run.stdout.toString())).toEqual({
    pgLoaded: 0,
    primaryKey: 2,
    enumSql: '"mood"',
  });
});

test('a dependency whose imports changed fails the build', async () => {
  const lib = join(tempDir(), 'node_modules/commander/lib');
  mkdirSync(lib, { recursive: true });
  writeFileSync(
    join(lib, 'command.js'),
    "import * as childProcess from 'node:child_process';\nexport const spawn = childProcess.spawn;\n",
  );
  const failure = await Bun.build({
    entrypoints: [join(lib, 'command.js')],
    plugins: [lazyImportsPlugin()],
  }).catch((err: AggregateError) => err.errors.map(String).join('\n'));
  expect(failure).toContain('update the plugin');
});

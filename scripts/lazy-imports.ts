// Bun plugin, for Bun.build (the binary) and Bun.plugin (src/main.ts under `bun run`): dependencies'
// imports that start-up never uses load when first used instead.
// - commander imports node:child_process and node:util at the top for what only executable
//   subcommands (spawn; Satchel has none) and help text (stripVTControlCharacters) use. The named
//   import from node:util loads its whole inspect module: with child_process ~7 ms at each start.
// - drizzle's core (sql/sql.js, relations.js) imports from pg-core on every engine: 43 of pg-core's
//   modules (all its column types) load on SQLite too, for an enum check that is a symbol lookup
//   and a class used only by relational queries over a PostgreSQL schema (Satchel has none).
// Each rewrite names the exact line it replaces: the plugin fails the build (or the start) if a
// dependency's import changes, rather than silently doing nothing.
import { readFileSync } from 'node:fs';
import type { BunPlugin } from 'bun';

interface Rewrite {
  /** The file, by the end of its path. */
  file: RegExp;
  /** Exact text → its lazy stand-in, with the same name and the same calls. */
  replace: Array<[string, string]>;
  /** What the file must not use for the stand-ins to be complete. */
  unused?: RegExp;
}

const REWRITES: Rewrite[] = [
  {
    file: /[\\/]commander[\\/]lib[\\/]command\.js$/,
    replace: [
      [
        "import childProcess from 'node:child_process';",
        "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      ],
      [
        "import { stripVTControlCharacters } from 'node:util';",
        "const stripVTControlCharacters = (str) => require('node:util').stripVTControlCharacters(str);",
      ],
    ],
    unused: /childProcess\.(?!spawn\()\w+/,
  },
  {
    file: /[\\/]commander[\\/]lib[\\/]help\.js$/,
    replace: [
      [
        "import { stripVTControlCharacters } from 'node:util';",
        "const stripVTControlCharacters = (str) => require('node:util').stripVTControlCharacters(str);",
      ],
    ],
    unused: /childProcess/,
  },
  {
    // pg-core/columns/enum.js's own test, on the same global symbol.
    file: /[\\/]drizzle-orm[\\/]sql[\\/]sql\.js$/,
    replace: [
      [
        'import { isPgEnum } from "../pg-core/columns/enum.js";',
        'const isPgEnumSym = Symbol.for("drizzle:isPgEnum");\n' +
          'const isPgEnum = (obj) => !!obj && typeof obj === "function" && isPgEnumSym in obj && obj[isPgEnumSym] === true;',
      ],
    ],
  },
  {
    file: /[\\/]drizzle-orm[\\/]relations\.js$/,
    replace: [
      ['import { PrimaryKeyBuilder } from "./pg-core/primary-keys.js";', ''],
      [
        'is(configEntry, PrimaryKeyBuilder)',
        'is(configEntry, require("./pg-core/primary-keys.js").PrimaryKeyBuilder)',
      ],
    ],
    unused: /(?<!\.)PrimaryKeyBuilder/,
  },
];

/** One filter for every rewritten file, so the runtime plugin costs one regex test per module. */
const FILTER = new RegExp(REWRITES.map((r) => r.file.source).join('|'));

export function lazyImportsPlugin(): BunPlugin {
  return {
    name: 'satchel-lazy-imports',
    setup(build) {
      build.onLoad({ filter: FILTER }, (args) => {
        const rewrite = REWRITES.find((r) => r.file.test(args.path))!;
        let text = readFileSync(args.path, 'utf8');
        const name = args.path.split(/[\\/]/).slice(-2).join('/');
        for (const [from, to] of rewrite.replace) {
          if (text.split(from).length !== 2) {
            throw new Error(
              `scripts/lazy-imports.ts: ${name} no longer holds \`${from}\` once; update the plugin`,
            );
          }
          text = text.replace(from, to);
        }
        if (rewrite.unused?.test(text)) {
          throw new Error(
            `scripts/lazy-imports.ts: ${name} uses more of what the plugin made lazy; update the plugin`,
          );
        }
        return { loader: 'js', contents: text };
      });
    },
  };
}

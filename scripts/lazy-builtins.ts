// Bun.build plugin: commander's node:child_process and node:util imports load when first used.
// commander imports both at the top for what only help text (stripVTControlCharacters) and
// executable subcommands (spawn, which Satchel has none of) use. In the compiled binary each ESM
// import of a built-in is loaded at start: together ~6 ms and ~2.5 MB of RSS (measured in a bare
// compiled program) for nothing, on every start. The rewrite fails the build if commander's
// imports change, rather than silently doing nothing.
import { readFileSync } from 'node:fs';
import type { BunPlugin } from 'bun';

/** The import line → its lazy stand-in, with the same name and the same calls. */
const LAZY: Record<string, string> = {
  "import childProcess from 'node:child_process';":
    "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
  "import { stripVTControlCharacters } from 'node:util';":
    "const stripVTControlCharacters = (str) => require('node:util').stripVTControlCharacters(str);",
};

/** What each of commander's files must use of its built-ins for the stand-ins to be complete. */
const USES: Record<string, RegExp> = {
  'command.js': /childProcess\.(?!spawn\()\w+/,
  'help.js': /childProcess/,
};

export function lazyBuiltinsPlugin(): BunPlugin {
  return {
    name: 'satchel-lazy-builtins',
    setup(build) {
      build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/](command|help)\.js$/ }, (args) => {
        let text = readFileSync(args.path, 'utf8');
        const file = args.path.endsWith('help.js') ? 'help.js' : 'command.js';
        const lines = Object.keys(LAZY).filter((line) => text.includes(line));
        const expected = file === 'help.js' ? 1 : 2;
        if (lines.length !== expected || USES[file]!.test(text)) {
          throw new Error(
            `scripts/lazy-builtins.ts: commander's ${file} no longer imports its built-ins as expected; update the plugin`,
          );
        }
        for (const line of lines) text = text.replace(line, LAZY[line]!);
        return { loader: 'js', contents: text };
      });
    },
  };
}

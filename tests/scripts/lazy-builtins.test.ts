// scripts/lazy-builtins.ts: commander bundles with its node:child_process and node:util imports
// made lazy, and the build fails when commander's imports no longer look as the plugin expects.
import { expect, test } from 'bun:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lazyBuiltinsPlugin } from '../../scripts/lazy-builtins.ts';
import { tempDir } from '../support/server.ts';

const ROOT = resolve(import.meta.dir, '../..');

test('commander is bundled without importing node:child_process or node:util at the top', async () => {
  const result = await Bun.build({
    entrypoints: [Bun.resolveSync('commander', ROOT)],
    target: 'bun',
    plugins: [lazyBuiltinsPlugin()],
  });
  expect(result.success).toBe(true);
  const text = await result.outputs[0]!.text();
  // Bun drops the `node:` prefix and names `require` `__require` in its output.
  expect(text).toMatch(/^import .* from "path";$/m);
  expect(text).not.toMatch(/^import .* from "(node:)?(child_process|util)";$/m);
  expect(text).toMatch(/require\("(node:)?child_process"\)\.spawn\(/);
  expect(text).toMatch(/require\("(node:)?util"\)\.stripVTControlCharacters\(/);
});

test('a commander whose imports changed fails the build', async () => {
  const lib = join(tempDir(), 'node_modules/commander/lib');
  mkdirSync(lib, { recursive: true });
  writeFileSync(
    join(lib, 'command.js'),
    "import * as childProcess from 'node:child_process';\nexport const spawn = childProcess.spawn;\n",
  );
  const failure = await Bun.build({
    entrypoints: [join(lib, 'command.js')],
    plugins: [lazyBuiltinsPlugin()],
  }).catch((err: AggregateError) => err.errors.map(String).join('\n'));
  expect(failure).toContain('no longer imports its built-ins');
});

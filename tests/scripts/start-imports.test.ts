// What `serve` loads before its first request: the built-in modules the binary's start-up chunks
// import (src/main.ts bundled as scripts/build.ts bundles it, its chunks split at each import()).
// A built-in imported at the top of any start-up module costs every start: node:crypto (its stream
// modules) was ~1.3 MB of the binary's idle RSS and ~3 ms of a `bun run` start for one
// timingSafeEqual. A new one here should load where it is used (import() / require()) instead.
import { expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lazyImportsPlugin } from '../../scripts/lazy-imports.ts';
import { tempDir } from '../support/server.ts';

const ROOT = resolve(import.meta.dir, '../..');

/** The bare specifiers the chunks reachable from `entry` by static imports import. */
function staticImports(dir: string, entry: string): Set<string> {
  const specifiers = new Set<string>();
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(dir, file), 'utf8');
    // `import … from "x"` and `import "x"` at the start of a line: Bun's output style.
    for (const [, spec] of text.matchAll(/^(?:import|export)\b[^;'"]*?["']([^"']+)["']/gm)) {
      if (spec!.startsWith('./')) queue.push(spec!.slice(2));
      else specifiers.add(spec!.replace(/^node:/, ''));
    }
  }
  return specifiers;
}

test("serve's start-up chunks import only the built-ins it uses at start", async () => {
  const outdir = tempDir();
  const result = await Bun.build({
    entrypoints: [join(ROOT, 'src/main.ts')],
    outdir,
    target: 'bun',
    format: 'esm',
    splitting: true,
    define: { SATCHEL_BUILD_VERSION: '"0.0.0"', SATCHEL_BUILD_COMMIT: '"test"' },
    plugins: [lazyImportsPlugin()],
  });
  expect(result.success).toBe(true);
  // src/main.ts imports the cli with import(), after registering the plugin under `bun run`.
  const main = readFileSync(join(outdir, 'main.js'), 'utf8');
  const cli = /import\("\.\/([^"]+)"\)/.exec(main)?.[1];
  expect(cli).toBeDefined();
  const imports = staticImports(outdir, cli!);
  const builtins = [...imports].filter((s) => !s.startsWith('bun')).sort();
  expect(builtins).toEqual(['async_hooks', 'events', 'fs', 'fs/promises', 'os', 'path', 'process']);
  expect(imports.has('crypto')).toBe(false);
});

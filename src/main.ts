#!/usr/bin/env bun
// argv → cli. The binary built from this file takes the same arguments.
import { lazyImportsPlugin } from '../scripts/lazy-imports.ts';

// Under `bun run` the plugin must be in place before the cli's modules load, hence import().
// (The binary was built with it: there it never matches, nothing is loaded from disk.)
Bun.plugin(lazyImportsPlugin());
const { runCli } = await import('./cli/index.ts');

process.exitCode = await runCli(process.argv.slice(2));

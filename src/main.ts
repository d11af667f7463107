#!/usr/bin/env bun
// argv → cli. The binary built from this file takes the same arguments.
import { runCli } from './cli/index.ts';

process.exitCode = await runCli(process.argv.slice(2));

// `bun scripts/test-postgres.ts [--nodes=N] [files…]`: the test files of tests/pg/suite.txt (or the given
// ones) with SATCHEL_TEST_DB=postgres, so every integration server runs on its own PostgreSQL database;
// `--nodes=3` runs tests/pg/suite-nodes.txt with each server as three nodes behind a round-robin.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dir, '..');
const args = process.argv.slice(2);
const nodes = Number(args.find((a) => a.startsWith('--nodes='))?.slice('--nodes='.length) ?? 1);
const given = args.filter((a) => !a.startsWith('--nodes='));
const listFile = nodes > 1 ? 'tests/pg/suite-nodes.txt' : 'tests/pg/suite.txt';
const listed = readFileSync(join(root, listFile), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const files = given.length > 0 ? given : listed;
const proc = Bun.spawn([process.execPath, 'test', '--timeout=60000', ...files], {
  cwd: root,
  env: { ...process.env, SATCHEL_TEST_DB: 'postgres', SATCHEL_TEST_NODES: String(nodes) },
  stdio: ['inherit', 'inherit', 'inherit'],
});
process.exit(await proc.exited);

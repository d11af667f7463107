// `bun scripts/test-postgres.ts [files…]`: the test files of tests/pg/suite.txt (or the given ones) with
// SATCHEL_TEST_DB=postgres, so every integration server runs on its own PostgreSQL database.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dir, '..');
const listed = readFileSync(join(root, 'tests/pg/suite.txt'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const files = process.argv.length > 2 ? process.argv.slice(2) : listed;
const proc = Bun.spawn([process.execPath, 'test', '--timeout=60000', ...files], {
  cwd: root,
  env: { ...process.env, SATCHEL_TEST_DB: 'postgres' },
  stdio: ['inherit', 'inherit', 'inherit'],
});
process.exit(await proc.exited);

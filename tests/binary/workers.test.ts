// The compiled binary as its own workers (SATCHEL_BINARY=path): it re-executes itself, not `bun`.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { waitFor, within } from '../support/wait.ts';
import { BINARY, type BinaryServer, emptyDirs, removeDir, serveBinary } from './binary.ts';

describe.skipIf(!BINARY)('compiled binary: serve --workers=2', () => {
  const dirs = emptyDirs();
  let server: BinaryServer;

  beforeAll(async () => {
    server = await serveBinary(dirs.data, dirs.cwd, dirs.tmp, ['--workers=2']);
  });
  afterAll(() => removeDir(dirs.base));

  test('both workers answer on the one address', async () => {
    const seen = new Set<string>();
    await waitFor('both workers to answer', async () => {
      const res = await fetch(`${server.url}/api/health`, { headers: { connection: 'close' } });
      seen.add(res.headers.get('x-satchel-worker') ?? '?');
      return seen.has('0') && seen.has('1');
    });
    expect(seen).toEqual(new Set(['0', '1']));
  });

  test('SIGTERM drains both and the supervisor exits 0', async () => {
    expect(await within('the binary to exit', server.stop(), { timeout: 30_000 })).toBe(0);
  });
});

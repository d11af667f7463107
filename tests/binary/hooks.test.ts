// A native hooks file importing an npm package, run by the compiled binary (SATCHEL_BINARY=path):
// Bun.build inside the binary bundles it with node_modules beside the hooks dir.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTinyPackage } from '../extend/support.ts';
import { BINARY, type BinaryServer, emptyDirs, removeDir, serveBinary } from './binary.ts';

const MAIN = `import { shout } from 'tinypkg';
import { routerAdd } from 'satchel';
const loud = (s: string) => shout(s);
routerAdd('GET', '/api/hello/{name}', (e) => ({ message: loud(e.params.name) }));
`;

describe.skipIf(!BINARY)('compiled binary with a hooks dir', () => {
  const dirs = emptyDirs();
  let server: BinaryServer;

  beforeAll(async () => {
    // The default hooks dir: sb_hooks beside the data dir; node_modules beside both.
    const hooks = join(dirs.base, 'sb_hooks');
    mkdirSync(hooks);
    writeFileSync(join(hooks, 'main.ts'), MAIN);
    writeTinyPackage(dirs.base);
    server = await serveBinary(dirs.data, dirs.cwd, dirs.tmp);
  });
  afterAll(async () => {
    await server?.stop();
    removeDir(dirs.base);
  });

  test('a route from a hooks file with an npm import answers', async () => {
    const res = await fetch(`${server.url}/api/hello/ann`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: 'ANN!' });
  });
});

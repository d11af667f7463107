// Satchel for the pb_hooks bench: hello.pb.js loaded, plus the same route written natively; prints its URL.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.ts';
import { loadPbHooksFile } from '../../src/extend/pb/load.ts';
import { Registrar } from '../../src/extend/registrar.ts';

const dir = mkdtempSync(join(tmpdir(), 'satchel-bench-pbhooks-'));
// A copy: loading writes types.d.ts into the hooks dir.
const hooksDir = join(dir, 'pb_hooks');
cpSync(import.meta.dir, hooksDir, { recursive: true });
const app = await createApp({ dataDir: join(dir, 'sb_data') });
const core = app.core;
const registrar = new Registrar({ core, routes: app.http.routes, hooks: core.hooks }, 'bench');
await loadPbHooksFile(registrar, join(hooksDir, 'hello.pb.js'), hooksDir);
registrar.route({
  method: 'GET',
  pattern: '/api/native/{name}',
  handler: (e) => e.json(200, { message: `Hello ${e.params.name}` }),
});
const server = app.listen('127.0.0.1', 0);
console.log(`http://127.0.0.1:${server.port}`);

// A copy of PocketBase's own data dir: its stored files and pre-generated thumbs are served byte-identical.
import { expect } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAllWithFixture, beforeAllWithFixture, testWithFixture } from '../support/fixture.ts';
import { copyFixture, FIXTURE_TOKENS, startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let storageDir = '';
let fileToken = '';

beforeAllWithFixture(async () => {
  const dir = copyFixture();
  storageDir = join(dir, 'storage');
  server = await startServer({ dir });
  const res = await server.fetch('/api/files/token', {
    method: 'POST',
    headers: { authorization: FIXTURE_TOKENS.superuser },
  });
  fileToken = ((await res.json()) as { token: string }).token;
});
afterAllWithFixture(() => server.stop());

/** `<collectionId>/<recordId>/<name>` of every stored file (sidecars and thumbs apart). */
function storedFiles(): { path: string; thumbs: string[] }[] {
  const out: { path: string; thumbs: string[] }[] = [];
  for (const entry of readdirSync(storageDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.attrs')) continue;
    const rel = join(entry.parentPath, entry.name).slice(storageDir.length + 1);
    const parts = rel.split('/');
    if (parts.length !== 3) continue;
    const thumbDir = join(storageDir, parts[0]!, parts[1]!, `thumbs_${parts[2]}`);
    let thumbs: string[] = [];
    try {
      thumbs = readdirSync(thumbDir).filter((n) => !n.endsWith('.attrs'));
    } catch {}
    out.push({ path: rel, thumbs });
  }
  return out;
}

testWithFixture('every stored file and pre-generated thumb is served byte-identical', async () => {
  const files = storedFiles();
  expect(files.length).toBeGreaterThan(10);
  let thumbsServed = 0;
  for (const { path, thumbs } of files) {
    const res = await server.fetch(`/api/files/${path}?token=${fileToken}`);
    expect([path, res.status]).toEqual([path, 200]);
    const body = new Uint8Array(await res.arrayBuffer());
    expect(body).toEqual(new Uint8Array(readFileSync(join(storageDir, path))));
    const name = path.split('/')[2]!;
    const attrs = JSON.parse(readFileSync(join(storageDir, `${path}.attrs`), 'utf8'));
    if (!name.endsWith('.svg'))
      expect(res.headers.get('content-type')).toBe(attrs['user.content_type']);
    for (const thumb of thumbs) {
      const size = thumb.slice(0, thumb.length - name.length - 1);
      const t = await server.fetch(`/api/files/${path}?thumb=${size}&token=${fileToken}`);
      const expected = readFileSync(join(storageDir, path.replace(name, `thumbs_${name}`), thumb));
      expect([path, size, t.status]).toEqual([path, size, 200]);
      expect(new Uint8Array(await t.arrayBuffer())).toEqual(new Uint8Array(expected));
      thumbsServed++;
    }
  }
  expect(thumbsServed).toBeGreaterThanOrEqual(8);
});

testWithFixture('the fixture SVG is served as SVG, as an attachment', async () => {
  const svg = storedFiles().find((f) => f.path.endsWith('.svg'))!;
  const res = await server.fetch(`/api/files/${svg.path}?token=${fileToken}`);
  expect(res.headers.get('content-type')).toBe('image/svg+xml');
  expect(res.headers.get('content-disposition')).toStartWith('attachment; filename=');
  await res.arrayBuffer();
});

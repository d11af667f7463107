// Local disk storage under `<dataDir>/storage`, with PocketBase's `.attrs` JSON sidecars (collections-and-fields.md §7.3).
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import {
  isSafeKey,
  OCTET_STREAM,
  type PutOptions,
  type Storage,
  type StoredFile,
} from './storage.ts';

interface Attrs {
  'user.content_type'?: string;
}

export class LocalStorage implements Storage {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The absolute path of a safe key, or null: the resolved path must stay under the root. */
  private path(key: string): string | null {
    if (!isSafeKey(key)) return null;
    const p = resolve(this.root, key);
    return p.startsWith(this.root + sep) ? p : null;
  }

  async put(key: string, data: Uint8Array, options: PutOptions): Promise<void> {
    const p = this.path(key);
    if (!p) throw new Error(`unsafe storage key: ${JSON.stringify(key)}`);
    await mkdir(dirname(p), { recursive: true });
    // Write then rename: a reader never sees half a file.
    const tmp = `${p}.${Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString('hex')}.tmp`;
    await writeFile(tmp, data);
    await writeFile(`${p}.attrs`, JSON.stringify(attrsFor(data, options)));
    await rename(tmp, p);
  }

  async get(key: string): Promise<StoredFile | null> {
    const p = this.path(key);
    if (!p) return null;
    const info = await stat(p).catch(() => null);
    if (!info?.isFile()) return null;
    const blob = Bun.file(p);
    return {
      blob,
      // A Bun.file body lets Bun use sendfile.
      body: (start, end) =>
        start === undefined ? blob : blob.slice(start, (end ?? info.size - 1) + 1),
      size: info.size,
      contentType: await readContentType(`${p}.attrs`),
      modified: info.mtime,
    };
  }

  async exists(key: string): Promise<boolean> {
    const p = this.path(key);
    if (!p) return false;
    return (await stat(p).catch(() => null))?.isFile() ?? false;
  }

  async delete(key: string): Promise<void> {
    const p = this.path(key);
    if (!p) return;
    await unlink(p).catch(() => {});
    await unlink(`${p}.attrs`).catch(() => {});
  }

  async deletePrefix(prefix: string): Promise<void> {
    const p = this.path(prefix.replace(/\/+$/, ''));
    if (!p) return;
    await rm(p, { recursive: true, force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const dir = prefix.replace(/\/+$/, '');
    const p = this.path(dir);
    if (!p) return [];
    const entries = await readdir(p, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isFile() && !e.name.endsWith('.attrs') && !e.name.endsWith('.tmp'))
      .map((e) => `${dir}/${join(e.parentPath, e.name).slice(p.length + 1)}`)
      .sort();
  }
}

/** The sidecar PocketBase (gocloud fileblob) writes next to every file. */
function attrsFor(data: Uint8Array, options: PutOptions): Record<string, unknown> {
  return {
    'user.cache_control': '',
    'user.content_disposition': '',
    'user.content_encoding': '',
    'user.content_language': '',
    'user.content_type': options.contentType,
    'user.metadata': options.originalName ? { 'original-filename': options.originalName } : null,
    md5: new Bun.CryptoHasher('md5').update(data).digest('base64'),
  };
}

/** A missing or unreadable sidecar means `application/octet-stream` (§7.3). */
async function readContentType(path: string): Promise<string> {
  try {
    const attrs = JSON.parse(await readFile(path, 'utf8')) as Attrs;
    const t = attrs['user.content_type'];
    return typeof t === 'string' && t ? t : OCTET_STREAM;
  } catch {
    return OCTET_STREAM;
  }
}

export const localStorageRoot = (dataDir: string): string => join(dataDir, 'storage');

// S3-compatible storage through Bun's built-in client; same key layout as local disk under the bucket,
// content type kept as the object's Content-Type (collections-and-fields.md §7.3).
import { S3Client } from 'bun';
import type { S3Config } from '../core/settings/defaults.ts';
import {
  isSafeKey,
  OCTET_STREAM,
  type PutOptions,
  type Storage,
  type StoredFile,
} from './storage.ts';

/** Bun's S3 client for PocketBase's S3 settings (files and backups share the shape). */
export function s3Client(config: S3Config): S3Client {
  return new S3Client({
    accessKeyId: config.accessKey,
    secretAccessKey: config.secret,
    bucket: config.bucket,
    region: config.region,
    endpoint: config.endpoint,
    virtualHostedStyle: !config.forcePathStyle,
  });
}

export class S3Storage implements Storage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(config: S3Config) {
    this.client = s3Client(config);
  }

  async put(key: string, data: Uint8Array, options: PutOptions): Promise<void> {
    if (!isSafeKey(key)) throw new Error(`unsafe storage key: ${JSON.stringify(key)}`);
    await this.client.write(key, data, { type: options.contentType });
  }

  async get(key: string): Promise<StoredFile | null> {
    if (!isSafeKey(key)) return null;
    const file = this.client.file(key);
    try {
      const info = await file.stat();
      return {
        blob: file,
        // `new Response(s3File, init)` is refused by Bun (it wants to redirect): stream it instead.
        body: (start, end) =>
          (start === undefined ? file : file.slice(start, (end ?? info.size - 1) + 1)).stream(),
        size: info.size,
        contentType: info.type || OCTET_STREAM,
        modified: info.lastModified,
      };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    return isSafeKey(key) && (await this.client.exists(key));
  }

  async delete(key: string): Promise<void> {
    if (!isSafeKey(key)) return;
    await this.client.delete(key).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }

  async deletePrefix(prefix: string): Promise<void> {
    await Promise.all((await this.list(prefix)).map((key) => this.delete(key)));
  }

  async list(prefix: string): Promise<string[]> {
    const dir = `${prefix.replace(/\/+$/, '')}/`;
    if (!isSafeKey(dir.slice(0, -1))) return [];
    const keys: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client.list({ prefix: dir, continuationToken });
      for (const o of page.contents ?? []) keys.push(o.key);
      continuationToken = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (continuationToken);
    return keys.sort();
  }
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'NoSuchKey' || code === 'ERR_S3_FILE_NOT_FOUND' || code === 'NotFound';
}

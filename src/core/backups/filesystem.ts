// Where backups are kept: `<dataDir>/backups` on disk, or the bucket of `settings.backups.s3`.

import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Client } from 'bun';
import { s3Client } from '../../storage/s3.ts';
import type { S3Config } from '../settings/defaults.ts';

export interface BackupFile {
  key: string;
  size: number;
  modified: Date;
}

export interface BackupFilesystem {
  /** Every backup, sorted by key (PocketBase's listing order). */
  list(): Promise<BackupFile[]>;
  stat(key: string): Promise<BackupFile | null>;
  /** Stores the finished archive at `localPath` (which it may move away) under `key`. */
  putFile(localPath: string, key: string): Promise<void>;
  /** A download body; null when missing. */
  read(key: string): Promise<(BackupFile & { body: Blob | ReadableStream }) | null>;
  /** Copies the archive to `localPath` (restore reads it from local disk). */
  download(key: string, localPath: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export const BACKUPS_DIR = 'backups';

/** Keys are plain file names: no separators, no dot files (so no `..`). */
export function isSafeBackupKey(key: string): boolean {
  return key.length > 0 && key.length <= 255 && !/[/\\\0]/.test(key) && !key.startsWith('.');
}

class LocalBackups implements BackupFilesystem {
  constructor(private readonly dir: string) {}

  private path(key: string): string {
    if (!isSafeBackupKey(key)) throw new Error(`unsafe backup key ${JSON.stringify(key)}`);
    return join(this.dir, key);
  }

  async list(): Promise<BackupFile[]> {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const files: BackupFile[] = [];
    for (const name of names.sort()) {
      const file = await this.stat(name);
      if (file) files.push(file);
    }
    return files;
  }

  async stat(key: string): Promise<BackupFile | null> {
    if (!isSafeBackupKey(key)) return null;
    try {
      const st = statSync(this.path(key));
      return st.isFile() ? { key, size: st.size, modified: st.mtime } : null;
    } catch {
      return null;
    }
  }

  async putFile(localPath: string, key: string): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    // The temp file lives in the data dir, so this is a rename: never a half-written backup listed.
    renameSync(localPath, this.path(key));
  }

  async read(key: string) {
    const file = await this.stat(key);
    return file ? { ...file, body: Bun.file(this.path(key)) } : null;
  }

  async download(key: string, localPath: string): Promise<void> {
    await copyFile(this.path(key), localPath);
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key));
  }
}

class S3Backups implements BackupFilesystem {
  private readonly client: S3Client;

  constructor(config: S3Config) {
    this.client = s3Client(config);
  }

  async list(): Promise<BackupFile[]> {
    const files: BackupFile[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.list({ continuationToken: token });
      for (const o of page.contents ?? []) {
        if (!isSafeBackupKey(o.key)) continue;
        files.push({ key: o.key, size: o.size ?? 0, modified: new Date(o.lastModified ?? 0) });
      }
      token = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (token);
    return files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async stat(key: string): Promise<BackupFile | null> {
    if (!isSafeBackupKey(key)) return null;
    try {
      const st = await this.client.file(key).stat();
      return { key, size: st.size, modified: st.lastModified };
    } catch {
      return null;
    }
  }

  async putFile(localPath: string, key: string): Promise<void> {
    // Bun uploads a large file in parts.
    await this.client.write(key, Bun.file(localPath), { type: 'application/zip' });
    await rm(localPath, { force: true });
  }

  async read(key: string) {
    const file = await this.stat(key);
    return file ? { ...file, body: this.client.file(key).stream() } : null;
  }

  async download(key: string, localPath: string): Promise<void> {
    await Bun.write(localPath, this.client.file(key));
  }

  async delete(key: string): Promise<void> {
    await this.client.delete(key);
  }
}

export function backupFilesystem(dataDir: string, s3: S3Config): BackupFilesystem {
  return s3.enabled ? new S3Backups(s3) : new LocalBackups(join(dataDir, BACKUPS_DIR));
}

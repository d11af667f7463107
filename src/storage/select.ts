// Picks the file storage from settings (`s3.enabled` → S3, else local disk), rebuilt when the settings change.
import type { S3Config } from '../core/settings/defaults.ts';
import { LocalStorage, localStorageRoot } from './local.ts';
import { S3Storage } from './s3.ts';
import type { Storage } from './storage.ts';

export class StorageSelector {
  private current: { signature: string; storage: Storage } | null = null;

  constructor(private readonly dataDir: string) {}

  /** Cheap on the hot path: one JSON.stringify of a small object per call. */
  for(s3: S3Config): Storage {
    const signature = s3.enabled ? JSON.stringify(s3) : 'local';
    if (this.current?.signature !== signature) {
      const storage = s3.enabled
        ? new S3Storage(s3)
        : new LocalStorage(localStorageRoot(this.dataDir));
      this.current = { signature, storage };
    }
    return this.current.storage;
  }
}

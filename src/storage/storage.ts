// The one interface every file backend implements (local disk, S3), keyed like PocketBase's storage
// layout: `<collectionId>/<recordId>/<filename>` (collections-and-fields.md §7).

/** What a stored object looks like to a reader: a lazy Blob (sliceable for ranges) and its metadata. */
export interface StoredFile {
  /** Lazy: nothing is read until sliced/streamed. */
  blob: Blob;
  /** A response body for bytes `start..end` (inclusive; whole file without arguments). */
  body(start?: number, end?: number): BodyInit;
  size: number;
  /** From the `.attrs` sidecar (local) or the object's Content-Type (S3); `application/octet-stream` if unknown. */
  contentType: string;
  modified: Date;
}

export interface PutOptions {
  contentType: string;
  /** The client's filename, kept as `user.metadata.original-filename` like PocketBase. */
  originalName?: string;
}

export interface Storage {
  readonly kind: 'local' | 's3';
  put(key: string, data: Uint8Array, options: PutOptions): Promise<void>;
  /** null when missing (or when the key is not a safe storage key). */
  get(key: string): Promise<StoredFile | null>;
  exists(key: string): Promise<boolean>;
  /** Missing keys are not an error. */
  delete(key: string): Promise<void>;
  /** Everything under `prefix/` (a record's or a collection's directory). */
  deletePrefix(prefix: string): Promise<void>;
  /** Keys of the files under `prefix/` (sidecars excluded), sorted. */
  list(prefix: string): Promise<string[]>;
}

/**
 * `a/b/c.png` → true; `../x`, `/abs`, `a//b`, `a/./b`, `a\\b`, NUL → false. Every backend checks keys
 * with this before touching anything, whatever the caller already checked.
 */
export function isSafeKey(key: string): boolean {
  if (key.length === 0 || key.length > 1024) return false;
  if (key.includes('\0') || key.includes('\\')) return false;
  if (key.startsWith('/')) return false;
  return key.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

export const OCTET_STREAM = 'application/octet-stream';

// The core's file storage (local disk or S3, per `settings.s3`) and PocketBase's key layout (collections-and-fields.md §7).
import { StorageSelector } from '../../storage/select.ts';
import type { Storage } from '../../storage/storage.ts';
import type { Core } from '../core.ts';

const selectors = new WeakMap<Core, StorageSelector>();

/** The backend the current settings select; a settings change switches it for the next call. */
export function fileStorage(core: Core): Storage {
  let selector = selectors.get(core);
  if (!selector) {
    selector = new StorageSelector(core.dataDir);
    selectors.set(core, selector);
  }
  return selector.for(core.settings.get().s3);
}

/** `<collectionId>/<recordId>` */
export const recordDir = (collectionId: string, recordId: string) => `${collectionId}/${recordId}`;

/** `<collectionId>/<recordId>/<filename>` */
export const fileKey = (collectionId: string, recordId: string, filename: string) =>
  `${collectionId}/${recordId}/${filename}`;

/** `<collectionId>/<recordId>/thumbs_<filename>/<size>_<filename>` */
export const thumbKey = (collectionId: string, recordId: string, filename: string, size: string) =>
  `${collectionId}/${recordId}/thumbs_${filename}/${size}_${filename}`;

/** Deletes a file and its cached thumbs; failures are logged, never thrown (the write already committed). */
export async function deleteStoredFiles(
  core: Core,
  collectionId: string,
  recordId: string,
  names: string[],
): Promise<void> {
  const storage = fileStorage(core);
  await Promise.all(
    names.map(async (name) => {
      try {
        await storage.delete(fileKey(collectionId, recordId, name));
        await storage.deletePrefix(`${recordDir(collectionId, recordId)}/thumbs_${name}`);
      } catch (err) {
        console.error(`failed to delete file ${collectionId}/${recordId}/${name}:`, err);
      }
    }),
  );
}

/** A record's or a collection's whole directory, after its delete committed. */
export async function deleteStoredPrefix(core: Core, prefix: string): Promise<void> {
  try {
    await fileStorage(core).deletePrefix(prefix);
  } catch (err) {
    console.error(`failed to delete files under ${prefix}:`, err);
  }
}

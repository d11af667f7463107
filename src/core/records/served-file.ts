// Which stored file a `GET /api/files/{collection}/{record}/{filename}` serves (http-api.md §5.2):
// lookup, protected-file rule check, thumbnail choice. HTTP headers are the route's job.
import type { StoredFile } from '../../storage/storage.ts';
import type { Collection, Field } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { NotFoundError } from '../errors.ts';
import { listOpt } from '../fields/option-rules.ts';
import { fileKey, fileStorage } from '../files/storage.ts';
import { THUMB_SOURCE_TYPES } from '../files/thumb-size.ts';
import { getThumb } from '../files/thumbs.ts';
import type { AuthInfo } from './auth-info.ts';
import { findRecordById } from './find.ts';
import { asList } from './modifiers.ts';
import type { RecordData } from './record.ts';
import { checkRule } from './rules.ts';
import { ownerOfViewFile } from './view-file-owner.ts';

export interface ServeFileInput {
  collection: string;
  recordId: string;
  filename: string;
  /** The record behind a valid `?token=` file token (superuser IP rules already applied), or null. */
  auth: AuthInfo | null;
  thumb: string;
}

export interface ServedFile {
  file: StoredFile;
  /** The name for Content-Disposition: the file's, or `<size>_<file>` for a thumb. */
  name: string;
  /** Whose file it is (what `onFileDownloadRequest` handlers see). */
  collection: Collection;
  record: RecordData;
  field: Field;
}

/** Every failure is a 404: unknown collection/record/file, a failed protected-file rule. */
export async function resolveServedFile(core: Core, input: ServeFileInput): Promise<ServedFile> {
  const c = core.collections.find(input.collection);
  if (!c) throw new NotFoundError();
  const record = findRecordById(core, c, input.recordId);
  if (!record) throw new NotFoundError();
  const field = c.fields.find(
    (f) => f.type === 'file' && asList(record[f.name]).includes(input.filename),
  );
  if (!field) throw new NotFoundError();
  if (field.protected === true) {
    const meta = { method: 'GET', context: 'protectedFile' };
    if (!checkRule(core, c, c.viewRule, input.auth, record, meta)) throw new NotFoundError();
  }
  // The access check above is the view's own (its row, its viewRule); the bytes are the owner's.
  const owner =
    c.type === 'view'
      ? ownerOfViewFile(core, c, field.name, input.filename)
      : { collection: c, record, field };
  if (!owner) throw new NotFoundError();
  const stored = fileKey(owner.collection.id, owner.record.id, input.filename);
  const original = await fileStorage(core).get(stored);
  if (!original) throw new NotFoundError();
  if (input.thumb && isThumbAllowed(owner.field, input.thumb, original.contentType)) {
    const thumb = await getThumb(core, {
      collectionId: owner.collection.id,
      recordId: owner.record.id,
      filename: input.filename,
      size: input.thumb,
      original,
    });
    if (thumb)
      return {
        file: thumb,
        name: `${input.thumb}_${input.filename}`,
        collection: c,
        record,
        field,
      };
  }
  return { file: original, name: input.filename, collection: c, record, field };
}

/** `100x100` or one of the field's `thumbs`, and an image type thumbs are made from. */
function isThumbAllowed(field: Field, size: string, contentType: string): boolean {
  if (size !== '100x100' && !listOpt(field, 'thumbs').includes(size)) return false;
  return THUMB_SOURCE_TYPES.has(contentType.split(';', 1)[0]!.trim().toLowerCase());
}

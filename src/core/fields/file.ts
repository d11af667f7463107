// `file`: stored filename(s). Uploading and deleting is the files pipeline's job; this module holds
// the definition rules and the value/upload checks with PocketBase's codes (§4.2, http-api §3.6).
import type { Field } from '../collections/model.ts';
import { type ErrorData, type FieldError, fieldError } from '../errors.ts';
import type { FieldKind } from './kind.ts';
import {
  boolOpt,
  checkTypes,
  collect,
  firstError,
  intOpt,
  listOpt,
  MAX_SAFE_JSON_INT,
  maxRule,
  minRule,
  requiredError,
  sizeRule,
} from './option-rules.ts';
import {
  isMultipleSelection,
  normalizeSelection,
  selectionColumn,
  selectionFromDb,
  selectionList,
  selectionToDb,
  selectionZero,
} from './selection.ts';

/** `maxSize: 0` means 5 MiB per file. */
export const DEFAULT_FILE_MAX_SIZE = 5 << 20;
/** `WxH`, `WxHt`, `WxHb`, `WxHf`; `0x0*` is forbidden separately. */
export const THUMB_SIZE = /^(\d+)x(\d+)(t|b|f)?$/;
const LOOSE_FILENAME = /^[^./\\][^/\\]+$/;

export const fileMaxSize = (field: Field): number =>
  intOpt(field, 'maxSize') > 0 ? intOpt(field, 'maxSize') : DEFAULT_FILE_MAX_SIZE;

export const fileMaxSelect = (field: Field): number => Math.max(intOpt(field, 'maxSelect'), 1);

function checkThumbs(field: Field): ErrorData | null {
  const errors: ErrorData = {};
  listOpt(field, 'thumbs').forEach((t, i) => {
    if (['0x0', '0x0t', '0x0b', '0x0f'].includes(t)) {
      errors[String(i)] = fieldError('validation_not_in_invalid', 'Must not be in list.');
    } else if (!THUMB_SIZE.test(t)) {
      errors[String(i)] = fieldError('validation_match_invalid', 'Must be in a valid format.');
    }
  });
  return Object.keys(errors).length > 0 ? errors : null;
}

/** Submitted plain filenames must already belong to the record (new files come as uploads). */
export function checkKeptFilenames(submitted: unknown, original: unknown): FieldError | null {
  const known = new Set(selectionList(original));
  const invalidFiles = selectionList(submitted)
    .filter((name) => !known.has(name))
    .map((name) => name.slice(0, 250));
  if (invalidFiles.length === 0) return null;
  // Go prints the slice: `[a.txt b.txt]`.
  return fieldError('validation_invalid_file', `Invalid new files: [${invalidFiles.join(' ')}].`, {
    invalidFiles,
  });
}

export interface UploadInfo {
  /** The generated storage name (`photo_a1b2c3d4e5.png`). */
  name: string;
  /** The client's filename, used in messages. */
  originalName: string;
  size: number;
  /** Sniffed MIME type (parameters such as `; charset=utf-8` are ignored). */
  mimeType: string;
}

/** One uploaded file against the field's name/size/type limits. */
/** Other names the sniffer PocketBase uses accepts for a type (its aliases). */
const MIME_ALIASES: Record<string, string[]> = {
  'audio/mpeg': ['audio/x-mpeg', 'audio/mp3', 'audio/mpeg3', 'audio/x-mpeg-3'],
  'audio/wav': ['audio/x-wav', 'audio/vnd.wave', 'audio/wave'],
  'audio/flac': ['audio/x-flac'],
  'audio/x-m4a': ['audio/m4a'],
  'application/gzip': ['application/x-gzip', 'application/x-gunzip', 'application/gzipped'],
  'application/zip': ['application/x-zip', 'application/x-zip-compressed'],
  'application/pdf': ['application/x-pdf'],
  'image/x-icon': ['image/vnd.microsoft.icon'],
  'text/csv': ['text/x-csv'],
  'text/rtf': ['application/rtf'],
  'text/vcard': ['text/x-vcard'],
  'video/x-msvideo': ['video/avi', 'video/msvideo'],
  'application/x-tar': ['application/tar'],
};

function mimeNames(type: string): string[] {
  return [type, ...(MIME_ALIASES[type] ?? [])];
}

export function checkUpload(field: Field, upload: UploadInfo): FieldError | null {
  const nameLength = [...upload.name].length;
  if (nameLength < 1 || nameLength > 150) {
    return fieldError('validation_length_out_of_range', 'The length must be between 1 and 150.', {
      min: 1,
      max: 150,
    });
  }
  if (!LOOSE_FILENAME.test(upload.name)) {
    return fieldError('validation_match_invalid', 'Must be in a valid format.');
  }
  const maxSize = fileMaxSize(field);
  if (upload.size > maxSize) {
    return fieldError(
      'validation_file_size_limit',
      `Failed to upload ${JSON.stringify(upload.originalName)} - the maximum allowed file size is ${maxSize} bytes.`,
      { file: upload.originalName, maxSize },
    );
  }
  const allowed = listOpt(field, 'mimeTypes');
  if (allowed.length > 0) {
    const base = (t: string) => t.split(';', 1)[0]!.trim().toLowerCase();
    const names = mimeNames(base(upload.mimeType));
    if (!allowed.some((t) => names.includes(base(t)))) {
      return fieldError(
        'validation_invalid_mime_type',
        `${JSON.stringify(upload.name)} mime type must be one of: ${allowed.join(', ')}.`,
      );
    }
  }
  return null;
}

export const fileField: FieldKind = {
  type: 'file',
  defaultOptions: () => ({
    help: '',
    maxSelect: 0,
    maxSize: 0,
    mimeTypes: [],
    protected: false,
    required: false,
    thumbs: [],
  }),
  validateOptions(field) {
    const typeErrors = checkTypes(field, {
      maxSelect: 'int',
      maxSize: 'int',
      mimeTypes: 'stringList',
      thumbs: 'stringList',
      protected: 'bool',
      required: 'bool',
    });
    const maxSelect = intOpt(field, 'maxSelect');
    const errors = collect({
      maxSelect: firstError(
        () => minRule(maxSelect, 0),
        () => maxRule(maxSelect, MAX_SAFE_JSON_INT),
      ),
      maxSize: sizeRule(intOpt(field, 'maxSize')),
      thumbs: checkThumbs(field),
    });
    return { ...errors, ...typeErrors };
  },
  columnType: selectionColumn,
  isMultiple: isMultipleSelection,
  zeroValue: selectionZero,
  normalize: normalizeSelection,
  /** Required and count only; see `checkKeptFilenames` and `checkUpload` for the rest. */
  validate(value, field) {
    const files = selectionList(value);
    if (files.length === 0) return boolOpt(field, 'required') ? requiredError() : null;
    const maxSelect = fileMaxSelect(field);
    if (files.length > maxSelect) {
      return fieldError('validation_too_many_files', `The maximum allowed files is ${maxSelect}.`, {
        maxSelect,
      });
    }
    return null;
  },
  toDb: selectionToDb,
  fromDb: selectionFromDb,
};

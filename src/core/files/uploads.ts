// File values in a record write (http-api.md §3.6): File parts become generated names before anything
// else sees the body; the bytes are written inside the transaction and removed again if it fails.
import type { Collection, Field } from '../collections/model.ts';
import type { Core } from '../core.ts';
import type { UploadInfo } from '../fields/file.ts';
import { uploadName } from './names.ts';
import { sniffMime } from './sniff.ts';
import { deleteStoredFiles, fileKey, fileStorage } from './storage.ts';

export interface PendingUpload extends UploadInfo {
  field: string;
  data: Uint8Array;
}

/** Generated name → upload, for the files of one write. */
export type Uploads = Map<string, PendingUpload>;

/** `avatar`, `avatar+`, `+avatar` name a file field's uploads; `avatar-` only removes names. */
function uploadField(c: Collection, key: string): Field | null {
  const name = key.endsWith('+') ? key.slice(0, -1) : key.startsWith('+') ? key.slice(1) : key;
  const field = c.fields.find((f) => f.name === name);
  return field?.type === 'file' ? field : null;
}

/**
 * `{avatar: File}` → `{avatar: "photo_a1b2c3d4e5.png"}` plus the pending upload. With kept names and
 * new files under the same plain key, the kept names come first and the new ones after (§3.6).
 */
export async function extractUploads(
  c: Collection,
  body: Record<string, unknown>,
): Promise<{ body: Record<string, unknown>; uploads: Uploads }> {
  const uploads: Uploads = new Map();
  let out = body;
  for (const [key, value] of Object.entries(body)) {
    const values = Array.isArray(value) ? value : [value];
    if (!values.some((v) => v instanceof Blob)) continue;
    if (out === body) out = { ...body };
    const field = uploadField(c, key);
    if (!field || key.endsWith('-')) {
      out[key] = values.filter((v) => !(v instanceof Blob));
      continue;
    }
    const kept = values.filter((v) => !(v instanceof Blob));
    const names: string[] = [];
    for (const v of values) {
      if (!(v instanceof Blob)) continue;
      const data = new Uint8Array(await v.arrayBuffer());
      const sniffed = sniffMime(data);
      // Go's multipart FileName() keeps only the base name: `../../x/photo.txt` → `photo.txt`.
      const baseName =
        v instanceof File
          ? (String(v.name ?? '')
              .split('/')
              .pop() ?? '')
          : '';
      const originalName = baseName || 'blob';
      const name = uploadName(originalName, sniffed.ext);
      uploads.set(name, {
        field: field.name,
        name,
        originalName,
        size: data.byteLength,
        mimeType: sniffed.mimeType,
        data,
      });
      names.push(name);
    }
    out[key] = [...kept.map(String), ...names];
  }
  return { body: out, uploads };
}

/** Names of file fields in `record`: what the write keeps. */
export function fileNames(c: Collection, record: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  for (const f of c.fields) {
    if (f.type !== 'file') continue;
    const v = record[f.name];
    for (const n of Array.isArray(v) ? v : v ? [v] : []) out.add(String(n));
  }
  return out;
}

/** Writes the uploads the final record kept; returns the names written (to undo on failure). */
export async function writeUploads(
  core: Core,
  c: Collection,
  recordId: string,
  uploads: Uploads,
  kept: Set<string>,
): Promise<string[]> {
  const storage = fileStorage(core);
  const written: string[] = [];
  try {
    for (const u of uploads.values()) {
      if (!kept.has(u.name)) continue;
      written.push(u.name);
      await storage.put(fileKey(c.id, recordId, u.name), u.data, {
        contentType: u.mimeType,
        originalName: u.originalName,
      });
    }
  } catch (err) {
    await deleteStoredFiles(core, c.id, recordId, written);
    throw err;
  }
  return written;
}

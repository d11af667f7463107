// Thumbs and links of stored files, and previews of picked files, shared by the file input and cell.
import type { RecordModel } from 'pocketbase';
import { useEffect, useMemo } from 'preact/hooks';
import { pb } from '../../pb.ts';
import type { Field } from '../types.ts';
import { fileTokenFor, waitsForToken } from './token.ts';

/** Extensions the server can make thumbs of (PocketBase: png, jpg, gif, webp). */
export const THUMBABLE = /\.(png|jpe?g|gif|webp)$/i;

/** URL of a stored file (or its thumb); protected fields get the shared file token. */
export function useFileUrl(field: Field) {
  const token = fileTokenFor(field.protected === true);
  const pendingToken = waitsForToken(field.protected === true, token);
  return (record: RecordModel, name: string, thumb?: string): string | null =>
    pendingToken
      ? null
      : pb.files.getURL(record, name, { ...(thumb ? { thumb } : {}), ...(token ? { token } : {}) });
}

/** An object URL for a picked file, revoked when the preview goes away. */
export function LocalPreview({ file }: { file: File }) {
  const url = useMemo(() => URL.createObjectURL(file), [file]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return <img alt="" src={url} />;
}

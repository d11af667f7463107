// Thumb size syntax (http-api.md §5.2): `WxH` center crop, `WxHt` top, `WxHb` bottom, `WxHf` fit, `0xH`/`Wx0` keep ratio.
import { THUMB_SIZE } from '../fields/file.ts';

export interface ThumbSize {
  width: number;
  height: number;
  mode: 'center' | 'top' | 'bottom' | 'fit';
}

/** Largest side we generate: bigger requests are served the original. */
const MAX_SIDE = 4096;

/** `100x50t` → {100, 50, top}; `0x0`, junk or huge sizes → null. */
export function parseThumbSize(size: string): ThumbSize | null {
  const m = THUMB_SIZE.exec(size);
  if (!m) return null;
  const width = Number(m[1]);
  const height = Number(m[2]);
  if ((width === 0 && height === 0) || width > MAX_SIDE || height > MAX_SIDE) return null;
  const mode = m[3] === 't' ? 'top' : m[3] === 'b' ? 'bottom' : m[3] === 'f' ? 'fit' : 'center';
  return { width, height, mode };
}

/** Content types thumbs are made from (§5.2). */
export const THUMB_SOURCE_TYPES = new Set([
  'image/png',
  'image/jpg',
  'image/jpeg',
  'image/gif',
  'image/webp',
]);

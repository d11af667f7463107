// Thumbnails (http-api.md §5.2): generated once into `thumbs_<file>/<size>_<file>`, concurrent requests
// for the same thumb share one generation, a bounded pool keeps image work from starving the API.
import { availableParallelism } from 'node:os';
import type { StoredFile } from '../../storage/storage.ts';
import type { Core } from '../core.ts';
import { WorkPool } from './pool.ts';
import { fileStorage, thumbKey } from './storage.ts';
import { parseThumbSize, type ThumbSize } from './thumb-size.ts';

/** Decompression bombs: refused from the header's dimensions, before any pixel is decoded. */
export const MAX_THUMB_SOURCE_PIXELS = 50_000_000;
const GENERATE_TIMEOUT_MS = 30_000;

type Sharp = typeof import('sharp').default;
let sharpLoading: Promise<Sharp> | null = null;

/** Loaded on the first thumbnail, not at startup (it maps an 18 MB native library). */
function loadSharp(): Promise<Sharp> {
  sharpLoading ??= import('sharp').then((m) => m.default);
  return sharpLoading;
}

const pool = new WorkPool(Math.max(1, Math.min(4, availableParallelism())), 256);
const inFlight = new Map<string, Promise<StoredFile | null>>();

export interface ThumbRequest {
  collectionId: string;
  recordId: string;
  filename: string;
  /** Already checked to be `100x100` or one of the field's thumbs. */
  size: string;
  original: StoredFile;
}

/** The cached or freshly made thumb; null means "serve the original" (bad size, bomb, failure, busy). */
export async function getThumb(core: Core, req: ThumbRequest): Promise<StoredFile | null> {
  const size = parseThumbSize(req.size);
  if (!size) return null;
  const storage = fileStorage(core);
  const key = thumbKey(req.collectionId, req.recordId, req.filename, req.size);
  const cached = await storage.get(key);
  if (cached) return cached;
  const flightKey = `${storage.kind}:${key}`;
  let flight = inFlight.get(flightKey);
  if (!flight) {
    flight = pool
      .run(() => generate(core, key, size, req.original))
      .catch((err: unknown) => {
        console.error(`thumb ${key} failed:`, err instanceof Error ? err.message : err);
        return null;
      })
      .finally(() => inFlight.delete(flightKey));
    inFlight.set(flightKey, flight);
  }
  return flight;
}

async function generate(
  core: Core,
  key: string,
  size: ThumbSize,
  original: StoredFile,
): Promise<StoredFile | null> {
  const input = new Uint8Array(await original.blob.arrayBuffer());
  const out = await withTimeout(render(input, size, original.contentType), GENERATE_TIMEOUT_MS);
  if (!out) return null;
  const storage = fileStorage(core);
  await storage.put(key, out.data, { contentType: out.contentType });
  return storage.get(key);
}

/** JPEG/GIF/WebP keep their format (WebP beyond PocketBase, which makes PNG); the rest become PNG. */
export async function render(
  input: Uint8Array,
  size: ThumbSize,
  contentType: string,
): Promise<{ data: Uint8Array; contentType: string } | null> {
  const sharp = await loadSharp();
  const opts = { limitInputPixels: MAX_THUMB_SOURCE_PIXELS, pages: 1 } as const;
  // Header only: a bomb is turned away here, quietly, before sharp decodes a pixel.
  const meta = await sharp(input, { limitInputPixels: false, pages: 1 }).metadata();
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w <= 0 || h <= 0 || w * h > MAX_THUMB_SOURCE_PIXELS) return null;
  // Turned upright first, as PocketBase's decoder does with the EXIF orientation.
  let img = sharp(input, opts).rotate();
  const width = size.width || null;
  const height = size.height || null;
  if (!width || !height) img = img.resize(width, height);
  else if (size.mode === 'fit')
    img = img.resize(width, height, { fit: 'inside', withoutEnlargement: true });
  else
    img = img.resize(width, height, {
      fit: 'cover',
      position: size.mode === 'center' ? 'centre' : size.mode,
    });
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (type === 'image/jpeg' || type === 'image/jpg')
    return { data: await img.jpeg({ quality: 85 }).toBuffer(), contentType: 'image/jpeg' };
  if (type === 'image/gif') return { data: await img.gif().toBuffer(), contentType: 'image/gif' };
  // Everything else, webp included, becomes PNG (http-api.md §5.2).
  return { data: await img.png().toBuffer(), contentType: 'image/png' };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: Timer | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

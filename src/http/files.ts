// Files API (http-api.md §5): `POST /api/files/token` and `GET /api/files/{collection}/{record}/{filename}`.
import { fileTokenAuth, issueFileToken } from '../core/auth/tokens/file-token.ts';
import { resolveServedFile } from '../core/records/served-file.ts';
import type { StoredFile } from '../storage/storage.ts';
import { fieldsOf, pickedResponse } from './fields-param.ts';
import { type RequestHooks, runRequestHook } from './request-hooks.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

/** Shown in the browser rather than downloaded (PocketBase's inlineServeContentTypes). */
const INLINE_TYPES = new Set([
  'image/png',
  'image/jpg',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/x-icon',
  'image/bmp',
  'video/webm',
  'video/mp4',
  'video/3gpp',
  'video/quicktime',
  'video/x-ms-wmv',
  'audio/basic',
  'audio/aiff',
  'audio/mpeg',
  'audio/midi',
  'audio/mp3',
  'audio/wave',
  'audio/wav',
  'audio/x-wav',
  'audio/x-mpeg',
  'audio/x-m4a',
  'audio/aac',
  'application/pdf',
  'application/x-pdf',
]);

/** Types sniffers get wrong, taken from the extension instead (§5.2). */
const BY_EXTENSION: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

const CSP = "default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; sandbox";
const CACHE_CONTROL = 'max-age=2592000, stale-while-revalidate=86400';

/** Go's strconv.ParseBool truthy values. */
const isTruthy = (v: string | null) =>
  v !== null && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v);

function contentTypeOf(file: StoredFile, name: string): string {
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot).toLowerCase() : '';
  return BY_EXTENSION[ext] ?? file.contentType;
}

/** `bytes=0-99`, `bytes=100-`, `bytes=-50` → [start, end] inclusive; 'bad' when unsatisfiable; null = whole file. */
export function parseRange(header: string | null, size: number): [number, number] | 'bad' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null; // multiple or malformed ranges: the whole file, as a plain 200
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'bad';
    return [Math.max(0, size - n), size - 1];
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || start > end) return 'bad';
  return [start, end];
}

function fileResponse(request: Request, file: StoredFile, name: string, download: boolean) {
  const type = contentTypeOf(file, name);
  const baseType = type.split(';', 1)[0]!.trim().toLowerCase();
  const disposition = !download && INLINE_TYPES.has(baseType) ? 'inline' : 'attachment';
  const headers = new Headers({
    'content-type': type,
    'content-disposition': `${disposition}; filename=${name}`,
    'content-security-policy': CSP,
    'cache-control': CACHE_CONTROL,
    'last-modified': file.modified.toUTCString(),
    'accept-ranges': 'bytes',
  });
  // Conditional requests in the order of Go's http.ServeContent (what PocketBase serves with),
  // on the modification time truncated to seconds as HTTP dates are.
  const modified = Math.floor(file.modified.getTime() / 1000) * 1000;
  const unmodifiedSince = Date.parse(request.headers.get('if-unmodified-since') ?? '');
  if (!Number.isNaN(unmodifiedSince) && modified > unmodifiedSince) {
    return new Response(null, { status: 412, headers });
  }
  const since = Date.parse(request.headers.get('if-modified-since') ?? '');
  if (!Number.isNaN(since) && modified <= since) {
    headers.delete('content-type');
    return new Response(null, { status: 304, headers });
  }
  // If-Range: the range only holds for the version the client has (no ETags here: a date).
  const ifRange = request.headers.get('if-range');
  const rangeHolds = ifRange === null || Date.parse(ifRange) === modified;
  const range = rangeHolds ? parseRange(request.headers.get('range'), file.size) : null;
  if (range === 'bad') {
    headers.set('content-range', `bytes */${file.size}`);
    return new Response(null, { status: 416, headers });
  }
  if (range) {
    const [start, end] = range;
    headers.set('content-range', `bytes ${start}-${end}/${file.size}`);
    headers.set('content-length', String(end - start + 1));
    return new Response(file.body(start, end), { status: 206, headers });
  }
  headers.set('content-length', String(file.size));
  return new Response(file.body(), { status: 200, headers });
}

export const filesRoutes = (ctx: RequestState, hooks: RequestHooks): RouteInit[] => {
  const { core } = ctx;
  return [
    {
      method: 'POST',
      pattern: '/api/files/token',
      group: 'files',
      handler: (e) =>
        runRequestHook(hooks.onFileTokenRequest, e, { token: '' }, async (x) => {
          x.token = await issueFileToken(core, await e.resolveAuth());
          return pickedResponse({ token: x.token }, fieldsOf(e.request));
        }),
    },
    {
      method: 'GET',
      pattern: '/api/files/{collection}/{record}/{filename}',
      group: 'files',
      rateLimit: { tags: ['file'], bucket: 'file' },
      embeddable: true,
      handler: async (e) => {
        const { params, request } = e;
        const q = e.query;
        const auth = await fileTokenAuth(core, q.get('token') ?? '', e.realIP());
        const served = await resolveServedFile(core, {
          collection: params.collection!,
          recordId: params.record!,
          filename: params.filename!,
          auth,
          thumb: q.get('thumb') ?? '',
        });
        const download = isTruthy(q.get('download'));
        const hook = hooks.onFileDownloadRequest;
        if (hook.length === 0) return fileResponse(request, served.file, served.name, download);
        const fields = {
          collection: served.collection,
          record: served.record,
          fileField: served.field,
          servedName: served.name,
        };
        return runRequestHook(hook, e, fields, (x) =>
          fileResponse(request, served.file, x.servedName, download),
        );
      },
    },
  ];
};

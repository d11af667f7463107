// Streams one file part of a multipart body to disk without holding the body in memory (backup uploads).
//
// `--B\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\n\r\n<bytes>\r\n--B--`
// → `<bytes>` written to `dest`, `{ filename: 'a.zip', size }`; other parts are skipped.
import { open } from 'node:fs/promises';
import { BadRequestError } from '../core/errors.ts';

const READ_FAILED = 'Failed to read the submitted data.';
/** Part headers longer than this are not a form an SDK sends. */
const MAX_HEADER_BYTES = 16 * 1024;

/** `multipart/form-data; boundary="x y"` → `x y`; null when not multipart. */
function boundaryOf(contentType: string): string | null {
  const [type, ...params] = contentType.split(';');
  if (type?.trim().toLowerCase() !== 'multipart/form-data') return null;
  for (const p of params) {
    const m = /^\s*boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(p);
    if (m) return m[1] ?? m[2] ?? null;
  }
  return null;
}

/** The `name` and `filename` of a part's Content-Disposition. */
function disposition(headers: string): { name: string; filename: string | null } {
  const line = headers.split('\r\n').find((l) => /^content-disposition:/i.test(l)) ?? '';
  const param = (key: string) => {
    const m = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(line);
    return m ? m[1]!.replace(/\\(.)/g, '$1') : null;
  };
  return { name: param('name') ?? '', filename: param('filename') };
}

/**
 * Writes the first part named `field` that carries a file name to `dest`. Null when the body is not
 * multipart or holds no such part; a malformed body is a 400.
 */
export async function saveFilePart(
  request: Request,
  field: string,
  dest: string,
): Promise<{ filename: string; size: number } | null> {
  const boundary = boundaryOf(request.headers.get('content-type') ?? '');
  if (!boundary || !request.body) return null;
  // The body starts with `--B`; a leading CRLF makes every delimiter `\r\n--B`.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buf: Buffer = Buffer.from('\r\n');
  let state: 'delimiter' | 'after' | 'headers' | 'body' | 'done' = 'delimiter';
  let target: Awaited<ReturnType<typeof open>> | null = null;
  let saved: { filename: string; size: number } | null = null;
  let writing = false;
  try {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      buf = buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([buf, chunk]);
      for (let progressed = true; progressed && state !== 'done'; ) {
        progressed = false;
        if (state === 'delimiter') {
          const at = buf.indexOf(delimiter);
          if (at < 0) {
            buf = buf.subarray(Math.max(0, buf.length - delimiter.length + 1));
            continue;
          }
          buf = buf.subarray(at + delimiter.length);
          state = 'after';
          progressed = true;
        } else if (state === 'after') {
          if (buf.length < 2) continue;
          const next = buf.subarray(0, 2).toString('latin1');
          if (next === '--') state = 'done';
          else if (next === '\r\n') {
            buf = buf.subarray(2);
            state = 'headers';
          } else throw new BadRequestError(READ_FAILED);
          progressed = true;
        } else if (state === 'headers') {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) {
            if (buf.length > MAX_HEADER_BYTES) throw new BadRequestError(READ_FAILED);
            continue;
          }
          const { name, filename } = disposition(buf.subarray(0, end).toString('utf8'));
          buf = buf.subarray(end + 4);
          writing = saved === null && name === field && filename !== null;
          if (writing) {
            target = await open(dest, 'w');
            saved = { filename: filename!, size: 0 };
          }
          state = 'body';
          progressed = true;
        } else if (state === 'body') {
          const at = buf.indexOf(delimiter);
          // Without a delimiter, all but its possible beginning at the end is content.
          const cut = at >= 0 ? at : Math.max(0, buf.length - delimiter.length + 1);
          if (writing && cut > 0) {
            await target!.write(buf.subarray(0, cut));
            saved!.size += cut;
          }
          buf = buf.subarray(cut);
          if (at >= 0) {
            if (writing) {
              await target!.close();
              target = null;
              writing = false;
            }
            state = 'delimiter';
            progressed = true;
          }
        }
      }
      if (state === 'done') break;
    }
  } finally {
    await target?.close();
  }
  if (state !== 'done') throw new BadRequestError(READ_FAILED); // cut short
  return saved;
}

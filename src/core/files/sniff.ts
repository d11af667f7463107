// MIME type from content, not the name (http-api.md §3.6), close to gabriel-vasile/mimetype as PocketBase
// uses it: magic numbers for binary formats, then text, SVG, HTML, XML and JSON told apart.

export interface Sniffed {
  /** e.g. `image/png`, `text/plain; charset=utf-8`. */
  mimeType: string;
  /** With the dot (`.png`), '' when unknown. */
  ext: string;
}

const SNIFF_LEN = 3072;
const OCTET: Sniffed = { mimeType: 'application/octet-stream', ext: '' };

const startsWith = (b: Uint8Array, sig: number[], at = 0) =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));

/** Binary formats by magic number, most common first. */
function sniffBinary(b: Uint8Array): Sniffed | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { mimeType: 'image/png', ext: '.png' };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { mimeType: 'image/jpeg', ext: '.jpg' };
  const head = ascii(b, 0, 16);
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a'))
    return { mimeType: 'image/gif', ext: '.gif' };
  if (head.startsWith('RIFF')) {
    const kind = ascii(b, 8, 12);
    if (kind === 'WEBP') return { mimeType: 'image/webp', ext: '.webp' };
    if (kind === 'WAVE') return { mimeType: 'audio/wav', ext: '.wav' };
    if (kind === 'AVI ') return { mimeType: 'video/x-msvideo', ext: '.avi' };
  }
  if (head.startsWith('%PDF-')) return { mimeType: 'application/pdf', ext: '.pdf' };
  if (head.startsWith('BM') && b.length >= 26) return { mimeType: 'image/bmp', ext: '.bmp' };
  if (startsWith(b, [0, 0, 1, 0])) return { mimeType: 'image/x-icon', ext: '.ico' };
  if (head.startsWith('II*\0') || head.startsWith('MM\0*'))
    return { mimeType: 'image/tiff', ext: '.tiff' };
  if (ascii(b, 4, 8) === 'ftyp') return sniffFtyp(ascii(b, 8, 12));
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) {
    return ascii(b, 0, 64).includes('webm')
      ? { mimeType: 'video/webm', ext: '.webm' }
      : { mimeType: 'video/x-matroska', ext: '.mkv' };
  }
  if (head.startsWith('ID3') || startsWith(b, [0xff, 0xfb]) || startsWith(b, [0xff, 0xf3]))
    return { mimeType: 'audio/mpeg', ext: '.mp3' };
  if (head.startsWith('OggS')) return { mimeType: 'audio/ogg', ext: '.ogg' };
  if (head.startsWith('fLaC')) return { mimeType: 'audio/flac', ext: '.flac' };
  if (startsWith(b, [0x1f, 0x8b])) return { mimeType: 'application/gzip', ext: '.gz' };
  if (startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))
    return { mimeType: 'application/x-7z-compressed', ext: '.7z' };
  if (head.startsWith('Rar!')) return { mimeType: 'application/x-rar-compressed', ext: '.rar' };
  if (head.startsWith('PK\x03\x04')) return sniffZip(b);
  if (startsWith(b, [0x00, 0x61, 0x73, 0x6d]))
    return { mimeType: 'application/wasm', ext: '.wasm' };
  if (head.startsWith('SQLite format 3\0'))
    return { mimeType: 'application/vnd.sqlite3', ext: '.sqlite' };
  if (head.startsWith('BZh')) return { mimeType: 'application/x-bzip2', ext: '.bz2' };
  if (head.startsWith('wOFF')) return { mimeType: 'font/woff', ext: '.woff' };
  if (head.startsWith('wOF2')) return { mimeType: 'font/woff2', ext: '.woff2' };
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return { mimeType: 'application/x-ole-storage', ext: '' };
  if (ascii(b, 257, 262) === 'ustar') return { mimeType: 'application/x-tar', ext: '.tar' };
  return null;
}

function sniffFtyp(brand: string): Sniffed {
  if (brand === 'avif') return { mimeType: 'image/avif', ext: '.avif' };
  if (brand === 'heic' || brand === 'heix') return { mimeType: 'image/heic', ext: '.heic' };
  if (brand === 'qt  ') return { mimeType: 'video/quicktime', ext: '.mov' };
  if (brand.startsWith('3gp')) return { mimeType: 'video/3gpp', ext: '.3gp' };
  if (brand === 'M4A ') return { mimeType: 'audio/x-m4a', ext: '.m4a' };
  return { mimeType: 'video/mp4', ext: '.mp4' };
}

/** OpenDocument and EPUB zips open with a stored `mimetype` entry naming their type. */
const ZIP_MIMETYPES: Record<string, string> = {
  'application/epub+zip': '.epub',
  'application/vnd.oasis.opendocument.text': '.odt',
  'application/vnd.oasis.opendocument.spreadsheet': '.ods',
  'application/vnd.oasis.opendocument.presentation': '.odp',
  'application/vnd.oasis.opendocument.graphics': '.odg',
};

/** Office Open XML files are zips whose first entries name their part folders. */
function sniffZip(b: Uint8Array): Sniffed {
  if (ascii(b, 30, 38) === 'mimetype') {
    const declared = Object.keys(ZIP_MIMETYPES).find((m) => ascii(b, 38, 38 + m.length) === m);
    if (declared) return { mimeType: declared, ext: ZIP_MIMETYPES[declared]! };
  }
  const text = ascii(b, 0, SNIFF_LEN);
  if (text.includes('word/'))
    return {
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ext: '.docx',
    };
  if (text.includes('xl/'))
    return {
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ext: '.xlsx',
    };
  if (text.includes('ppt/'))
    return {
      mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      ext: '.pptx',
    };
  return { mimeType: 'application/zip', ext: '.zip' };
}

/** Control bytes other than whitespace/ESC mean binary, as mimetype's text check. */
function isText(b: Uint8Array): boolean {
  for (const c of b) {
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d && c !== 0x1b)
      return false;
    if (c === 0x7f) return false;
  }
  return true;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** `<svg …>` (possibly after an XML prolog/comments) → SVG; HTML tags → HTML; `<?xml` → XML; JSON; else plain. */
function sniffText(b: Uint8Array, full: Uint8Array): Sniffed | null {
  let text: string;
  try {
    // Sniff window may cut a multi-byte character: decode leniently at the tail.
    text = new TextDecoder('utf-8').decode(b);
    decoder.decode(b.subarray(0, Math.max(0, b.length - 4)));
  } catch {
    return null;
  }
  const t = text.replace(/^\uFEFF/, '').trimStart();
  const lower = t.slice(0, 512).toLowerCase();
  if (/<svg[\s>]/i.test(t.slice(0, SNIFF_LEN)) && (lower.startsWith('<') || lower === ''))
    return { mimeType: 'image/svg+xml', ext: '.svg' };
  if (
    /^<(!doctype html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|!--)[\s>]/.test(
      lower,
    )
  )
    return { mimeType: 'text/html; charset=utf-8', ext: '.html' };
  if (lower.startsWith('<?xml')) return { mimeType: 'text/xml; charset=utf-8', ext: '.xml' };
  if ((t.startsWith('{') || t.startsWith('[')) && full.length <= 1 << 20 && isJson(full))
    return { mimeType: 'application/json', ext: '.json' };
  if (t.startsWith('{\\rtf')) return { mimeType: 'text/rtf', ext: '.rtf' };
  if (/^BEGIN:VCALENDAR\r?\n/i.test(t)) return { mimeType: 'text/calendar', ext: '.ics' };
  if (/^BEGIN:VCARD\r?\n/i.test(t)) return { mimeType: 'text/vcard', ext: '.vcf' };
  if (isDelimited(text, ',')) return { mimeType: 'text/csv', ext: '.csv' };
  if (isDelimited(text, '\t')) return { mimeType: 'text/tab-separated-values', ext: '.tsv' };
  return { mimeType: 'text/plain; charset=utf-8', ext: '.txt' };
}

/**
 * CSV/TSV as the sniffer PocketBase uses judges it: at least two complete records, every one with
 * the same number (> 1) of fields; quoted fields may hold the delimiter, quotes and newlines.
 */
function isDelimited(text: string, delimiter: string): boolean {
  const records: number[] = [];
  let fields = 1;
  let quoted = false;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      }
      continue;
    }
    if (c === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else if (c === delimiter) {
      fields++;
      atFieldStart = true;
    } else if (c === '\n') {
      records.push(fields);
      fields = 1;
      atFieldStart = true;
      if (records.length >= 10) break;
    } else if (c !== '\r') atFieldStart = false;
  }
  // A last line without its newline may be cut by the sniff window: only complete records count.
  return records.length >= 2 && records[0]! > 1 && records.every((n) => n === records[0]);
}

function isJson(b: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder().decode(b));
    return true;
  } catch {
    return false;
  }
}

export function sniffMime(data: Uint8Array): Sniffed {
  if (data.length === 0) return { mimeType: 'text/plain; charset=utf-8', ext: '.txt' };
  const head = data.subarray(0, SNIFF_LEN);
  const binary = sniffBinary(head);
  if (binary) return binary;
  if (isText(head)) return sniffText(head, data) ?? OCTET;
  return OCTET;
}

// Upload naming (http-api.md §3.6) and content sniffing, table-driven.
import { expect, test } from 'bun:test';
import { extractExtension, uploadName } from '../../../src/core/files/names.ts';
import { sniffMime } from '../../../src/core/files/sniff.ts';
import { parseThumbSize } from '../../../src/core/files/thumb-size.ts';

test.each([
  ['test.txt', '.txt'],
  ['test.tar.gz', '.tar.gz'],
  ['test.a.tar.gz', '.tar.gz'],
  ['README', ''],
])('extractExtension(%p) = %p', (name, ext) => expect(extractExtension(name)).toBe(ext));

test.each([
  ['My Photo.png', '', /^my_photo_[a-z0-9]{10}\.png$/],
  ['x.png', '', /^x[a-z0-9]{10}_[a-z0-9]{10}\.png$/],
  ['noext', '.svg', /^noext_[a-z0-9]{10}\.svg$/],
  ['../../evil/x.p/hp', '', /^[a-z0-9_]+_[a-z0-9]{10}[\w.]*$/],
  ['a'.repeat(300) + '.txt', '', new RegExp(`^${'a'.repeat(100)}_[a-z0-9]{10}\\.txt$`)],
  ['file.' + 'x'.repeat(40), '', new RegExp(`^file_[a-z0-9]{10}\\.${'x'.repeat(20)}$`)],
  ['bad\0name.t\0xt', '', /^bad_name_[a-z0-9]{10}\.txt$/],
])('uploadName(%p)', (name, sniffed, pattern) => {
  const out = uploadName(name, sniffed);
  expect(out).toMatch(pattern);
  expect(out).not.toContain('/');
});

const enc = (s: string) => new TextEncoder().encode(s);
test.each([
  [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'image/png'],
  [new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
  [enc('GIF89a....'), 'image/gif'],
  [enc('RIFF\0\0\0\0WEBPVP8 '), 'image/webp'],
  [enc('%PDF-1.7\n'), 'application/pdf'],
  [enc('hello world\n'), 'text/plain; charset=utf-8'],
  [enc('zażółć gęślą jaźń'), 'text/plain; charset=utf-8'],
  [enc('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'image/svg+xml'],
  [enc('<?xml version="1.0"?>\n<!-- c -->\n<svg viewBox="0 0 1 1"/>'), 'image/svg+xml'],
  [enc('<?xml version="1.0"?><note/>'), 'text/xml; charset=utf-8'],
  [enc('<!DOCTYPE html><html></html>'), 'text/html; charset=utf-8'],
  [enc('{"a": [1, 2]}'), 'application/json'],
  [enc('{not json'), 'text/plain; charset=utf-8'],
  [new Uint8Array([0, 1, 2, 3, 200, 201]), 'application/octet-stream'],
  [enc('name,age,city\nalice,30,paris\nbob,25,rome\n'), 'text/csv'],
  [enc('a,b\n"x, y",2\n"two\nlines",3\n'), 'text/csv'],
  [enc('a\tb\n1\t2\n'), 'text/tab-separated-values'],
  [enc('hello, world\nno commas here\n'), 'text/plain; charset=utf-8'],
  [enc('one,line only\n'), 'text/plain; charset=utf-8'],
  [enc('{\\rtf1\\ansi hi}'), 'text/rtf'],
  [enc('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n'), 'text/calendar'],
  [enc('BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n'), 'text/vcard'],
  [enc('SQLite format 3\0\u0010\0'), 'application/vnd.sqlite3'],
  [enc('BZh91AY&SY'), 'application/x-bzip2'],
  [enc('wOF2\0\u0001\0\0'), 'font/woff2'],
  [
    new Uint8Array([
      ...enc('PK\u0003\u0004'),
      ...new Uint8Array(26),
      ...enc('mimetypeapplication/epub+zip'),
    ]),
    'application/epub+zip',
  ],
  [
    new Uint8Array([...new Uint8Array(257).fill(0x41), ...enc('ustar\u000000')]),
    'application/x-tar',
  ],
])('sniffMime #%#', (bytes, type) => expect(sniffMime(bytes).mimeType).toBe(type));

test.each([
  ['100x100', { width: 100, height: 100, mode: 'center' }],
  ['70x50t', { width: 70, height: 50, mode: 'top' }],
  ['70x50b', { width: 70, height: 50, mode: 'bottom' }],
  ['70x50f', { width: 70, height: 50, mode: 'fit' }],
  ['0x50', { width: 0, height: 50, mode: 'center' }],
  ['0x0', null],
  ['100x100x', null],
  ['99999x1', null],
  ['-1x5', null],
])('parseThumbSize(%p)', (s, out) => expect(parseThumbSize(s)).toEqual(out as never));

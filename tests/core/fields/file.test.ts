import { describe, expect, test } from 'bun:test';
import { checkKeptFilenames, checkUpload, fileField } from '../../../src/core/fields/file.ts';
import { check, makeField, optionsCtx } from './field-helpers.ts';

const single = makeField('file', { maxSelect: 1 });
const multi = makeField('file', { maxSelect: 3 });

describe('file normalize', () => {
  test.each<[unknown, unknown, unknown]>([
    ['a.png', 'a.png', ['a.png']],
    [['a.png', 'b.png', 'a.png'], 'b.png', ['a.png', 'b.png']],
    ['["a.png","b.png"]', 'b.png', ['a.png', 'b.png']],
    ['', '', []],
    [null, '', []],
  ])('%p', (input, one, many) => {
    expect(fileField.normalize(input, single)).toEqual(one);
    expect(fileField.normalize(input, multi)).toEqual(many);
  });
});

describe('file validate', () => {
  test.each<[string, Record<string, unknown>, unknown, unknown]>([
    ['empty', { maxSelect: 1 }, '', null],
    [
      'required',
      { maxSelect: 1, required: true },
      '',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    [
      'required multi',
      { maxSelect: 2, required: true },
      [],
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    ['ok', { maxSelect: 2 }, ['a.png', 'b.png'], null],
    [
      'too many',
      { maxSelect: 2 },
      ['a', 'b', 'c'],
      {
        code: 'validation_too_many_files',
        message: 'The maximum allowed files is 2.',
        params: { maxSelect: 2 },
      },
    ],
  ])('%s', (_name, options, input, expected) => {
    expect(check('file', options, input)).toEqual(expected as never);
  });

  test('checkKeptFilenames: plain names must already be on the record', () => {
    expect(checkKeptFilenames(['a.png'], ['a.png', 'b.png'])).toBeNull();
    expect(checkKeptFilenames('a.png', 'a.png')).toBeNull();
    expect(checkKeptFilenames(['a.png', 'evil.png'], ['a.png'])).toEqual({
      code: 'validation_invalid_file',
      message: 'Invalid new files: [evil.png].',
      params: { invalidFiles: ['evil.png'] },
    });
    expect(checkKeptFilenames('x', '')).toMatchObject({ params: { invalidFiles: ['x'] } });
  });

  const upload = {
    name: 'photo_abcdefghij.png',
    originalName: 'photo.png',
    size: 100,
    mimeType: 'image/png',
  };

  test.each<[string, Record<string, unknown>, Partial<typeof upload>, unknown]>([
    ['ok', {}, {}, null],
    ['default max 5 MiB', {}, { size: 5 * 1024 * 1024 }, null],
    [
      'too big for default',
      {},
      { size: 5 * 1024 * 1024 + 1 },
      {
        code: 'validation_file_size_limit',
        message: 'Failed to upload "photo.png" - the maximum allowed file size is 5242880 bytes.',
        params: { file: 'photo.png', maxSize: 5242880 },
      },
    ],
    [
      'too big for maxSize',
      { maxSize: 10 },
      { size: 11 },
      {
        code: 'validation_file_size_limit',
        message: 'Failed to upload "photo.png" - the maximum allowed file size is 10 bytes.',
        params: { file: 'photo.png', maxSize: 10 },
      },
    ],
    ['mime ok', { mimeTypes: ['image/png', 'image/jpeg'] }, {}, null],
    [
      'mime with params ok',
      { mimeTypes: ['text/plain'] },
      { mimeType: 'text/plain; charset=utf-8' },
      null,
    ],
    [
      'mime rejected',
      { mimeTypes: ['image/jpeg'] },
      {},
      {
        code: 'validation_invalid_mime_type',
        message: '"photo_abcdefghij.png" mime type must be one of: image/jpeg.',
      },
    ],
    ['empty mimeTypes = any', { mimeTypes: [] }, { mimeType: 'application/x-anything' }, null],
    [
      'an alias of the sniffed type',
      { mimeTypes: ['audio/mp3'] },
      { mimeType: 'audio/mpeg' },
      null,
    ],
    ['csv sniffed as csv', { mimeTypes: ['text/csv'] }, { mimeType: 'text/csv' }, null],
    [
      'dot file name',
      {},
      { name: '.htaccess' },
      { code: 'validation_match_invalid', message: 'Must be in a valid format.' },
    ],
    [
      'slash in name',
      {},
      { name: 'a/b.png' },
      { code: 'validation_match_invalid', message: 'Must be in a valid format.' },
    ],
    [
      'name too long',
      {},
      { name: `${'a'.repeat(151)}` },
      {
        code: 'validation_length_out_of_range',
        message: 'The length must be between 1 and 150.',
        params: { min: 1, max: 150 },
      },
    ],
  ])('checkUpload %s', (_name, options, over, expected) => {
    expect(checkUpload(makeField('file', options), { ...upload, ...over })).toEqual(
      expected as never,
    );
  });
});

describe('file validateOptions', () => {
  test.each<[Record<string, unknown>, Record<string, unknown>]>([
    [{}, {}],
    [
      {
        maxSelect: 99,
        maxSize: 5242880,
        thumbs: ['100x100', '70x50t', '70x50b', '70x50f', '0x50', '70x0'],
      },
      {},
    ],
    [
      { thumbs: ['0x0'] },
      { thumbs: { '0': { code: 'validation_not_in_invalid', message: 'Must not be in list.' } } },
    ],
    [
      { thumbs: ['100x100', '0x0f', 'big', '10x10x'] },
      {
        thumbs: {
          '1': { code: 'validation_not_in_invalid' },
          '2': { code: 'validation_match_invalid', message: 'Must be in a valid format.' },
          '3': { code: 'validation_match_invalid' },
        },
      },
    ],
    [{ maxSelect: -1 }, { maxSelect: { code: 'validation_min_greater_equal_than_required' } }],
    [{ maxSize: -1 }, { maxSize: { code: 'validation_min_greater_equal_than_required' } }],
    [{ mimeTypes: 'image/png' }, { mimeTypes: { code: 'validation_unsupported_value_type' } }],
  ])('%p', (options, expected) => {
    const errors = fileField.validateOptions(makeField('file', options), optionsCtx());
    expect(Object.keys(errors).sort()).toEqual(Object.keys(expected).sort());
    expect(errors).toMatchObject(expected);
  });
});

describe('file db', () => {
  test.each<[unknown, unknown, unknown]>([
    ['test_d61b33QdDU.txt', 'test_d61b33QdDU.txt', ['test_d61b33QdDU.txt']],
    ['["a.txt","b.png"]', 'b.png', ['a.txt', 'b.png']],
    ['[]', '', []],
    ['', '', []],
    [null, '', []],
  ])('fromDb %p', (raw, one, many) => {
    expect(fileField.fromDb(raw, single)).toEqual(one);
    expect(fileField.fromDb(raw, multi)).toEqual(many);
  });
});

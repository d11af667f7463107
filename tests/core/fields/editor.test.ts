import { describe, expect, test } from 'bun:test';
import { editorField } from '../../../src/core/fields/editor.ts';
import { check, makeField, optionsCtx } from './field-helpers.ts';

describe('editor', () => {
  test.each<[string, Record<string, unknown>, unknown, unknown]>([
    ['empty', {}, '', null],
    ['html', {}, '<p>Hi</p>', null],
    ['number stringified', {}, 5, null],
    [
      'required',
      { required: true },
      '',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    [
      'maxSize bytes',
      { maxSize: 4 },
      'ééé',
      {
        code: 'validation_content_size_limit',
        message: 'The maximum allowed content size is 4 bytes.',
        params: { maxSize: 4 },
      },
    ],
    ['maxSize ok', { maxSize: 6 }, 'ééé', null],
    [
      'default 5 MiB',
      {},
      'a'.repeat(5 * 1024 * 1024 + 1),
      {
        code: 'validation_content_size_limit',
        message: 'The maximum allowed content size is 5242880 bytes.',
        params: { maxSize: 5242880 },
      },
    ],
    ['default 5 MiB ok', {}, 'a'.repeat(5 * 1024 * 1024), null],
  ])('%s', (_name, options, input, expected) => {
    expect(check('editor', options, input)).toEqual(expected as never);
  });

  test.each<[Record<string, unknown>, Record<string, unknown>]>([
    [{}, {}],
    [{ maxSize: 10, convertURLs: true }, {}],
    [{ maxSize: -5 }, { maxSize: { code: 'validation_min_greater_equal_than_required' } }],
    [{ convertURLs: 'yes' }, { convertURLs: { code: 'validation_unsupported_value_type' } }],
  ])('validateOptions %p', (options, expected) => {
    const errors = editorField.validateOptions(makeField('editor', options), optionsCtx());
    expect(Object.keys(errors)).toEqual(Object.keys(expected));
    expect(errors).toMatchObject(expected);
  });
});

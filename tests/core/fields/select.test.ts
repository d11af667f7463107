import { describe, expect, test } from 'bun:test';
import { selectField } from '../../../src/core/fields/select.ts';
import { check, makeField, optionsCtx } from './field-helpers.ts';

const VALUES = ['a', 'b', 'c'];
const single = makeField('select', { values: VALUES, maxSelect: 1 });
const multi = makeField('select', { values: VALUES, maxSelect: 2 });

describe('select normalize (§4.3)', () => {
  test.each<[unknown, unknown, unknown]>([
    ['a', 'a', ['a']],
    [['a', 'b'], 'b', ['a', 'b']],
    [['a', 'a', '', 'b', 'a'], 'b', ['a', 'b']],
    ['["a","b"]', 'b', ['a', 'b']],
    ['["b","b"]', 'b', ['b']],
    ['', '', []],
    [[], '', []],
    [null, '', []],
    [undefined, '', []],
    [['', ''], '', []],
    [1, '1', ['1']],
  ])('%p → single %p, multiple %p', (input, one, many) => {
    expect(selectField.normalize(input, single)).toEqual(one);
    expect(selectField.normalize(input, multi)).toEqual(many);
  });

  test('maxSelect 0 is single', () => {
    expect(selectField.normalize(['a', 'c'], makeField('select', { values: VALUES }))).toBe('c');
  });
});

describe('select validate', () => {
  test.each<[string, Record<string, unknown>, unknown, unknown]>([
    ['empty single', { maxSelect: 1 }, '', null],
    ['empty multi', { maxSelect: 2 }, [], null],
    [
      'required single',
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
    ['valid single', { maxSelect: 1 }, 'b', null],
    ['valid multi', { maxSelect: 2 }, ['a', 'c'], null],
    [
      'invalid value',
      { maxSelect: 1 },
      'z',
      { code: 'validation_invalid_value', message: 'Invalid value z.', params: { value: 'z' } },
    ],
    [
      'invalid in multi',
      { maxSelect: 3 },
      ['a', 'z'],
      { code: 'validation_invalid_value', message: 'Invalid value z.', params: { value: 'z' } },
    ],
    [
      'case sensitive',
      { maxSelect: 1 },
      'A',
      { code: 'validation_invalid_value', message: 'Invalid value A.', params: { value: 'A' } },
    ],
    [
      'too many',
      { maxSelect: 2 },
      ['a', 'b', 'c'],
      {
        code: 'validation_too_many_values',
        message: 'Select no more than 2.',
        params: { maxSelect: 2 },
      },
    ],
    ['duplicates do not count', { maxSelect: 2 }, ['a', 'a', 'b'], null],
  ])('%s', (_name, options, input, expected) => {
    expect(check('select', { values: VALUES, ...options }, input)).toEqual(expected as never);
  });

  test('too many is reported for a raw list on a single field', () => {
    expect(
      selectField.validate(['a', 'b'], single, {
        collection: optionsCtx().collection,
        isNew: true,
        original: undefined,
      }),
    ).toMatchObject({
      code: 'validation_too_many_values',
      params: { maxSelect: 1 },
    });
  });
});

describe('select validateOptions', () => {
  test.each<[Record<string, unknown>, Record<string, unknown>]>([
    [{ values: VALUES }, {}],
    [{ values: VALUES, maxSelect: 3 }, {}],
    [{ values: null }, { values: { code: 'validation_required', message: 'Cannot be blank.' } }],
    [{ values: [] }, { values: { code: 'validation_required' } }],
    [
      { values: VALUES, maxSelect: 4 },
      {
        maxSelect: {
          code: 'validation_max_less_equal_than_required',
          message: 'Must be no greater than 3.',
          params: { threshold: 3 },
        },
      },
    ],
    [
      { values: VALUES, maxSelect: -1 },
      { maxSelect: { code: 'validation_min_greater_equal_than_required' } },
    ],
    [{ values: [], maxSelect: 1 }, { values: { code: 'validation_required' } }],
    [{ values: 'a,b' }, { values: { code: 'validation_unsupported_value_type' } }],
  ])('%p', (options, expected) => {
    const errors = selectField.validateOptions(makeField('select', options), optionsCtx());
    expect(Object.keys(errors).sort()).toEqual(Object.keys(expected).sort());
    expect(errors).toMatchObject(expected);
  });
});

describe('select db', () => {
  test.each<[unknown, unknown, unknown]>([
    ['optionB', 'optionB', ['optionB']],
    ['["optionB","optionC"]', 'optionC', ['optionB', 'optionC']],
    ['[]', '', []],
    ['', '', []],
    [null, '', []],
  ])('fromDb %p → single %p, multi %p', (raw, one, many) => {
    expect(selectField.fromDb(raw, single)).toEqual(one);
    expect(selectField.fromDb(raw, multi)).toEqual(many);
  });

  test('toDb', () => {
    expect(selectField.toDb('a', single)).toBe('a');
    expect(selectField.toDb(['a', 'b'], multi)).toBe('["a","b"]');
    expect(selectField.toDb([], multi)).toBe('[]');
    expect(selectField.toDb(['a', 'b'], single)).toBe('b');
  });
});

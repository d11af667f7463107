import { describe, expect, test } from 'bun:test';
import { numberField } from '../../../src/core/fields/number.ts';
import { check, makeField, optionsCtx } from './field-helpers.ts';

const field = makeField('number');

describe('number normalize (§4.3)', () => {
  test.each<[unknown, number]>([
    [12, 12],
    ['12.5', 12.5],
    ['-3', -3],
    ['1e3', 1000],
    ['', 0],
    ['abc', 0],
    [null, 0],
    [true, 1],
    [false, 0],
    [[5], 0],
  ])('%p → %p', (input, expected) => {
    expect(numberField.normalize(input, field)).toBe(expected);
  });

  test('"NaN" and "Inf" strings survive normalize and fail validation', () => {
    expect(check('number', {}, 'NaN')).toEqual({
      code: 'validation_not_a_number',
      message: 'The submitted number is not properly formatted.',
    });
    expect(check('number', {}, '-Inf')).toMatchObject({ code: 'validation_not_a_number' });
  });
});

describe('number validate (§4.4)', () => {
  test.each<[string, Record<string, unknown>, unknown, unknown]>([
    ['zero optional', {}, 0, null],
    [
      'required rejects 0',
      { required: true },
      0,
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    [
      'required rejects "0"',
      { required: true },
      '0',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    [
      'required rejects garbage (→ 0)',
      { required: true },
      'abc',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    ['required ok', { required: true }, -1, null],
    [
      'onlyInt rejects decimals',
      { onlyInt: true },
      1.5,
      { code: 'validation_only_int_constraint', message: 'Decimal numbers are not allowed.' },
    ],
    ['onlyInt ok', { onlyInt: true }, 2, null],
    [
      'min',
      { min: 5 },
      4,
      {
        code: 'validation_min_number_constraint',
        message: 'Must be greater or equal than 5.',
        params: { min: 5 },
      },
    ],
    ['min inclusive', { min: 5 }, 5, null],
    ['min is skipped for 0', { min: 5 }, 0, null],
    [
      'max',
      { max: 10 },
      11,
      {
        code: 'validation_max_number_constraint',
        message: 'Must be less or equal than 10.',
        params: { max: 10 },
      },
    ],
    ['max inclusive', { max: 10 }, 10, null],
    [
      'max decimal',
      { max: 1.5 },
      2,
      {
        code: 'validation_max_number_constraint',
        message: 'Must be less or equal than 1.5.',
        params: { max: 1.5 },
      },
    ],
    ['null min/max = no limit', { min: null, max: null }, -1e9, null],
    [
      'negative min',
      { min: -10 },
      -11,
      {
        code: 'validation_min_number_constraint',
        message: 'Must be greater or equal than -10.',
        params: { min: -10 },
      },
    ],
  ])('%s', (_name, options, input, expected) => {
    expect(check('number', options, input)).toEqual(expected as never);
  });

  test('internal string → unsupported type', () => {
    expect(
      numberField.validate('1', field, {
        collection: optionsCtx().collection,
        isNew: true,
        original: undefined,
      }),
    ).toMatchObject({
      code: 'validation_unsupported_value_type',
    });
  });
});

describe('number validateOptions', () => {
  test.each<[Record<string, unknown>, Record<string, unknown>]>([
    [{}, {}],
    [{ min: 1, max: 5 }, {}],
    [{ min: 5, max: 5 }, {}],
    // PocketBase 0.40.4's answers: its own rule, zero not skipped.
    [
      { min: 5, max: 1 },
      {
        max: {
          code: 'validation_min_number_constraint',
          message: 'Must be greater or equal than 5.',
          params: { min: 5 },
        },
      },
    ],
    [{ min: 5, max: 0 }, { max: { code: 'validation_min_number_constraint' } }],
    [
      { min: -5, max: -10 },
      { max: { code: 'validation_min_number_constraint', params: { min: -5 } } },
    ],
    [{ onlyInt: true, min: 1.5 }, { min: { code: 'validation_only_int_constraint' } }],
    [{ onlyInt: true, max: 2.5 }, { max: { code: 'validation_only_int_constraint' } }],
    [{ onlyInt: true, min: 1, max: 2 }, {}],
    [{ min: '1' }, { min: { code: 'validation_unsupported_value_type' } }],
    [{ onlyInt: 1 }, { onlyInt: { code: 'validation_unsupported_value_type' } }],
  ])('%p', (options, expected) => {
    const errors = numberField.validateOptions(makeField('number', options), optionsCtx());
    expect(Object.keys(errors).sort()).toEqual(Object.keys(expected).sort());
    expect(errors).toMatchObject(expected);
  });
});

describe('number db', () => {
  test.each<[unknown, number]>([
    [123456, 123456],
    [123456.0, 123456],
    [0.5, 0.5],
    [null, 0],
    ['12', 12],
    [' 7 ', 7],
    ['', 0],
    ['abc', 0],
    [10n, 10],
  ])('fromDb %p → %p', (raw, expected) => {
    const n = numberField.fromDb(raw, field);
    expect(n).toBe(expected);
    expect(JSON.stringify(n)).toBe(String(expected));
  });

  test('toDb', () => {
    expect(numberField.toDb(12.5, field)).toBe(12.5);
    expect(numberField.toDb(Number.NaN, field)).toBe(0);
  });
});

import { describe, expect, test } from 'bun:test';
import { dateField } from '../../../src/core/fields/date.ts';
import { check, makeField, optionsCtx } from './field-helpers.ts';

const field = makeField('date');

describe('date normalize (§4.3)', () => {
  test.each<[unknown, string]>([
    ['2024-05-01T13:45:07Z', '2024-05-01 13:45:07.000Z'],
    ['2024-05-01T13:45:07.123+02:00', '2024-05-01 11:45:07.123Z'],
    ['2024-05-01', '2024-05-01 00:00:00.000Z'],
    ['2024-05-01 13:45:07.123Z', '2024-05-01 13:45:07.123Z'],
    [1714571107, '2024-05-01 13:45:07.000Z'],
    ['garbage', ''],
    ['', ''],
    [null, ''],
    [true, ''],
  ])('%p → %p', (input, expected) => {
    expect(dateField.normalize(input, field)).toBe(expected);
  });
});

describe('date validate', () => {
  const range = { min: '2024-01-01 00:00:00.000Z', max: '2024-12-31 23:59:59.999Z' };
  test.each<[string, Record<string, unknown>, unknown, unknown]>([
    ['empty optional', {}, '', null],
    ['unparsable is silently empty', {}, 'nope', null],
    [
      'required empty',
      { required: true },
      '',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    [
      'required unparsable',
      { required: true },
      'nope',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    ['required ok', { required: true }, '2024-05-01', null],
    ['inside range', range, '2024-06-01', null],
    ['min inclusive', range, '2024-01-01 00:00:00.000Z', null],
    ['max inclusive', range, '2024-12-31 23:59:59.999Z', null],
    [
      'below min',
      range,
      '2023-12-31 23:59:59.999Z',
      {
        code: 'validation_min_greater_equal_than_required',
        message: 'Must be no less than 2024-01-01 00:00:00.000Z.',
        params: { threshold: '2024-01-01 00:00:00.000Z' },
      },
    ],
    [
      'above max',
      range,
      '2025-01-01',
      {
        code: 'validation_max_less_equal_than_required',
        message: 'Must be no greater than 2024-12-31 23:59:59.999Z.',
        params: { threshold: '2024-12-31 23:59:59.999Z' },
      },
    ],
    [
      'lenient bounds',
      { min: '2024-01-01' },
      '2023-06-01',
      {
        code: 'validation_min_greater_equal_than_required',
        message: 'Must be no less than 2024-01-01 00:00:00.000Z.',
        params: { threshold: '2024-01-01 00:00:00.000Z' },
      },
    ],
    ['unparsable bounds are ignored', { min: 'x', max: 'y' }, '1900-01-01', null],
  ])('%s', (_name, options, input, expected) => {
    expect(check('date', options, input)).toEqual(expected as never);
  });
});

describe('date validateOptions', () => {
  test.each<[Record<string, unknown>, Record<string, unknown>]>([
    [{}, {}],
    [{ min: '2024-01-01', max: '2024-02-01' }, {}],
    [{ min: '2024-01-01', max: '' }, {}],
    [
      { min: '2024-02-01', max: '2024-01-01' },
      { max: { code: 'validation_date_out_of_range', message: 'The date is out of range.' } },
    ],
    [{ min: 5 }, { min: { code: 'validation_unsupported_value_type' } }],
  ])('%p', (options, expected) => {
    const errors = dateField.validateOptions(makeField('date', options), optionsCtx());
    expect(Object.keys(errors)).toEqual(Object.keys(expected));
    expect(errors).toMatchObject(expected);
  });
});

describe('date db', () => {
  test.each<[unknown, string]>([
    ['2022-10-01 12:00:00.000Z', '2022-10-01 12:00:00.000Z'],
    ['', ''],
    [null, ''],
    ['2022-10-01T12:00:00Z', '2022-10-01 12:00:00.000Z'],
  ])('fromDb %p → %p', (raw, expected) => {
    expect(dateField.fromDb(raw, field)).toBe(expected);
  });

  test('toDb', () => {
    expect(dateField.toDb('2022-10-01 12:00:00.000Z', field)).toBe('2022-10-01 12:00:00.000Z');
    expect(dateField.toDb('', field)).toBe('');
  });
});

import { describe, expect, test } from 'bun:test';
import { boolField } from '../../../src/core/fields/bool.ts';
import { check, createCtx, makeField, optionsCtx } from './field-helpers.ts';

const field = makeField('bool');

describe('bool normalize (§4.3)', () => {
  test.each<[unknown, boolean]>([
    [true, true],
    ['true', true],
    ['1', true],
    [1, true],
    ['t', true],
    ['T', true],
    ['TRUE', true],
    ['True', true],
    [false, false],
    ['false', false],
    ['0', false],
    [0, false],
    ['', false],
    ['yes', false],
    ['on', false],
    [null, false],
    [undefined, false],
    [[true], false],
  ])('%p → %p', (input, expected) => {
    expect(boolField.normalize(input, field)).toBe(expected);
  });
});

describe('bool validate', () => {
  test.each<[Record<string, unknown>, unknown, unknown]>([
    [{}, false, null],
    [{}, true, null],
    [{ required: true }, false, { code: 'validation_required', message: 'Cannot be blank.' }],
    [{ required: true }, 'false', { code: 'validation_required', message: 'Cannot be blank.' }],
    [{ required: true }, true, null],
    [{ required: true }, '1', null],
  ])('%p %p', (options, input, expected) => {
    expect(check('bool', options, input)).toEqual(expected as never);
  });

  test('non-boolean internal value', () => {
    expect(boolField.validate(1, field, createCtx())).toMatchObject({
      code: 'validation_unsupported_value_type',
    });
  });

  test('options', () => {
    expect(boolField.validateOptions(field, optionsCtx())).toEqual({});
    expect(
      boolField.validateOptions(makeField('bool', { required: 'yes' }), optionsCtx()),
    ).toMatchObject({
      required: { code: 'validation_unsupported_value_type' },
    });
  });
});

describe('bool db', () => {
  test.each<[unknown, boolean]>([
    [1, true],
    [0, false],
    [null, false],
    ['1', true],
    ['0', false],
    ['true', true],
    ['TRUE', true],
    ['false', false],
    [1n, true],
  ])('fromDb %p → %p', (raw, expected) => {
    expect(boolField.fromDb(raw, field)).toBe(expected);
  });

  test('toDb stores 0/1', () => {
    expect(boolField.toDb(true, field)).toBe(1);
    expect(boolField.toDb(false, field)).toBe(0);
  });
});

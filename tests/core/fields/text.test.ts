import { describe, expect, test } from 'bun:test';
import { textField } from '../../../src/core/fields/text.ts';
import {
  check,
  createCtx,
  makeCollection,
  makeField,
  optionsCtx,
  updateCtx,
} from './field-helpers.ts';

const ID_OPTIONS = {
  name: 'id',
  primaryKey: true,
  required: true,
  min: 15,
  max: 15,
  pattern: '^[a-z0-9]+$',
  autogeneratePattern: '[a-z0-9]{15}',
};

describe('text normalize', () => {
  test.each<[unknown, string]>([
    ['abc', 'abc'],
    [12, '12'],
    [1.5, '1.5'],
    [true, 'true'],
    [null, ''],
    [undefined, ''],
    [['a'], ''],
    [{ a: 1 }, ''],
  ])('%p → %p', (input, expected) => {
    expect(textField.normalize(input, makeField('text'))).toBe(expected);
  });
});

describe('text validate', () => {
  test.each<[string, Record<string, unknown>, unknown, unknown]>([
    ['empty optional', {}, '', null],
    [
      'required empty',
      { required: true },
      '',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    ['required ok', { required: true }, 'x', null],
    [
      'min',
      { min: 3 },
      'ab',
      {
        code: 'validation_min_text_constraint',
        message: 'Must be at least 3 character(s).',
        params: { min: 3 },
      },
    ],
    ['min counts runes', { min: 3 }, 'é😀a', null],
    ['min skipped for empty', { min: 3 }, '', null],
    [
      'max',
      { max: 2 },
      'abc',
      {
        code: 'validation_max_text_constraint',
        message: 'Must be no more than 2 character(s).',
        params: { max: 2 },
      },
    ],
    ['max 0 ⇒ 5000 ok', {}, 'a'.repeat(5000), null],
    [
      'max 0 ⇒ 5000',
      {},
      'a'.repeat(5001),
      {
        code: 'validation_max_text_constraint',
        message: 'Must be no more than 5000 character(s).',
        params: { max: 5000 },
      },
    ],
    ['pattern ok', { pattern: '^[a-z]+$' }, 'abc', null],
    ['pattern unanchored', { pattern: '[0-9]' }, 'ab1c', null],
    [
      'pattern fail',
      { pattern: '^[a-z]+$' },
      'aB',
      { code: 'validation_invalid_format', message: 'Invalid value format.' },
    ],
    ['pattern (?i)', { pattern: '(?i)^abc$' }, 'ABC', null],
    ['username pattern', { pattern: '^[\\w][\\w\\.\\-]*$' }, 'john.doe-1', null],
    [
      'username pattern fail',
      { pattern: '^[\\w][\\w\\.\\-]*$' },
      '.john',
      { code: 'validation_invalid_format', message: 'Invalid value format.' },
    ],
    ['pattern [[:digit:]]', { pattern: '^[[:digit:]]+$' }, '123', null],
    ['pattern \\z', { pattern: '^abc\\z' }, 'abc', null],
  ])('%s', (_name, options, input, expected) => {
    expect(check('text', options, input)).toEqual(expected as never);
  });

  test('non-string internal value → unsupported type', () => {
    expect(textField.validate(5, makeField('text'), createCtx())).toMatchObject({
      code: 'validation_unsupported_value_type',
    });
  });
});

describe('text primary key', () => {
  const pk = (options: Record<string, unknown> = {}) =>
    makeField('text', { ...ID_OPTIONS, ...options });

  test.each<[string, Record<string, unknown>, string, unknown]>([
    ['default id ok', {}, 'abcdefghij12345', null],
    [
      'default id too short',
      {},
      'abc',
      {
        code: 'validation_min_text_constraint',
        message: 'Must be at least 15 character(s).',
        params: { min: 15 },
      },
    ],
    [
      'default id uppercase',
      {},
      'ABCDEFGHIJ12345',
      { code: 'validation_invalid_format', message: 'Invalid value format.' },
    ],
    [
      'pk is implicitly required',
      { required: false },
      '',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    [
      'custom pattern: dot',
      { pattern: '^.+$', min: 0, max: 0 },
      'a.b',
      {
        code: 'validation_forbidden_pk_character',
        message: "'.' is not a valid primary key character.",
        params: { ch: '.' },
      },
    ],
    [
      'custom pattern: space',
      { pattern: '^.+$', min: 0, max: 0 },
      'a b',
      {
        code: 'validation_forbidden_pk_character',
        message: "' ' is not a valid primary key character.",
        params: { ch: ' ' },
      },
    ],
    [
      'custom pattern: slash',
      { pattern: '^.+$', min: 0, max: 0 },
      'a/b',
      {
        code: 'validation_forbidden_pk_character',
        message: "'/' is not a valid primary key character.",
        params: { ch: '/' },
      },
    ],
    [
      'custom pattern: reserved',
      { pattern: '^.+$', min: 0, max: 0 },
      'con',
      {
        code: 'validation_reserved_pk',
        message: "The primary key 'CON' is reserved and cannot be used.",
        params: { reserved: 'CON' },
      },
    ],
    [
      'custom pattern: lpt9',
      { pattern: '^.+$', min: 0, max: 0 },
      'Lpt9',
      {
        code: 'validation_reserved_pk',
        message: "The primary key 'LPT9' is reserved and cannot be used.",
        params: { reserved: 'LPT9' },
      },
    ],
    ['custom pattern: ok', { pattern: '^.+$', min: 0, max: 0 }, 'My_Id-1', null],
    [
      'custom pattern: console is not reserved',
      { pattern: '^.+$', min: 0, max: 0 },
      'console',
      null,
    ],
  ])('%s', (_name, options, value, expected) => {
    expect(textField.validate(value, pk(options), createCtx())).toEqual(expected as never);
  });

  test('update: the id may not change', () => {
    expect(textField.validate('bbbbbbbbbbbbbbb', pk(), updateCtx('aaaaaaaaaaaaaaa'))).toEqual({
      code: 'validation_pk_change',
      message: 'The record primary key cannot be changed.',
    });
  });

  test('update: a stored id is not re-validated (legacy ids)', () => {
    expect(textField.validate('LEGACY.ID', pk(), updateCtx('LEGACY.ID'))).toBeNull();
  });

  test('a non-pk text field may change freely on update', () => {
    expect(textField.validate('new', makeField('text'), updateCtx('old'))).toBeNull();
  });
});

describe('text validateOptions', () => {
  const v = (options: Record<string, unknown>, ctx = optionsCtx()) =>
    textField.validateOptions(makeField('text', options), ctx);

  test('defaults and the default id field are valid', () => {
    expect(v({})).toEqual({});
    expect(v(ID_OPTIONS)).toEqual({});
    expect(
      v({
        name: 'tokenKey',
        min: 30,
        max: 60,
        autogeneratePattern: '[a-zA-Z0-9]{50}',
        required: true,
        hidden: true,
      }),
    ).toEqual({});
    expect(
      v({
        name: 'username',
        min: 3,
        max: 150,
        pattern: '^[\\w][\\w\\.\\-]*$',
        autogeneratePattern: 'users[0-9]{5}',
      }),
    ).toEqual({});
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'negative min',
      { min: -1 },
      {
        min: {
          code: 'validation_min_greater_equal_than_required',
          message: 'Must be no less than 0.',
          params: { threshold: 0 },
        },
      },
    ],
    [
      'max < min',
      { min: 5, max: 3 },
      {
        max: {
          code: 'validation_min_greater_equal_than_required',
          message: 'Must be no less than 5.',
          params: { threshold: 5 },
        },
      },
    ],
    ['max 0 with min is fine', { min: 5, max: 0 }, {}],
    ['invalid pattern', { pattern: '(' }, { pattern: { code: 'validation_invalid_regex' } }],
    [
      'lookahead is not RE2',
      { pattern: '(?=a)' },
      { pattern: { code: 'validation_invalid_regex' } },
    ],
    [
      'backreference is not RE2',
      { pattern: '(a)\\1' },
      { pattern: { code: 'validation_invalid_regex' } },
    ],
    [
      'bad autogenerate regex',
      { autogeneratePattern: '[' },
      { autogeneratePattern: { code: 'validation_invalid_regex' } },
    ],
    [
      'unsupported autogenerate',
      { autogeneratePattern: '(a|b)' },
      { autogeneratePattern: { code: 'validation_invalid_autogenerate_pattern' } },
    ],
    [
      'autogenerate conflicts with max',
      { max: 3, autogeneratePattern: '[a-z]{5}' },
      { autogeneratePattern: { code: 'validation_invalid_autogenerate_pattern_value' } },
    ],
    [
      'autogenerate conflicts with pattern',
      { pattern: '^[0-9]+$', autogeneratePattern: '[a-z]{5}' },
      { autogeneratePattern: { code: 'validation_invalid_autogenerate_pattern_value' } },
    ],
    [
      'pk must be named id',
      { ...ID_OPTIONS, name: 'key' },
      { name: { code: 'validation_in_invalid', message: 'The primary key must be named "id".' } },
    ],
    [
      'pk needs a pattern',
      { ...ID_OPTIONS, pattern: '', autogeneratePattern: '' },
      { pattern: { code: 'validation_required' } },
    ],
    [
      'pk cannot be hidden',
      { ...ID_OPTIONS, hidden: true },
      { hidden: { code: 'validation_empty', message: 'Must be blank.' } },
    ],
    [
      'pk must be required',
      { ...ID_OPTIONS, required: false },
      { required: { code: 'validation_required' } },
    ],
    [
      'wrong option types',
      { min: 'x', max: 1.5, pattern: 3, primaryKey: 'yes' },
      {
        min: { code: 'validation_unsupported_value_type' },
        max: { code: 'validation_unsupported_value_type' },
        pattern: { code: 'validation_unsupported_value_type' },
        primaryKey: { code: 'validation_unsupported_value_type' },
      },
    ],
  ])('%s', (_name, options, expected) => {
    const errors = v(options);
    expect(Object.keys(errors).sort()).toEqual(Object.keys(expected).sort());
    expect(errors).toMatchObject(expected);
  });

  test('composite primary keys are rejected', () => {
    const second = makeField('text', { ...ID_OPTIONS, id: 'other' });
    const collection = makeCollection({
      fields: [makeField('text', { ...ID_OPTIONS, id: 'text3208210256' }), second],
    });
    expect(textField.validateOptions(second, optionsCtx(collection)).primaryKey).toMatchObject({
      code: 'validation_unsupported_composite_pk',
    });
  });
});

describe('text db', () => {
  test.each<[unknown, string]>([
    ['abc', 'abc'],
    [null, ''],
    [7, '7'],
  ])('fromDb %p → %p', (raw, expected) => {
    expect(textField.fromDb(raw, makeField('text'))).toBe(expected);
  });

  test('toDb', () => {
    expect(textField.toDb('abc', makeField('text'))).toBe('abc');
  });
});

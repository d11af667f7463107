import { describe, expect, test } from 'bun:test';
import { passwordField } from '../../../src/core/fields/password.ts';
import { createCtx, makeField, optionsCtx, updateCtx } from './field-helpers.ts';

const HASH = '$2a$13$uULN32dHTkWQIALJP1N54.22HW/K9/qkXqcmsfz2hOA1wGeuUDbfG';
const authPassword = makeField('password', {
  name: 'password',
  required: true,
  min: 8,
  hidden: true,
  system: true,
});

describe('password normalize keeps the plain text', () => {
  test.each<[unknown, string]>([
    ['secret123', 'secret123'],
    [12345678, '12345678'],
    [null, ''],
    [['x'], ''],
  ])('%p → %p', (input, expected) => {
    expect(passwordField.normalize(input, authPassword)).toBe(expected);
  });
});

describe('password validate (plain value)', () => {
  test.each<[string, Record<string, unknown>, string, unknown, unknown]>([
    ['ok', { min: 8 }, '1234567890', undefined, null],
    [
      'required on create',
      { required: true },
      '',
      undefined,
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    ['optional empty', {}, '', undefined, null],
    [
      'min',
      { min: 8 },
      '1234567',
      undefined,
      {
        code: 'validation_min_text_constraint',
        message: 'Must be at least 8 character(s).',
      },
    ],
    ['min counts runes', { min: 3 }, 'é😀a', undefined, null],
    [
      'max 0 ⇒ 71',
      {},
      'a'.repeat(72),
      undefined,
      {
        code: 'validation_max_text_constraint',
        message: 'Must be less than 71 character(s).',
      },
    ],
    ['71 ok', {}, 'a'.repeat(71), undefined, null],
    [
      'custom max',
      { max: 10 },
      'a'.repeat(11),
      undefined,
      {
        code: 'validation_max_text_constraint',
        message: 'Must be less than 10 character(s).',
      },
    ],
    [
      'pattern',
      { pattern: '[0-9]' },
      'abcdefgh',
      undefined,
      { code: 'validation_invalid_format', message: 'Invalid value format.' },
    ],
    ['pattern ok', { pattern: '[0-9]' }, 'abcdefg1', undefined, null],
    ['update without new password keeps the hash', { required: true, min: 8 }, '', HASH, null],
    ['update passing the stored hash back', { required: true, min: 8 }, HASH, HASH, null],
    [
      'update required, no stored hash',
      { required: true },
      '',
      '',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    [
      'new password on update is validated',
      { min: 8 },
      'short',
      HASH,
      {
        code: 'validation_min_text_constraint',
        message: 'Must be at least 8 character(s).',
      },
    ],
  ])('%s', (_name, options, value, original, expected) => {
    const field = makeField('password', options);
    const ctx = original === undefined ? createCtx() : updateCtx(original);
    expect(passwordField.validate(value, field, ctx)).toEqual(expected as never);
  });

  test('a plain value equal to the hash on create is still checked as plain text', () => {
    expect(
      passwordField.validate(HASH, makeField('password', { max: 10 }), createCtx()),
    ).toMatchObject({
      code: 'validation_max_text_constraint',
    });
  });
});

describe('password options', () => {
  test.each<[Record<string, unknown>, Record<string, unknown>]>([
    [{}, {}],
    [{ min: 8, cost: 10 }, {}],
    [{ cost: 4 }, {}],
    [{ cost: 31 }, {}],
    [
      { cost: 3 },
      { cost: { code: 'validation_min_greater_equal_than_required', params: { threshold: 4 } } },
    ],
    [
      { cost: 32 },
      { cost: { code: 'validation_max_less_equal_than_required', params: { threshold: 31 } } },
    ],
    [
      { max: 72 },
      { max: { code: 'validation_max_less_equal_than_required', params: { threshold: 71 } } },
    ],
    [
      { min: 72 },
      { min: { code: 'validation_max_less_equal_than_required', params: { threshold: 71 } } },
    ],
    [
      { min: -1 },
      { min: { code: 'validation_min_greater_equal_than_required', params: { threshold: 1 } } },
    ],
    [
      { min: 10, max: 5 },
      { max: { code: 'validation_min_greater_equal_than_required', params: { threshold: 10 } } },
    ],
    [{ pattern: '(' }, { pattern: { code: 'validation_invalid_regex' } }],
  ])('%p', (options, expected) => {
    const errors = passwordField.validateOptions(makeField('password', options), optionsCtx());
    expect(Object.keys(errors).sort()).toEqual(Object.keys(expected).sort());
    expect(errors).toMatchObject(expected);
  });

  test('db holds the hash as text', () => {
    expect(passwordField.fromDb(HASH, authPassword)).toBe(HASH);
    expect(passwordField.toDb(HASH, authPassword)).toBe(HASH);
    expect(passwordField.fromDb(null, authPassword)).toBe('');
  });
});

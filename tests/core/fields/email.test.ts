import { describe, expect, test } from 'bun:test';
import { emailField } from '../../../src/core/fields/email.ts';
import { isEmail } from '../../../src/core/fields/formats.ts';
import { check, makeField, optionsCtx } from './field-helpers.ts';

describe('isEmail', () => {
  test.each([
    'test@example.com',
    'first.last+tag@sub.example.co.uk',
    "o'brien@example.com",
    'user@example.com.',
    'USER@EXAMPLE.COM',
    '"john doe"@example.com',
    'ü@exämple.com',
    'a@b.c',
  ])('valid %p', (v) => {
    expect(isEmail(v)).toBe(true);
  });

  test.each([
    '',
    'plain',
    '@example.com',
    'user@',
    'user@localhost',
    'user@example.123',
    'user@@example.com',
    'us er@example.com',
    '.user@example.com',
    'user.@example.com',
    'a..b@example.com',
    'user@-example.com',
    'user@example.com-',
  ])('invalid %p', (v) => {
    expect(isEmail(v)).toBe(false);
  });

  test('hostile input stays fast (no catastrophic backtracking)', () => {
    const evil = `a@${'a.'.repeat(20000)}!`;
    const start = performance.now();
    expect(isEmail(evil)).toBe(false);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('email validate', () => {
  test.each<[string, Record<string, unknown>, unknown, unknown]>([
    ['empty optional', {}, '', null],
    [
      'required',
      { required: true },
      '',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    ['valid', {}, 'a@example.com', null],
    [
      'number input stringified then rejected',
      {},
      12,
      { code: 'validation_is_email', message: 'Must be a valid email address.' },
    ],
    [
      'invalid',
      {},
      'nope',
      { code: 'validation_is_email', message: 'Must be a valid email address.' },
    ],
    ['onlyDomains ok', { onlyDomains: ['example.com'] }, 'a@example.com', null],
    [
      'onlyDomains reject',
      { onlyDomains: ['example.com'] },
      'a@other.com',
      { code: 'validation_email_domain_not_allowed', message: 'Email domain is not allowed.' },
    ],
    [
      'onlyDomains exact (no subdomains)',
      { onlyDomains: ['example.com'] },
      'a@sub.example.com',
      { code: 'validation_email_domain_not_allowed', message: 'Email domain is not allowed.' },
    ],
    [
      'exceptDomains reject',
      { exceptDomains: ['spam.com'] },
      'a@spam.com',
      { code: 'validation_email_domain_not_allowed', message: 'Email domain is not allowed.' },
    ],
    ['exceptDomains ok', { exceptDomains: ['spam.com'] }, 'a@example.com', null],
  ])('%s', (_name, options, input, expected) => {
    expect(check('email', options, input)).toEqual(expected as never);
  });
});

describe('email/url domain options', () => {
  test.each(['email', 'url'])('%s', (type) => {
    const v = (options: Record<string, unknown>) =>
      emailField.validateOptions(makeField(type, options), optionsCtx());
    expect(v({})).toEqual({});
    expect(v({ onlyDomains: ['example.com', 'xn--80ak6aa92e.com'] })).toEqual({});
    expect(v({ onlyDomains: ['a.com'], exceptDomains: ['b.com'] })).toEqual({
      onlyDomains: { code: 'validation_empty', message: 'Must be blank.' },
      exceptDomains: { code: 'validation_empty', message: 'Must be blank.' },
    });
    expect(v({ onlyDomains: ['ok.com', 'not a domain', 'UPPER.COM'] })).toEqual({
      onlyDomains: {
        '1': { code: 'validation_is_domain', message: 'Must be a valid domain.' },
        '2': { code: 'validation_is_domain', message: 'Must be a valid domain.' },
      },
    });
    expect(v({ exceptDomains: ['localhost'] })).toMatchObject({
      exceptDomains: { '0': { code: 'validation_is_domain' } },
    });
    expect(v({ onlyDomains: 'a.com' })).toMatchObject({
      onlyDomains: { code: 'validation_unsupported_value_type' },
    });
  });
});

import { describe, expect, test } from 'bun:test';
import { isURL, urlHost } from '../../../src/core/fields/formats.ts';
import { check } from './field-helpers.ts';

describe('isURL (govalidator semantics)', () => {
  test.each([
    'https://example.com',
    'http://example.com/path?q=1#frag',
    'https://example.copm',
    'http://localhost:8090',
    'http://localhost:8090/_/',
    'https://user:pass@example.com',
    'ws://example.com/socket',
    'ftp://files.example.com',
    'example.com',
    'www.example.com/path',
    'example.com:8080',
    'http://127.0.0.1:8080',
    'http://[::1]:8080/',
    'https://sub.domain.example.co.uk/a/b',
    'http://exämple.com',
  ])('valid %p', (v) => {
    expect(isURL(v)).toBe(true);
  });

  test.each([
    '',
    'abc',
    'localhost',
    'not a url',
    'http://exa mple.com',
    'javascript:alert(1)',
    'mailto://example.com',
    'file:///etc/passwd',
    '.example.com',
    'http://.example.com',
    'http://',
    'https://-example.com',
    `http://example.com/${'a'.repeat(2100)}`,
  ])('invalid %p', (v) => {
    expect(isURL(v)).toBe(false);
  });

  test('hostile input stays fast', () => {
    const evil = `http://${'a-'.repeat(1000)}!`;
    const start = performance.now();
    isURL(evil);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  test.each([
    ['https://example.com/x', 'example.com'],
    ['https://u:p@example.com:8080/x', 'example.com:8080'],
    ['example.com/x', ''],
  ])('urlHost %p → %p', (v, host) => {
    expect(urlHost(v)).toBe(host);
  });
});

describe('url validate', () => {
  test.each<[string, Record<string, unknown>, unknown, unknown]>([
    ['empty optional', {}, '', null],
    [
      'required',
      { required: true },
      '',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    ['valid', {}, 'https://example.com', null],
    [
      'invalid',
      {},
      'not a url',
      { code: 'validation_invalid_url', message: 'Must be a valid url.' },
    ],
    ['onlyDomains ok', { onlyDomains: ['example.com'] }, 'https://example.com/a', null],
    [
      'onlyDomains reject',
      { onlyDomains: ['example.com'] },
      'https://evil.com',
      { code: 'validation_url_domain_not_allowed', message: 'Url domain is not allowed.' },
    ],
    [
      'onlyDomains: port is part of the host',
      { onlyDomains: ['example.com'] },
      'https://example.com:8080',
      { code: 'validation_url_domain_not_allowed', message: 'Url domain is not allowed.' },
    ],
    [
      'onlyDomains: scheme-less has no host',
      { onlyDomains: ['example.com'] },
      'example.com',
      { code: 'validation_url_domain_not_allowed', message: 'Url domain is not allowed.' },
    ],
    [
      'exceptDomains reject',
      { exceptDomains: ['evil.com'] },
      'http://evil.com',
      { code: 'validation_url_domain_not_allowed', message: 'Url domain is not allowed.' },
    ],
    ['exceptDomains ok', { exceptDomains: ['evil.com'] }, 'http://good.com', null],
  ])('%s', (_name, options, input, expected) => {
    expect(check('url', options, input)).toEqual(expected as never);
  });
});

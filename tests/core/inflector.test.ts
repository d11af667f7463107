// PocketBase's snake_case: upload names, `@request.headers.*` keys and realtime options.
import { expect, test } from 'bun:test';
import { snakecase } from '../../src/core/inflector.ts';

test.each([
  ['X-Token', 'x_token'],
  ['x-token', 'x_token'],
  ['xToken', 'x_token'],
  ['Content-Type', 'content_type'],
  ['myTestDB', 'my_test_db'],
  ['X-API-Key', 'x_api_key'],
  ['__a--b__', 'a_b'],
  ['', ''],
])('%p → %p', (input, expected) => {
  expect(snakecase(input)).toBe(expected);
});

test.each([
  ['My Photo', 'my_photo'],
  ['fooBar', 'foo_bar'],
  ['HTMLParser', 'htmlparser'],
  ['a--b__c', 'a_b_c'],
  ['../../etc/passwd', 'etc_passwd'],
  ['żółw', 'w'], // Go's \W is ASCII-only
])('snakecase(%p) = %p', (input, out) => expect(snakecase(input)).toBe(out));

// Header names for `@request.headers.*` and realtime options: PocketBase's snake_case.
import { expect, test } from 'bun:test';
import { snakecase } from '../../../src/core/filter/snakecase.ts';

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

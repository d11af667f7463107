import { describe, expect, test } from 'bun:test';
import { jsonField } from '../../../src/core/fields/json.ts';
import { check, makeField, optionsCtx } from './field-helpers.ts';

const field = makeField('json');

describe('json normalize (§4.3)', () => {
  test.each<[unknown, unknown]>([
    ['[1,2]', [1, 2]],
    [' [1, 2] ', ' [1, 2] '],
    ['[1, 2] ', [1, 2]],
    ['{"a":1}', { a: 1 }],
    ['12', 12],
    ['-1.5', -1.5],
    ['"quoted"', 'quoted'],
    ['null', null],
    ['true', true],
    ['false', false],
    ['', ''],
    ['abc', 'abc'],
    ['True', 'True'],
    ['12abc', '12abc'],
    ['[1,', '[1,'],
    ['{bad}', '{bad}'],
    [12, 12],
    [true, true],
    [null, null],
    [undefined, null],
    [
      [1, 'a', null],
      [1, 'a', null],
    ],
    [{ a: { b: [1] } }, { a: { b: [1] } }],
    [{ a: undefined, b: 1 }, { b: 1 }],
  ])('%p → %p', (input, expected) => {
    expect(jsonField.normalize(input, field)).toEqual(expected);
  });

  test('normalize copies objects', () => {
    const input = { a: [1] };
    const out = jsonField.normalize(input, field) as { a: number[] };
    input.a.push(2);
    expect(out.a).toEqual([1]);
  });
});

describe('json validate', () => {
  test.each<[string, Record<string, unknown>, unknown, unknown]>([
    ['null optional', {}, null, null],
    [
      'required null',
      { required: true },
      null,
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    [
      'required "null"',
      { required: true },
      'null',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    [
      'required ""',
      { required: true },
      '',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    [
      'required []',
      { required: true },
      [],
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    [
      'required "[]"',
      { required: true },
      '[]',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    [
      'required {}',
      { required: true },
      {},
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    ['required 0 is a value', { required: true }, 0, null],
    ['required false is a value', { required: true }, false, null],
    ['required " " is a value', { required: true }, ' ', null],
    [
      'maxSize',
      { maxSize: 5 },
      [1, 2, 3],
      {
        code: 'validation_json_size_limit',
        message: 'The maximum allowed JSON size is 5 bytes.',
        params: { maxSize: 5 },
      },
    ],
    ['maxSize exact', { maxSize: 7 }, [1, 2, 3], null],
    [
      'maxSize counts bytes',
      { maxSize: 3 },
      'é',
      {
        code: 'validation_json_size_limit',
        message: 'The maximum allowed JSON size is 3 bytes.',
        params: { maxSize: 3 },
      },
    ],
    [
      'default 1 MiB',
      {},
      'a'.repeat(1024 * 1024),
      {
        code: 'validation_json_size_limit',
        message: 'The maximum allowed JSON size is 1048576 bytes.',
        params: { maxSize: 1048576 },
      },
    ],
    ['default 1 MiB ok', {}, 'a'.repeat(1024 * 1024 - 2), null],
  ])('%s', (_name, options, input, expected) => {
    expect(check('json', options, input)).toEqual(expected as never);
  });

  test.each<[Record<string, unknown>, Record<string, unknown>]>([
    [{}, {}],
    [{ maxSize: 100 }, {}],
    [{ maxSize: -1 }, { maxSize: { code: 'validation_min_greater_equal_than_required' } }],
    [{ maxSize: '1' }, { maxSize: { code: 'validation_unsupported_value_type' } }],
  ])('validateOptions %p', (options, expected) => {
    const errors = jsonField.validateOptions(makeField('json', options), optionsCtx());
    expect(Object.keys(errors)).toEqual(Object.keys(expected));
    expect(errors).toMatchObject(expected);
  });
});

describe('json db', () => {
  test.each<[unknown, unknown]>([
    ['[\r\n  1,\r\n  2,\r\n  3\r\n]', [1, 2, 3]],
    ['[\r\n  1\r\n]', [1]],
    ['[1, 2, 3]', [1, 2, 3]],
    ['{"a": {"b": "test"}}', { a: { b: 'test' } }],
    ['null', null],
    [null, null],
    ['"str"', 'str'],
    ['not json', 'not json'],
    [5, 5],
    [new TextEncoder().encode('{"x":1}'), { x: 1 }],
  ])('fromDb %p → %p', (raw, expected) => {
    expect(jsonField.fromDb(raw, field)).toEqual(expected);
  });

  test.each<[unknown, string]>([
    [null, 'null'],
    [undefined, 'null'],
    ['', '""'],
    [[1, 2], '[1,2]'],
    [{ a: 1 }, '{"a":1}'],
    [12, '12'],
  ])('toDb %p → %p', (value, expected) => {
    expect(jsonField.toDb(value, field)).toBe(expected);
  });
});

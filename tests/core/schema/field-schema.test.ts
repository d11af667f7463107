// Field → TypeBox → TypeScript: every field type, single and multiple, record and input.
import { describe, expect, test } from 'bun:test';
import type { Field } from '../../../src/core/collections/model.ts';
import { type FieldMode, fieldSchema } from '../../../src/core/schema/field-schema.ts';
import { tsType } from '../../../src/core/schema/typescript.ts';

const field = (type: string, options: Record<string, unknown> = {}): Field => ({
  id: `f_${type}`,
  name: type,
  type,
  system: false,
  hidden: false,
  presentable: false,
  ...options,
});

const cases: [string, Field, FieldMode, string | null][] = [
  ['text', field('text'), 'record', 'string'],
  ['editor', field('editor'), 'record', 'string'],
  ['email', field('email'), 'record', 'string'],
  ['url', field('url'), 'record', 'string'],
  ['date', field('date'), 'record', 'string'],
  ['autodate', field('autodate'), 'record', 'string'],
  ['password on a record: never sent', field('password'), 'record', null],
  ['password in an input', field('password'), 'input', 'string'],
  ['number', field('number'), 'record', 'number'],
  ['bool', field('bool'), 'record', 'boolean'],
  [
    'single select (unset reads as "")',
    field('select', { values: ['a', 'b'], maxSelect: 1 }),
    'record',
    '"a" | "b" | ""',
  ],
  [
    'single select input: "" clears it',
    field('select', { values: ['a', 'b'] }),
    'input',
    '"a" | "b" | ""',
  ],
  [
    'required single select input',
    field('select', { values: ['a', 'b'], required: true }),
    'input',
    '"a" | "b"',
  ],
  [
    'multiple select',
    field('select', { values: ['a', 'b'], maxSelect: 2 }),
    'record',
    'Array<"a" | "b">',
  ],
  ['single relation', field('relation', { maxSelect: 1 }), 'record', 'string'],
  ['multiple relation', field('relation', { maxSelect: 5 }), 'input', 'string[]'],
  ['single file on a record', field('file', { maxSelect: 1 }), 'record', 'string'],
  ['multiple files on a record', field('file', { maxSelect: 3 }), 'record', 'string[]'],
  ['single file upload', field('file', { maxSelect: 1 }), 'input', 'File | Blob'],
  ['multiple file uploads', field('file', { maxSelect: 3 }), 'input', 'Array<File | Blob>'],
  ['json', field('json'), 'record', 'unknown'],
  ['geoPoint', field('geoPoint'), 'record', '{\n  lon: number;\n  lat: number;\n}'],
  ['an unknown type', field('wat'), 'record', 'unknown'],
];

describe('fieldSchema', () => {
  for (const [name, f, mode, expected] of cases) {
    test(`${name} (${mode}) → ${expected}`, () => {
      const schema = fieldSchema(f, mode);
      expect(schema === null ? null : tsType(schema)).toBe(expected);
    });
  }

  test('a file upload is a binary string for OpenAPI', () => {
    const schema = fieldSchema(field('file'), 'input');
    expect(schema).toMatchObject({ type: 'string', format: 'binary' });
  });
});

import { describe, expect, test } from 'bun:test';
import { FIELD_TYPES, getFieldKind } from '../../../src/core/fields/index.ts';
import { createCtx, kindOf, makeField, optionsCtx } from './field-helpers.ts';

const ALL = [
  'text',
  'editor',
  'number',
  'bool',
  'email',
  'url',
  'date',
  'autodate',
  'select',
  'file',
  'relation',
  'json',
  'password',
  'geoPoint',
];

describe('registry', () => {
  test('FIELD_TYPES lists the 14 PocketBase types', () => {
    expect([...FIELD_TYPES].sort()).toEqual([...ALL].sort());
  });

  test('unknown types', () => {
    expect(getFieldKind('color')).toBeUndefined();
    expect(getFieldKind('')).toBeUndefined();
    expect(getFieldKind('Text')).toBeUndefined();
  });

  test.each(ALL)('%s: kind.type matches and every member exists', (type) => {
    const kind = kindOf(type);
    expect(kind.type).toBe(type);
    for (const m of [
      'defaultOptions',
      'validateOptions',
      'columnType',
      'isMultiple',
      'zeroValue',
    ]) {
      expect(typeof (kind as unknown as Record<string, unknown>)[m]).toBe('function');
    }
  });
});

describe('default options', () => {
  test.each<[string, Record<string, unknown>]>([
    [
      'text',
      {
        autogeneratePattern: '',
        help: '',
        max: 0,
        min: 0,
        pattern: '',
        primaryKey: false,
        required: false,
      },
    ],
    ['editor', { convertURLs: false, help: '', maxSize: 0, required: false }],
    ['number', { help: '', max: null, min: null, onlyInt: false, required: false }],
    ['bool', { help: '', required: false }],
    ['email', { exceptDomains: [], help: '', onlyDomains: [], required: false }],
    ['url', { exceptDomains: [], help: '', onlyDomains: [], required: false }],
    ['date', { help: '', max: '', min: '', required: false }],
    ['autodate', { onCreate: false, onUpdate: false }],
    ['select', { help: '', maxSelect: 0, required: false, values: [] }],
    [
      'file',
      {
        help: '',
        maxSelect: 0,
        maxSize: 0,
        mimeTypes: [],
        protected: false,
        required: false,
        thumbs: [],
      },
    ],
    [
      'relation',
      {
        cascadeDelete: false,
        collectionId: '',
        help: '',
        maxSelect: 0,
        minSelect: 0,
        required: false,
      },
    ],
    ['json', { help: '', maxSize: 0, required: false }],
    ['password', { cost: 0, help: '', max: 0, min: 0, pattern: '', required: false }],
    ['geoPoint', { help: '', required: false }],
  ])('%s', (type, expected) => {
    expect(kindOf(type).defaultOptions()).toEqual(expected);
  });

  test('every type but autodate has help and required', () => {
    for (const type of ALL.filter((t) => t !== 'autodate')) {
      expect(kindOf(type).defaultOptions()).toMatchObject({ help: '', required: false });
    }
    expect(kindOf('autodate').defaultOptions()).not.toHaveProperty('help');
  });

  test('defaultOptions returns a fresh object', () => {
    const a = kindOf('text').defaultOptions();
    a.min = 5;
    expect(kindOf('text').defaultOptions().min).toBe(0);
  });
});

describe('column types (§4.2)', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['text', {}, "TEXT DEFAULT '' NOT NULL"],
    [
      'text',
      { primaryKey: true },
      "TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL",
    ],
    ['editor', {}, "TEXT DEFAULT '' NOT NULL"],
    ['number', {}, 'NUMERIC DEFAULT 0 NOT NULL'],
    ['bool', {}, 'BOOLEAN DEFAULT FALSE NOT NULL'],
    ['email', {}, "TEXT DEFAULT '' NOT NULL"],
    ['url', {}, "TEXT DEFAULT '' NOT NULL"],
    ['date', {}, "TEXT DEFAULT '' NOT NULL"],
    ['autodate', {}, "TEXT DEFAULT '' NOT NULL"],
    ['select', { maxSelect: 1 }, "TEXT DEFAULT '' NOT NULL"],
    ['select', { maxSelect: 0 }, "TEXT DEFAULT '' NOT NULL"],
    ['select', { maxSelect: 2 }, "JSON DEFAULT '[]' NOT NULL"],
    ['file', { maxSelect: 1 }, "TEXT DEFAULT '' NOT NULL"],
    ['file', { maxSelect: 99 }, "JSON DEFAULT '[]' NOT NULL"],
    ['relation', { maxSelect: 1 }, "TEXT DEFAULT '' NOT NULL"],
    ['relation', { maxSelect: 9999 }, "JSON DEFAULT '[]' NOT NULL"],
    ['json', {}, 'JSON DEFAULT NULL'],
    ['password', {}, "TEXT DEFAULT '' NOT NULL"],
    ['geoPoint', {}, `JSON DEFAULT '{"lon":0,"lat":0}' NOT NULL`],
  ])('%s %p → %s', (type, options, column) => {
    expect(kindOf(type).columnType(makeField(type, options))).toBe(column);
  });
});

describe('zero values and isMultiple (http-api §1.9)', () => {
  test.each<[string, Record<string, unknown>, unknown, boolean]>([
    ['text', {}, '', false],
    ['editor', {}, '', false],
    ['number', {}, 0, false],
    ['bool', {}, false, false],
    ['email', {}, '', false],
    ['url', {}, '', false],
    ['date', {}, '', false],
    ['autodate', {}, '', false],
    ['select', {}, '', false],
    ['select', { maxSelect: 3 }, [], true],
    ['file', { maxSelect: 1 }, '', false],
    ['file', { maxSelect: 2 }, [], true],
    ['relation', {}, '', false],
    ['relation', { maxSelect: 5 }, [], true],
    ['json', {}, null, false],
    ['password', {}, '', false],
    ['geoPoint', {}, { lon: 0, lat: 0 }, false],
  ])('%s %p', (type, options, zero, multiple) => {
    const kind = kindOf(type);
    const field = makeField(type, options);
    expect(kind.zeroValue(field)).toEqual(zero);
    expect(kind.isMultiple(field)).toBe(multiple);
  });

  test.each(ALL)('%s: the zero value of a non-required field validates', async (type) => {
    const kind = kindOf(type);
    const field = makeField(type, type === 'select' ? { values: ['a'] } : {});
    expect(await kind.validate(kind.zeroValue(field), field, createCtx())).toBeNull();
  });

  test.each(ALL)('%s: zero value round-trips through toDb/fromDb', (type) => {
    const kind = kindOf(type);
    for (const options of [{}, { maxSelect: 3 }]) {
      const field = makeField(type, options);
      const zero = kind.zeroValue(field);
      expect(kind.fromDb(kind.toDb(zero, field), field)).toEqual(zero);
    }
  });

  test.each(ALL)('%s: normalize never throws on odd input', (type) => {
    const kind = kindOf(type);
    const field = makeField(type, { maxSelect: 2 });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const v of [
      undefined,
      null,
      NaN,
      Infinity,
      -0,
      10n,
      Symbol('s'),
      () => 1,
      cyclic,
      [[]],
      { a: [1] },
      new Uint8Array([104, 105]),
      new Date(),
    ]) {
      expect(() => kind.normalize(v, field)).not.toThrow();
    }
  });

  test.each(ALL)('%s: validateOptions of the defaults never throws', (type) => {
    const kind = kindOf(type);
    expect(() => kind.validateOptions(makeField(type), optionsCtx())).not.toThrow();
  });
});

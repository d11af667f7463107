import { describe, expect, test } from 'bun:test';
import { autodateField } from '../../../src/core/fields/autodate.ts';
import { createCtx, makeCollection, makeField, optionsCtx } from './field-helpers.ts';

const created = makeField('autodate', { name: 'created', onCreate: true, onUpdate: false });
const STORED = '2022-10-14 10:13:12.397Z';

describe('autodate kind', () => {
  test('no help/required options; validate always passes', () => {
    expect(autodateField.defaultOptions()).toEqual({ onCreate: false, onUpdate: false });
    expect(autodateField.validate('', created, createCtx())).toBeNull();
  });

  test('db round trip', () => {
    expect(autodateField.fromDb(STORED, created)).toBe(STORED);
    expect(autodateField.toDb(STORED, created)).toBe(STORED);
    expect(autodateField.fromDb(null, created)).toBe('');
  });

  test.each<[Record<string, unknown>, Record<string, unknown>]>([
    [{ onCreate: true }, {}],
    [{ onUpdate: true }, {}],
    [{ onCreate: true, onUpdate: true }, {}],
    [
      {},
      {
        onCreate: {
          code: 'validation_required',
          message: 'Either onCreate or onUpdate must be enabled.',
        },
        onUpdate: {
          code: 'validation_required',
          message: 'Either onCreate or onUpdate must be enabled.',
        },
      },
    ],
    [{ onCreate: 1, onUpdate: true }, { onCreate: { code: 'validation_unsupported_value_type' } }],
  ])('validateOptions %p', (options, expected) => {
    expect(
      autodateField.validateOptions(makeField('autodate', options), optionsCtx()),
    ).toMatchObject(expected);
    expect(
      Object.keys(autodateField.validateOptions(makeField('autodate', options), optionsCtx())),
    ).toEqual(Object.keys(expected));
  });

  test('system autodate fields keep their onCreate/onUpdate', () => {
    const stored = makeCollection({
      fields: [
        makeField('autodate', {
          id: 'ad1',
          name: 'created',
          system: true,
          onCreate: true,
          onUpdate: false,
        }),
      ],
    });
    const changed = makeField('autodate', {
      id: 'ad1',
      name: 'created',
      system: true,
      onCreate: true,
      onUpdate: true,
    });
    const ctx = optionsCtx(makeCollection({ fields: [changed] }), [stored]);
    expect(autodateField.validateOptions(changed, ctx)).toEqual({
      onUpdate: { code: 'validation_values_mismatch', message: "Values don't match." },
    });
    const nonSystem = { ...changed, system: false };
    expect(autodateField.validateOptions(nonSystem, ctx)).toEqual({});
  });
});

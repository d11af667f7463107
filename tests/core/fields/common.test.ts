import { describe, expect, test } from 'bun:test';
import type { Field } from '../../../src/core/collections/model.ts';
import { fieldIdFor, validateFieldCommon } from '../../../src/core/fields/common.ts';

const field = (over: Record<string, unknown>): Field => ({
  id: 'f1',
  name: 'title',
  type: 'text',
  system: false,
  hidden: false,
  presentable: false,
  ...over,
});

describe('fieldIdFor', () => {
  test.each([
    ['text', 'id', 'text3208210256'],
    ['text', 'title', 'text724990059'],
    ['password', 'password', 'password901924565'],
    ['email', 'email', 'email3885137012'],
    ['autodate', 'created', 'autodate2990389176'],
    ['autodate', 'updated', 'autodate3332085495'],
    ['text', 'tokenKey', 'text2504183744'],
    ['bool', 'emailVisibility', 'bool1547992806'],
    ['bool', 'verified', 'bool256245529'],
    ['text', 'name', 'text1579384326'],
    ['file', 'avatar', 'file376926767'],
    ['geoPoint', 'point', 'geoPoint3081106212'],
  ])('%s/%s → %s', (type, name, id) => {
    expect(fieldIdFor(type, name, new Set())).toBe(id);
  });

  test('suffix 2… on clash', () => {
    expect(fieldIdFor('text', 'id', new Set(['text3208210256']))).toBe('text32082102562');
    expect(fieldIdFor('text', 'id', new Set(['text3208210256', 'text32082102562']))).toBe(
      'text32082102563',
    );
  });
});

describe('validateFieldCommon', () => {
  test('a valid field has no errors', () => {
    expect(validateFieldCommon(field({}))).toEqual({});
    expect(validateFieldCommon(field({ name: 'a'.repeat(100), help: 'h'.repeat(300) }))).toEqual(
      {},
    );
    expect(validateFieldCommon(field({ name: 'under_score_9' }))).toEqual({});
  });

  test.each<[unknown, string]>([
    ['', 'validation_required'],
    [undefined, 'validation_required'],
    [12, 'validation_unsupported_value_type'],
    ['a'.repeat(101), 'validation_length_out_of_range'],
    ['with space', 'validation_match_invalid'],
    ['dash-ed', 'validation_match_invalid'],
    ['ünï', 'validation_match_invalid'],
    ['null', 'validation_not_in_invalid'],
    ['true', 'validation_not_in_invalid'],
    ['false', 'validation_not_in_invalid'],
    ['_rowid_', 'validation_not_in_invalid'],
    ['collectionId', 'validation_not_in_invalid'],
    ['collectionName', 'validation_not_in_invalid'],
    ['expand', 'validation_not_in_invalid'],
    ['a_via_b', 'validation_found_via'],
    ['a_VIA_b', 'validation_found_via'],
  ])('name %p → %s', (name, code) => {
    const errors = validateFieldCommon(field({ name }));
    expect(errors.name).toMatchObject({ code });
  });

  test('name length error carries params', () => {
    expect(validateFieldCommon(field({ name: 'a'.repeat(101) })).name).toEqual({
      code: 'validation_length_out_of_range',
      message: 'The length must be between 1 and 100.',
      params: { min: 1, max: 100 },
    });
  });

  test.each<[unknown, string | undefined]>([
    ['', 'validation_required'],
    [undefined, 'validation_required'],
    ['x'.repeat(101), 'validation_length_out_of_range'],
    ['x'.repeat(100), undefined],
  ])('id %p → %p', (id, code) => {
    const errors = validateFieldCommon(field({ id }));
    if (code) expect(errors.id).toMatchObject({ code });
    else expect(errors.id).toBeUndefined();
  });

  test('help is at most 300 chars', () => {
    expect(validateFieldCommon(field({ help: 'h'.repeat(301) })).help).toEqual({
      code: 'validation_length_too_long',
      message: 'The length must be no more than 300.',
      params: { min: 0, max: 300 },
    });
    expect(validateFieldCommon(field({ help: 5 })).help).toMatchObject({
      code: 'validation_unsupported_value_type',
    });
  });
});

import { describe, expect, test } from 'bun:test';
import {
  missingRelCollectionError,
  missingRelRecordsError,
  relationField,
} from '../../../src/core/fields/relation.ts';
import { check, makeCollection, makeField, optionsCtx } from './field-helpers.ts';

const users = makeCollection({ id: '_pb_users_auth_', name: 'users', type: 'auth' });
const view = makeCollection({ id: 'pbc_view', name: 'v', type: 'view' });
const posts = makeCollection({ id: 'pbc_posts', name: 'posts' });
const single = makeField('relation', { collectionId: users.id, maxSelect: 1 });
const multi = makeField('relation', { collectionId: users.id, maxSelect: 5 });

describe('relation normalize (§4.3)', () => {
  test.each<[unknown, unknown, unknown]>([
    ['abc', 'abc', ['abc']],
    [['a', 'b', 'a', ''], 'b', ['a', 'b']],
    ['["x","y"]', 'y', ['x', 'y']],
    ['', '', []],
    [null, '', []],
  ])('%p → %p / %p', (input, one, many) => {
    expect(relationField.normalize(input, single)).toEqual(one);
    expect(relationField.normalize(input, multi)).toEqual(many);
  });
});

describe('relation validate (existence is checked by the records pipeline)', () => {
  test.each<[string, Record<string, unknown>, unknown, unknown]>([
    ['empty', {}, '', null],
    [
      'required',
      { required: true },
      '',
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    [
      'required multi',
      { required: true, maxSelect: 3 },
      [],
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    ['single ok', { maxSelect: 1 }, 'abc', null],
    [
      'minSelect',
      { minSelect: 2, maxSelect: 3 },
      ['a'],
      {
        code: 'validation_not_enough_values',
        message: 'Select at least 2.',
        params: { minSelect: 2 },
      },
    ],
    ['minSelect ok', { minSelect: 2, maxSelect: 3 }, ['a', 'b'], null],
    ['minSelect skipped when empty', { minSelect: 2, maxSelect: 3 }, [], null],
    [
      'maxSelect',
      { maxSelect: 2 },
      ['a', 'b', 'c'],
      {
        code: 'validation_too_many_values',
        message: 'Select no more than 2.',
        params: { maxSelect: 2 },
      },
    ],
    ['duplicates collapse', { maxSelect: 2 }, ['a', 'a', 'b'], null],
  ])('%s', (_name, options, input, expected) => {
    expect(check('relation', { collectionId: users.id, ...options }, input)).toEqual(
      expected as never,
    );
  });

  test('error helpers for the records pipeline', () => {
    expect(missingRelRecordsError()).toEqual({
      code: 'validation_missing_rel_records',
      message: 'Failed to find all relation records with the provided ids.',
    });
    expect(missingRelCollectionError()).toEqual({
      code: 'validation_missing_rel_collection',
      message: 'Relation connection is missing or cannot be accessed.',
    });
  });
});

describe('relation validateOptions', () => {
  const v = (
    options: Record<string, unknown>,
    collection = makeCollection(),
    others = [users, view, posts],
  ) =>
    relationField.validateOptions(makeField('relation', options), optionsCtx(collection, others));

  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['valid', { collectionId: users.id }, {}],
    ['valid multi', { collectionId: users.id, minSelect: 1, maxSelect: 3 }, {}],
    [
      'missing collectionId',
      { collectionId: '' },
      { collectionId: { code: 'validation_required', message: 'Cannot be blank.' } },
    ],
    [
      'unknown collection',
      { collectionId: 'nope' },
      {
        collectionId: {
          code: 'validation_field_relation_missing_collection',
          message: "The relation collection doesn't exist.",
        },
      },
    ],
    [
      'name instead of id',
      { collectionId: 'users' },
      { collectionId: { code: 'validation_field_relation_missing_collection' } },
    ],
    [
      'base → view',
      { collectionId: view.id },
      {
        collectionId: {
          code: 'validation_relation_field_non_view_base_collection',
          message: 'Only view collections are allowed to have relations to other views.',
        },
      },
    ],
    [
      'negative minSelect',
      { collectionId: users.id, minSelect: -1 },
      { minSelect: { code: 'validation_min_greater_equal_than_required' } },
    ],
    [
      'minSelect needs maxSelect',
      { collectionId: users.id, minSelect: 2 },
      { maxSelect: { code: 'validation_required' } },
    ],
    [
      'maxSelect < minSelect',
      { collectionId: users.id, minSelect: 3, maxSelect: 2 },
      {
        maxSelect: { code: 'validation_min_greater_equal_than_required', params: { threshold: 3 } },
      },
    ],
    [
      'wrong types',
      { collectionId: 5, cascadeDelete: 'no' },
      {
        collectionId: { code: 'validation_unsupported_value_type' },
        cascadeDelete: { code: 'validation_unsupported_value_type' },
      },
    ],
  ])('%s', (_name, options, expected) => {
    const errors = v(options);
    expect(Object.keys(errors).sort()).toEqual(Object.keys(expected).sort());
    expect(errors).toMatchObject(expected);
  });

  test('a view may point at a view', () => {
    expect(v({ collectionId: view.id }, makeCollection({ id: 'pbc_v2', type: 'view' }))).toEqual(
      {},
    );
  });

  test('self-reference of a collection being created', () => {
    const self = makeCollection({ id: 'pbc_new' });
    expect(v({ collectionId: 'pbc_new' }, self, [])).toEqual({});
  });

  test('collectionId is immutable on update', () => {
    const stored = makeCollection({
      id: posts.id,
      fields: [makeField('relation', { id: 'rel1', collectionId: users.id })],
    });
    const field = makeField('relation', { id: 'rel1', collectionId: 'pbc_other' });
    const other = makeCollection({ id: 'pbc_other', name: 'other' });
    const ctx = optionsCtx(makeCollection({ id: posts.id, fields: [field] }), [stored, other]);
    expect(relationField.validateOptions(field, ctx)).toEqual({
      collectionId: {
        code: 'validation_field_relation_change',
        message: 'The relation collection cannot be changed.',
      },
    });
  });
});

describe('relation db', () => {
  test.each<[unknown, unknown, unknown]>([
    ['oap640cot4yru2s', 'oap640cot4yru2s', ['oap640cot4yru2s']],
    [
      '["bgs820n361vj1qd","4q1xlclmfloku33"]',
      '4q1xlclmfloku33',
      ['bgs820n361vj1qd', '4q1xlclmfloku33'],
    ],
    ['', '', []],
    ['[]', '', []],
    [null, '', []],
  ])('fromDb %p', (raw, one, many) => {
    expect(relationField.fromDb(raw, single)).toEqual(one);
    expect(relationField.fromDb(raw, multi)).toEqual(many);
  });

  test('toDb', () => {
    expect(relationField.toDb(['a', 'b'], multi)).toBe('["a","b"]');
    expect(relationField.toDb('a', single)).toBe('a');
  });
});

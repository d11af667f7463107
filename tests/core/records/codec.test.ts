// The row decoder cache: built once per collection, rebuilt when a field it was built from changes in place.
import { expect, test } from 'bun:test';
import type { Collection, Field } from '../../../src/core/collections/model.ts';
import { recordFromRow } from '../../../src/core/records/codec.ts';

const field = (name: string, type: string, options: Record<string, unknown> = {}) =>
  ({ id: `${type}_${name}`, name, type, system: false, hidden: false, ...options }) as Field;

function collection(fields: Field[]): Collection {
  return { id: 'c1', name: 'c1', type: 'base', fields } as unknown as Collection;
}

test('a select edited in place to hold many values decodes its column as a list', () => {
  const tags = field('tags', 'select', { maxSelect: 1, values: ['a', 'b'] });
  const c = collection([field('title', 'text'), tags]);
  expect(recordFromRow(c, { id: 'r1', title: 't', tags: 'a' })).toEqual({
    id: 'r1',
    title: 't',
    tags: 'a',
  });
  tags.maxSelect = 2;
  // A value stored while it held one (a plain id, no JSON) reads as a list of it.
  expect(recordFromRow(c, { id: 'r1', title: 't', tags: 'a' }).tags).toEqual(['a']);
  expect(recordFromRow(c, { id: 'r1', title: 't', tags: '["a","b"]' }).tags).toEqual(['a', 'b']);
  tags.maxSelect = 1;
  expect(recordFromRow(c, { id: 'r1', title: 't', tags: 'b' }).tags).toBe('b');
});

test('a field renamed or retyped in place is read under its new name and type', () => {
  const views = field('views', 'text');
  const c = collection([views]);
  expect(recordFromRow(c, { id: 'r1', views: '12' }).views).toBe('12');
  views.type = 'number';
  expect(recordFromRow(c, { id: 'r1', views: '12' }).views).toBe(12);
  views.name = 'hits';
  expect(recordFromRow(c, { id: 'r1', hits: 3 })).toEqual({ id: 'r1', hits: 3 });
});

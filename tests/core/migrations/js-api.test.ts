// PocketBase's JSVM model: constructors, FieldsList's insert rules, unmarshal's decoding.
import { expect, test } from 'bun:test';
import {
  Collection,
  Field,
  FieldsList,
  TYPED_FIELDS,
  unmarshal,
} from '../../../src/core/migrations/js-api.ts';

test('new Collection: the type defaults under the data', () => {
  const base = new Collection({ name: 'posts' });
  expect(base.type).toBe('base');
  expect(base.fields.fieldNames()).toEqual(['id']);
  const auth = new Collection({ type: 'auth', name: 'members', mfa: { enabled: true } });
  expect(auth.fields.fieldNames()).toEqual([
    'id',
    'password',
    'tokenKey',
    'email',
    'emailVisibility',
    'verified',
  ]);
  expect(auth.mfa).toEqual({ enabled: true, duration: 600, rule: '' }); // merged, not replaced
  expect(auth.isAuth()).toBe(true);
  const withFields = new Collection({ name: 'x', fields: [{ name: 'title', type: 'text' }] });
  expect(withFields.fields.getByName('title')).toBeInstanceOf(Field);
  expect(withFields.fields.getByName('title')?.max).toBe(0);
});

test('typed fields fix their type and fill the type options', () => {
  const f = new TYPED_FIELDS.TextField!({ name: 'title', type: 'number', max: 10 });
  expect(f.type).toBe('text');
  expect(f.max).toBe(10);
  expect(f.autogeneratePattern).toBe('');
  expect(new TYPED_FIELDS.GeoPointField!({ name: 'at' }).type).toBe('geoPoint');
  expect(new TYPED_FIELDS.JSONField!({ name: 'j' }).maxSize).toBe(0);
  expect(Object.keys(TYPED_FIELDS)).toHaveLength(14);
});

test('FieldsList: add replaces by id in place, by name keeps the id; addAt moves', () => {
  const l = FieldsList.fromJSON([
    { id: 'a1', name: 'a', type: 'text' },
    { id: 'b1', name: 'b', type: 'text' },
    { id: 'c1', name: 'c', type: 'text' },
  ]);
  l.add(new Field({ id: 'b1', name: 'bee', type: 'text' }));
  expect(l.fieldNames()).toEqual(['a', 'bee', 'c']);
  l.add(new Field({ name: 'c', type: 'text', max: 3 }));
  expect(l.getById('c1')?.max).toBe(3);
  l.add({ name: 'd', type: 'bool' });
  expect(l.getByName('d')?.id).toMatch(/^bool\d+$/);
  l.addAt(0, new Field({ id: 'c1', name: 'c', type: 'text' }));
  expect(l.fieldNames()).toEqual(['c', 'a', 'bee', 'd']);
  l.addAt(99, new Field({ id: 'e1', name: 'e', type: 'text' }));
  expect(l.fieldNames().at(-1)).toBe('e');
  l.removeById('a1');
  l.removeByName('bee');
  expect(l.fieldNames()).toEqual(['c', 'd', 'e']);
  expect(l.map((f) => f.name)).toBeInstanceOf(Array);
});

test('unmarshal: nested options merge, arrays and scalars replace, fields replace the list', () => {
  const c = new Collection({ type: 'auth', name: 'm', indexes: ['CREATE INDEX a ON m (x)'] });
  unmarshal({ otp: { enabled: true }, indexes: [], listRule: null }, c);
  expect(c.otp).toMatchObject({ enabled: true, duration: 180, length: 8 });
  expect(c.indexes).toEqual([]);
  expect(c.listRule).toBeNull();
  unmarshal({ fields: [{ name: 'only', type: 'text' }] }, c);
  expect(c.fields.fieldNames()).toEqual(['only']);
  const f = new Field({ name: 'n', type: 'number' });
  unmarshal({ min: 2 }, f);
  expect(f.min).toBe(2);
});

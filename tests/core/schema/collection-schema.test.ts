// A collection → its record, expand, create and update schemas, and the generated declarations.
import { describe, expect, test } from 'bun:test';
import type { Collection, Field } from '../../../src/core/collections/model.ts';
import {
  collectionSchemas,
  typeName,
  typeNames,
} from '../../../src/core/schema/collection-schema.ts';
import { generateTypes, tsType } from '../../../src/core/schema/typescript.ts';

const f = (name: string, type: string, options: Record<string, unknown> = {}): Field => ({
  id: `f_${name}`,
  name,
  type,
  system: false,
  hidden: false,
  presentable: false,
  ...options,
});

const base = (id: string, name: string, fields: Field[], type: Collection['type'] = 'base') =>
  ({
    id,
    name,
    type,
    system: false,
    fields: [f('id', 'text', { required: true, autogeneratePattern: '[a-z0-9]{15}' }), ...fields],
    indexes: [],
    listRule: null,
    viewRule: null,
    createRule: null,
    updateRule: null,
    deleteRule: null,
    created: '',
    updated: '',
  }) as Collection;

const users = base(
  'c_users',
  'users',
  [
    f('password', 'password', { required: true, hidden: true }),
    f('tokenKey', 'text', { required: true, hidden: true, autogeneratePattern: '[a-z]{50}' }),
    f('email', 'email', { required: true }),
    f('emailVisibility', 'bool'),
    f('verified', 'bool'),
  ],
  'auth',
);
const tags = base('c_tags', 'tags', [f('label', 'text')]);
const posts = base('c_posts', 'posts', [
  f('title', 'text', { required: true, help: 'shown as the heading' }),
  f('author', 'relation', { collectionId: 'c_users', maxSelect: 1 }),
  f('tags', 'relation', { collectionId: 'c_tags', maxSelect: 9 }),
  f('secret', 'text', { hidden: true }),
  f('created', 'autodate', { onCreate: true }),
]);
const stats = base('c_stats', 'post_stats', [f('total', 'number')], 'view');
const all = [users, tags, posts, stats];
const names = typeNames(all);

const props = (schema: { properties: object } | null) => Object.keys(schema?.properties ?? {});

describe('collectionSchemas', () => {
  test('type names: PascalCase, separators dropped', () => {
    expect(typeName('posts')).toBe('Posts');
    expect(typeName('_superusers')).toBe('Superusers');
    expect(typeName('blog_posts-2')).toBe('BlogPosts2');
    expect(typeName('2fa')).toBe('C2fa');
  });

  test('record: system keys, fields, hidden ones optional with a note, expand by reference', () => {
    const { record } = collectionSchemas(posts, names);
    expect(record.$id).toBe('PostsRecord');
    expect(props(record)).toEqual([
      'collectionId',
      'collectionName',
      'id',
      'title',
      'author',
      'tags',
      'secret',
      'created',
      'expand',
    ]);
    expect(record.required).not.toContain('secret');
    expect(record.properties.secret!.description).toContain('superusers');
    expect(record.properties.title!.description).toBe('shown as the heading');
    expect(tsType(record.properties.collectionName!)).toBe('"posts"');
    expect(tsType(record.properties.expand!)).toBe('PostsExpand');
  });

  test('expand: one entry per relation, arrays for multiple, target record types', () => {
    const { expand } = collectionSchemas(posts, names);
    expect(tsType(expand!)).toBe('{\n  author?: UsersRecord;\n  tags?: TagsRecord[];\n}');
    expect(collectionSchemas(tags, names).expand).toBeNull();
  });

  test('create: required fields required, id and autodates left out or optional', () => {
    const { create, update } = collectionSchemas(posts, names);
    expect(props(create)).toEqual(['id', 'title', 'author', 'tags', 'secret']);
    expect(create!.required).toEqual(['title']);
    expect(props(update)).toEqual([
      'title',
      'author',
      'author+',
      '+author',
      'author-',
      'tags',
      'tags+',
      '+tags',
      'tags-',
      'secret',
    ]);
    expect(update!.required ?? []).toEqual([]);
  });

  test('update: write modifiers typed like their field', () => {
    const c = base('c_m', 'm', [
      f('views', 'number'),
      f('kind', 'select', { values: ['a', 'b'], maxSelect: 2 }),
      f('docs', 'file', { maxSelect: 3 }),
      f('slug', 'text', { autogeneratePattern: '[a-z]{5}' }),
    ]);
    const p = collectionSchemas(c).update!.properties;
    expect(tsType(p['views-']!)).toBe('number');
    expect(tsType(p['kind+']!)).toBe('"a" | "b" | Array<"a" | "b">');
    expect(tsType(p['+docs']!)).toBe('File | Blob | Array<File | Blob>');
    expect(tsType(p['docs-']!)).toBe('string | string[]');
    expect(tsType(p['slug:autogenerate']!)).toBe('string');
    expect(p['id:autogenerate']).toBeUndefined();
  });

  test('type names stay unique: a user collection keeps the plain name', () => {
    const mine = base('c_otps', 'otps', []);
    const system = base('c_sys', '_otps', []);
    const n = typeNames([system, mine]);
    expect(n.get('c_otps')).toBe('Otps');
    expect(n.get('c_sys')).toBe('Otps2');
    expect(generateTypes([system, mine])).toContain('export interface Otps2Record');
  });

  test('auth: no password on the record; password, passwordConfirm, oldPassword in inputs', () => {
    const s = collectionSchemas(users, names);
    expect(props(s.record)).not.toContain('password');
    expect(props(s.record)).toContain('emailVisibility');
    expect(s.create!.required).toEqual(['password', 'email', 'passwordConfirm']);
    expect(props(s.update)).toContain('oldPassword');
    expect(props(s.create)).not.toContain('oldPassword');
  });

  test('view collections are read-only: no input types', () => {
    const s = collectionSchemas(stats, names);
    expect(s.create).toBeNull();
    expect(s.update).toBeNull();
    const text = generateTypes(all);
    expect(text).toContain('export interface PostStatsRecord');
    expect(text).not.toContain('PostStatsCreate');
  });

  test('the typed client names every collection', () => {
    const text = generateTypes(all);
    expect(text).toContain(`collection(idOrName: "posts"): RecordService<PostsRecord>;`);
    expect(text).toContain(`collection(idOrName: "post_stats"): RecordService<PostStatsRecord>;`);
    expect(text).toContain('post_stats: PostStatsRecord;');
  });
});

// openAPIDocument: a pure function of the collections and the route table.
import { describe, expect, test } from 'bun:test';
import type { Collection } from '../../../src/core/collections/model.ts';
import { openAPIDocument } from '../../../src/core/schema/openapi.ts';
import { describeRule } from '../../../src/core/schema/openapi-records.ts';

const collection = (over: Partial<Collection>): Collection => ({
  id: 'c1',
  name: 'posts',
  type: 'base',
  system: false,
  fields: [
    { id: 'f0', name: 'id', type: 'text', required: true, autogeneratePattern: '[a-z0-9]{15}' },
    { id: 'f1', name: 'title', type: 'text', required: true },
    { id: 'f2', name: 'cover', type: 'file', maxSelect: 2, mimeTypes: ['image/png'] },
    { id: 'f3', name: 'owner', type: 'relation', collectionId: 'c2', maxSelect: 1 },
  ] as unknown as Collection['fields'],
  indexes: [],
  listRule: '',
  viewRule: null,
  createRule: 'owner = @request.auth.id',
  updateRule: null,
  deleteRule: null,
  created: '',
  updated: '',
  ...over,
});

// biome-ignore lint/suspicious/noExplicitAny: the document is JSON walked by path
type Json = Record<string, any>;

const doc = openAPIDocument(
  [collection({}), collection({ id: 'c2', name: 'owners', fields: [] })],
  {
    title: 'Acme',
    version: '1.2.3',
    serverURL: 'http://localhost:8090',
    routes: [
      { method: 'GET', pattern: '/api/health', group: 'health', name: 'health' },
      { method: 'GET', pattern: '/api/backups/{key}', group: 'backups', name: 'backups.download' },
      { method: 'GET', pattern: '/_/{path...}', group: 'dashboard', name: 'dashboard' },
      {
        method: 'GET',
        pattern: '/api/collections/{collection}/records',
        group: 'records',
        name: 'r',
      },
    ],
  },
) as Json;

/** Every value of `key` anywhere in `v`. */
function collect(v: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(v)) for (const x of v) collect(x, key, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === key) out.push(x);
      collect(x, key, out);
    }
  }
  return out;
}

describe('openAPIDocument', () => {
  test('rules: locked, public, or the expression', () => {
    expect(describeRule('viewRule', null)).toContain('superusers only');
    expect(describeRule('listRule', '')).toContain('public');
    expect(describeRule('createRule', 'a = 1')).toContain('`a = 1`');
    const ops = doc.paths['/api/collections/posts/records'];
    expect(ops.post.description).toContain('`owner = @request.auth.id`');
  });

  test('no $id or TypeScript-only keywords; every $ref points into components', () => {
    expect(collect(doc, '$id')).toEqual([]);
    expect(collect(doc, 'tsType')).toEqual([]);
    for (const r of collect(doc, '$ref') as string[]) {
      const [, , section, name] = r.split('/');
      expect(doc.components[section!][name!]).toBeDefined();
    }
  });

  test('fixed routes from the table (path parameters declared); records and dashboard left out', () => {
    expect(Object.keys(doc.paths)).toEqual([
      '/api/health',
      '/api/backups/{key}',
      '/api/collections/owners/records',
      '/api/collections/owners/records/{id}',
      '/api/collections/posts/records',
      '/api/collections/posts/records/{id}',
    ]);
    expect(doc.paths['/api/backups/{key}'].get.parameters[0].name).toBe('key');
  });

  test('file fields: multipart with their allowed types; create requires only what must be sent', () => {
    const body = doc.paths['/api/collections/posts/records'].post.requestBody.content;
    expect(body['multipart/form-data'].encoding).toEqual({ cover: { contentType: 'image/png' } });
    const create = body['application/json'].schema;
    expect(create.required).toEqual(['title']);
    expect(create.properties.cover).toEqual({
      type: 'array',
      items: { type: 'string', format: 'binary' },
    });
    expect(doc.components.schemas.PostsExpand.properties.owner.$ref).toBe(
      '#/components/schemas/OwnersRecord',
    );
  });
});

// The API preview's reading of an OpenAPI document (pure: no browser).
import { expect, test } from 'bun:test';
import {
  collectionOperations,
  sdkSnippet,
  typeText,
} from '../../dashboard/src/pages/api-preview/operations.ts';

const doc = {
  paths: {
    '/api/collections/posts/records': {
      get: {
        tags: ['posts'],
        operationId: 'Posts.list',
        summary: 'List posts records',
        description: 'listRule: public.',
        parameters: [{ $ref: '#/components/parameters/page' }],
        responses: {
          '200': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/PostsList' } } },
          },
        },
      },
      post: {
        tags: ['posts'],
        operationId: 'Posts.create',
        requestBody: {
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/PostsCreate' } },
            'multipart/form-data': { schema: { $ref: '#/components/schemas/PostsCreate' } },
          },
        },
        responses: { '200': { description: 'ok' } },
      },
    },
    '/api/collections/users/records': { get: { tags: ['users'], operationId: 'Users.list' } },
    '/api/health': { get: { tags: ['health'] } },
  },
  components: {
    parameters: {
      page: { name: 'page', in: 'query', schema: { type: 'integer' }, description: 'The page.' },
    },
    schemas: {
      PostsCreate: {
        type: 'object',
        required: ['title'],
        properties: {
          title: { type: 'string', description: 'The title' },
          status: { anyOf: [{ const: 'draft' }, { const: 'live' }] },
          tags: { type: 'array', items: { type: 'string' } },
          author: { $ref: '#/components/schemas/UsersRecord' },
        },
      },
    },
  },
};

test.each([
  [{ type: 'string' }, 'string'],
  [{ type: 'string', format: 'email' }, 'string (email)'],
  [{ enum: ['a', 'b'] }, '"a" | "b"'],
  [{ anyOf: [{ const: 'x' }, { type: 'null' }] }, '"x" | null'],
  [{ type: 'array', items: { type: 'integer' } }, 'integer[]'],
  [{ $ref: '#/components/schemas/UsersRecord' }, 'UsersRecord'],
  [{ type: ['string', 'null'] }, 'string | null'],
  [{}, 'any'],
])('typeText %p → %p', (schema, text) => {
  expect(typeText(doc, schema)).toBe(text);
});

test("a collection's operations: only its own, parameters and body resolved", () => {
  const ops = collectionOperations(doc, 'posts');
  expect(ops.map((o) => `${o.method} ${o.action}`)).toEqual(['GET list', 'POST create']);
  const [list, create] = ops as [(typeof ops)[0], (typeof ops)[0]];
  expect(list.params).toEqual([
    { name: 'page', type: 'query: integer', required: false, description: 'The page.' },
  ]);
  expect(list.answer).toBe('200 PostsList');
  expect(create.bodyTypes).toEqual(['application/json', 'multipart/form-data']);
  expect(create.body).toEqual([
    { name: 'title', type: 'string', required: true, description: 'The title' },
    { name: 'status', type: '"draft" | "live"', required: false, description: '' },
    { name: 'tags', type: 'string[]', required: false, description: '' },
    { name: 'author', type: 'UsersRecord', required: false, description: '' },
  ]);
  expect(create.answer).toBe('200');
  expect(sdkSnippet('posts', create)).toBe(
    'const record = await pb.collection("posts").create({\n  title: …,\n});',
  );
  expect(collectionOperations(doc, 'nope')).toEqual([]);
});

// The OpenAPI 3.1 document of the live schema: the collections' records paths from their TypeBox
// schemas (collection-schema.ts), plus every other route of the table with its method and path.
import type { TSchema } from '@sinclair/typebox';
import type { Collection } from '../collections/model.ts';
import { collectionSchemas, typeNames } from './collection-schema.ts';
import { fixedPaths } from './openapi-fixed.ts';
import { collectionPaths, type RouteInfo, ref } from './openapi-records.ts';

export type { RouteInfo } from './openapi-records.ts';

type Json = Record<string, unknown>;

export interface OpenAPIOptions {
  title: string;
  version: string;
  /** Where the API is served (the request's origin). */
  serverURL: string;
  /** The route table; records and auth routes are written out per collection instead. */
  routes: readonly RouteInfo[];
}

/** PocketBase's error envelope (http-api.md §1.3). */
const ErrorEnvelope = {
  type: 'object',
  required: ['status', 'message', 'data'],
  properties: {
    status: { type: 'integer' },
    message: { type: 'string' },
    data: { type: 'object', description: '`{ field: { code, message } }` on validation errors.' },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

const query = (name: string, schema: Json, description: string) => ({
  name,
  in: 'query',
  required: false,
  schema,
  description,
});

const PARAMETERS = {
  page: query('page', { type: 'integer', minimum: 1 }, 'The page (1-based).'),
  perPage: query(
    'perPage',
    { type: 'integer', minimum: 1, maximum: 1000 },
    'Records per page (30).',
  ),
  sort: query('sort', { type: 'string' }, 'E.g. `-created,title`; `@random`, `@rowid`.'),
  filter: query('filter', { type: 'string' }, 'A filter expression, e.g. `title ~ "abc"`.'),
  expand: query('expand', { type: 'string' }, 'Relations to expand, e.g. `author,tags.owner`.'),
  fields: query('fields', { type: 'string' }, 'Fields to return, e.g. `id,title,expand.author`.'),
  skipTotal: query('skipTotal', { type: 'boolean' }, 'Skip counting: totals come back as -1.'),
};

const listEnvelope = (item: string) => ({
  type: 'object',
  required: ['page', 'perPage', 'totalItems', 'totalPages', 'items'],
  properties: {
    page: { type: 'integer' },
    perPage: { type: 'integer' },
    totalItems: { type: 'integer' },
    totalPages: { type: 'integer' },
    items: { type: 'array', items: ref(item) },
  },
});

/**
 * TypeBox JSON → a component: `$id` dropped (components are named by key; an `$id` would move
 * the base of relative references), `Type.Ref('UsersRecord')` → `#/components/schemas/UsersRecord`,
 * TypeScript-only keywords (`tsType`) dropped.
 */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$id' || k === 'tsType') continue;
    if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) out[k] = ref(v).$ref;
    else out[k] = clean(v);
  }
  return out;
}

/** The document for `collections` (every collection of the app) and the route table. */
export function openAPIDocument(collections: Collection[], opts: OpenAPIOptions): Json {
  const names = typeNames(collections);
  const schemas: Record<string, TSchema | Json> = { Error: ErrorEnvelope };
  const authRoutes = opts.routes.filter((r) => r.group === 'records-auth');
  let paths: Record<string, Json> = fixedPaths(opts.routes);
  const sorted = [...collections].sort((a, b) => a.name.localeCompare(b.name));
  for (const c of sorted) {
    const s = collectionSchemas(c, names);
    const name = names.get(c.id)!;
    for (const one of [s.record, s.expand, s.create, s.update]) if (one) schemas[one.$id!] = one;
    schemas[`${name}List`] = listEnvelope(s.record.$id!);
    paths = { ...paths, ...collectionPaths(c, s, authRoutes) };
  }
  return clean({
    openapi: '3.1.0',
    info: {
      title: `${opts.title} API`,
      version: opts.version,
      description:
        'Generated from the live collections. Send a token as the raw `Authorization` header value.',
    },
    servers: [{ url: opts.serverURL }],
    tags: sorted.map((c) => ({ name: c.name, description: `${c.type} collection` })),
    paths,
    components: {
      schemas,
      parameters: PARAMETERS,
      responses: {
        BadRequest: errorResponse('Invalid request or failed validation.'),
        Unauthorized: errorResponse('A token is required.'),
        Forbidden: errorResponse('The caller is not allowed.'),
        NotFound: errorResponse('Not found (or hidden by the rule).'),
      },
      securitySchemes: {
        token: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'The auth token as it is, without a `Bearer ` prefix.',
        },
      },
    },
  }) as Json;
}

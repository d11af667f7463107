// One collection's paths in the OpenAPI document: records CRUD (+ auth routes), rules described.
import type { TSchema } from '@sinclair/typebox';
import type { Collection, Field } from '../collections/model.ts';
import type { CollectionSchemas } from './collection-schema.ts';

type Json = Record<string, unknown>;

/** A route of the table, as plain values (core never sees the HTTP layer's types). */
export interface RouteInfo {
  method: string;
  pattern: string;
  group: string;
  name: string;
  /** The request body's JSON Schema (a TypeBox schema, http/bodies/) and its content type. */
  body?: { schema: object; contentType?: string };
}

/** A route's body as an OpenAPI requestBody (JSON unless the route says otherwise). */
export function requestBody(r: RouteInfo): Json {
  if (!r.body) return {};
  const type = r.body.contentType ?? 'application/json';
  return { requestBody: { required: true, content: { [type]: { schema: r.body.schema } } } };
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });
export const ERRORS: Json = {
  '400': { $ref: '#/components/responses/BadRequest' },
  '401': { $ref: '#/components/responses/Unauthorized' },
  '403': { $ref: '#/components/responses/Forbidden' },
  '404': { $ref: '#/components/responses/NotFound' },
};

/** null → superusers only, '' → public, else the filter expression (filter-and-rules.md §3). */
export function describeRule(label: string, rule: string | null): string {
  if (rule === null) return `${label}: superusers only (the rule is locked).`;
  if (rule === '') return `${label}: public (anyone, guests included).`;
  return `${label}: allowed when \`${rule}\` holds (superusers always are).`;
}

/** A value that passes the field's usual constraints: what a generated request sends. */
function exampleOf(f: Field): unknown {
  switch (f.type) {
    case 'email':
      return 'user@example.com';
    case 'url':
      return 'https://example.com';
    case 'date':
      return '2024-01-01 00:00:00.000Z';
    case 'password':
      return 'password1234';
    case 'number':
      return Math.max(Number(f.min ?? 0) || 0, 1);
    case 'bool':
      return true;
    case 'select': {
      const v = Array.isArray(f.values) ? String(f.values[0] ?? '') : '';
      return Number(f.maxSelect ?? 0) > 1 ? [v] : v;
    }
    case 'json':
      return {};
    case 'geoPoint':
      return { lon: 0, lat: 0 };
    case 'text':
    case 'editor': {
      const min = Math.max(Number(f.min ?? 0) || 0, 4);
      return 'x'.repeat(min);
    }
    default:
      return undefined;
  }
}

/** The create input with an `example` on each field that has an obvious one. */
function withExamples(schema: TSchema, c: Collection): Json {
  const props = { ...(schema.properties as Record<string, Json>) };
  for (const f of c.fields) {
    const ex = props[f.name] ? exampleOf(f) : undefined;
    if (ex !== undefined) props[f.name] = { ...props[f.name], examples: [ex] };
  }
  if (props.passwordConfirm)
    props.passwordConfirm = { ...props.passwordConfirm, examples: ['password1234'] };
  return { ...schema, properties: props };
}

const jsonContent = (schema: Json) => ({ 'application/json': { schema } });

/** JSON, and multipart when there are files (with each file field's allowed types, if any). */
function body(schema: Json, c: Collection): Json {
  const content: Json = jsonContent(schema);
  const files = c.fields.filter((f) => f.type === 'file');
  if (!files.length) return { required: true, content };
  const encoding: Json = {};
  for (const f of files) {
    const types = Array.isArray(f.mimeTypes) ? f.mimeTypes.map(String) : [];
    if (types.length) encoding[f.name] = { contentType: types.join(', ') };
  }
  content['multipart/form-data'] = {
    schema,
    ...(Object.keys(encoding).length ? { encoding } : {}),
  };
  return { required: true, content };
}

const ok = (description: string, schema: Json) => ({
  description,
  content: jsonContent(schema),
});

/** `/api/backups/{key}` → its `{key}` as a required path parameter. */
export function pathParams(path: string): Json[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

const strings = (...names: string[]) => ({
  type: 'object',
  required: names,
  properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])),
});

/** Answers of the auth routes by action (http-api.md §4): 'auth', 204, or a schema. */
const AUTH_ACTIONS: Record<string, { answer: 'auth' | 'none' | Json }> = {
  'auth-methods': { answer: { type: 'object' } },
  'auth-with-password': { answer: 'auth' },
  'auth-with-otp': { answer: 'auth' },
  'auth-with-oauth2': { answer: 'auth' },
  'auth-refresh': { answer: 'auth' },
  'request-otp': { answer: strings('otpId') },
  'request-verification': { answer: 'none' },
  'confirm-verification': { answer: 'none' },
  'request-password-reset': { answer: 'none' },
  'confirm-password-reset': { answer: 'none' },
  'request-email-change': { answer: 'none' },
  'confirm-email-change': { answer: 'none' },
  'impersonate/{id}': { answer: 'auth' },
};

/** The auth routes of the table, written out for one auth collection. */
function authPaths(
  c: Collection,
  name: string,
  routes: readonly RouteInfo[],
): Record<string, Json> {
  const paths: Record<string, Json> = {};
  const authAnswer = {
    type: 'object',
    required: ['token', 'record'],
    properties: {
      token: { type: 'string' },
      record: ref(`${name}Record`),
      meta: { type: 'object' },
    },
  };
  for (const r of routes) {
    const path = r.pattern.replace('{collection}', c.name);
    const action = r.pattern.split('{collection}/')[1] ?? r.pattern;
    const known = AUTH_ACTIONS[action];
    const answer = known?.answer ?? { type: 'object' };
    const params = pathParams(path);
    paths[path] ??= {};
    paths[path]![r.method.toLowerCase()] = {
      tags: [c.name],
      operationId: `${name}.${action.replace('/{id}', '')}`,
      summary: `${action.split('/')[0]!.replaceAll('-', ' ')} (${c.name})`,
      security: [{}, { token: [] }],
      ...(params.length ? { parameters: params } : {}),
      ...requestBody(r),
      responses: {
        ...(answer === 'none'
          ? { '204': { description: 'Done.' } }
          : { '200': ok('The result.', answer === 'auth' ? authAnswer : answer) }),
        ...ERRORS,
      },
    };
  }
  return paths;
}

/** `/api/collections/posts/records…` (and the auth routes of an auth collection) → path items. */
export function collectionPaths(
  c: Collection,
  schemas: CollectionSchemas,
  authRoutes: readonly RouteInfo[],
): Record<string, Json> {
  const name = String(schemas.record.$id).replace(/Record$/, '');
  const base = `/api/collections/${c.name}/records`;
  const tags = [c.name];
  const record = ref(schemas.record.$id!);
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const common = { tags, security: [{}, { token: [] }] };
  const list = {
    ...common,
    operationId: `${name}.list`,
    summary: `List ${c.name} records`,
    description: describeRule('listRule', c.listRule),
    parameters: ['page', 'perPage', 'sort', 'filter', 'expand', 'fields', 'skipTotal'].map(param),
    responses: { '200': ok('A page of records.', ref(`${name}List`)), ...ERRORS },
  };
  const view = {
    ...common,
    operationId: `${name}.view`,
    summary: `View a ${c.name} record`,
    description: describeRule('viewRule', c.viewRule),
    parameters: [idParam, param('expand'), param('fields')],
    responses: { '200': ok('The record.', record), ...ERRORS },
  };
  const paths: Record<string, Json> = { [base]: { get: list }, [`${base}/{id}`]: { get: view } };
  if (schemas.create && schemas.update) {
    paths[base]!.post = {
      ...common,
      operationId: `${name}.create`,
      summary: `Create a ${c.name} record`,
      description: describeRule('createRule', c.createRule),
      parameters: [param('expand'), param('fields')],
      requestBody: body(withExamples(schemas.create, c), c),
      responses: { '200': ok('The created record.', record), ...ERRORS },
    };
    paths[`${base}/{id}`]!.patch = {
      ...common,
      operationId: `${name}.update`,
      summary: `Update a ${c.name} record`,
      description: describeRule('updateRule', c.updateRule),
      parameters: [idParam, param('expand'), param('fields')],
      requestBody: body(ref(schemas.update.$id!), c),
      responses: { '200': ok('The updated record.', record), ...ERRORS },
    };
    paths[`${base}/{id}`]!.delete = {
      ...common,
      operationId: `${name}.delete`,
      summary: `Delete a ${c.name} record`,
      description: describeRule('deleteRule', c.deleteRule),
      parameters: [idParam],
      responses: { '204': { description: 'Deleted.' }, ...ERRORS },
    };
  }
  if (c.type === 'auth') Object.assign(paths, authPaths(c, name, authRoutes));
  return paths;
}

// The routes of the table that are not per collection: method, path, summary, the error envelope,
// and each route's body as the route table gives it (http/bodies/; http-api.md §2, §5–§9).
import { ERRORS, pathParams, type RouteInfo, requestBody } from './openapi-records.ts';

type Json = Record<string, unknown>;

const obj = (properties: Json, required: string[] = []): Json => ({
  type: 'object',
  required,
  properties,
});
const S = { type: 'string' };
const json = (schema: Json) => ({ 'application/json': { schema } });

/** `METHOD pattern` → what is worth saying beyond the method and path. */
const KNOWN: Record<string, { summary: string; answer?: Json; empty?: boolean }> = {
  'GET /api/health': {
    summary: 'Health check',
    answer: obj({ code: { type: 'integer' }, message: S, data: { type: 'object' } }),
  },
  'GET /api/collections': { summary: 'List collections (superusers)' },
  'POST /api/collections': { summary: 'Create a collection' },
  'PUT /api/collections/import': { summary: 'Import collections', empty: true },
  'GET /api/settings': { summary: 'The app settings (secrets masked)' },
  'PATCH /api/settings': { summary: 'Update the app settings (deep merge)' },
  'POST /api/batch': {
    summary: 'Run record writes in one transaction',
    answer: { type: 'array', items: obj({ status: { type: 'integer' }, body: {} }) },
  },
  'GET /api/files/{collection}/{record}/{filename}': { summary: 'Download a file' },
  'POST /api/files/token': {
    summary: 'A short-lived token for protected files',
    answer: obj({ token: S }),
  },
  'GET /api/realtime': { summary: 'Open the realtime event stream (SSE)' },
  'POST /api/realtime': { summary: 'Set the subscriptions of a realtime client', empty: true },
  'GET /api/backups': { summary: 'List backups' },
  'POST /api/backups': { summary: 'Create a backup', empty: true },
  'GET /api/crons': { summary: 'List cron jobs' },
  'POST /api/crons/{id}': { summary: 'Run a cron job now', empty: true },
  'POST /api/sql': { summary: 'Run SQL statements as one transaction (superusers)' },
  'GET /api/openapi.json': { summary: 'This document' },
};

const PER_COLLECTION = new Set(['records', 'records-auth', 'dashboard']);
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch']);

/** The table's routes other than records, auth and dashboard ones, as OpenAPI path items. */
export function fixedPaths(routes: readonly RouteInfo[]): Record<string, Json> {
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const method = r.method.toLowerCase();
    if (PER_COLLECTION.has(r.group) || !METHODS.has(method) || r.pattern.endsWith('/')) continue;
    // `{path...}` → `{path}`; `{$}` (exact match) → nothing
    const path = r.pattern.replace(/\{(\w+)\.\.\.\}$/, '{$1}').replace(/\{\$\}$/, '');
    const params = pathParams(path);
    const known = KNOWN[`${r.method} ${r.pattern}`];
    paths[path] ??= {};
    paths[path]![method] = {
      tags: [r.group],
      operationId: r.name,
      summary: known?.summary ?? `${r.method} ${r.pattern}`,
      security: [{}, { token: [] }],
      ...(params.length ? { parameters: params } : {}),
      ...requestBody(r),
      responses: {
        ...(known?.empty
          ? { '204': { description: 'Done.' } }
          : {
              '200': {
                description: 'Success.',
                ...(known?.answer ? { content: json(known.answer) } : {}),
              },
            }),
        ...ERRORS,
      },
    };
  }
  return paths;
}

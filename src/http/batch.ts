// POST /api/batch (http-api.md §4): reads and validates the batch, then dispatches each sub-request in one transaction.
// The core's batch modules load with the first batch request, not at every start.
import type { BatchAction, BatchTarget } from '../core/batch/actions.ts';
import type { BatchRequest } from '../core/batch/requests.ts';
import type { BatchResult } from '../core/batch/run.ts';
import { BadRequestError, ForbiddenError, TooLargeError } from '../core/errors.ts';
import { JSON_PAYLOAD_KEY, readBody } from './body.ts';
import type { RequestEvent } from './event.ts';
import { fieldsOf, pickedResponse } from './fields-param.ts';
import { type RequestHooks, runRequestHook } from './request-hooks.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit, RouteTable } from './routes.ts';

/** `settings.batch.maxBodySize` of 0 means PocketBase's default. */
const DEFAULT_MAX_BODY = 128 << 20;
const DEFAULT_TIMEOUT_SECONDS = 3;
/** Headers of the batch request that describe its own body, not a sub-request's. */
const BODY_HEADERS = ['content-length', 'content-type', 'transfer-encoding', 'content-encoding'];

export const batchRoutes = (
  ctx: RequestState,
  routes: RouteTable,
  hooks: RequestHooks,
): RouteInit[] => [
  {
    method: 'POST',
    pattern: '/api/batch',
    group: 'batch',
    bodyLimit: 'route',
    handler: async (e) => {
      const { core } = ctx;
      const request = e.request;
      const settings = core.settings.get().batch;
      if (!settings.enabled || settings.maxRequests <= 0) {
        throw new ForbiddenError('Batch requests are not allowed.');
      }
      // Resolving the caller first applies settings.superuserIPs to the batch itself.
      await e.resolveAuth();
      const form = await readBatchBody(request, settings.maxBodySize || DEFAULT_MAX_BODY);
      const [{ attachBatchFiles, readBatchRequests, validateBatchRequests }, { runBatch }] =
        await Promise.all([import('../core/batch/requests.ts'), import('../core/batch/run.ts')]);
      const requests = readBatchRequests(form);
      if (isMultipart(request)) attachBatchFiles(requests, form);
      validateBatchRequests(requests, settings.maxRequests);
      const timeout = settings.timeout > 0 ? settings.timeout : DEFAULT_TIMEOUT_SECONDS;
      return runRequestHook(hooks.onBatchRequest, e, { batch: requests }, async (x) => {
        const results = await runBatch(core, x.batch, {
          timeoutMs: timeout * 1000,
          match: (sub) => batchTarget(routes, sub),
          execute: (sub, action) => dispatchSubRequest(ctx, e, sub, action),
        });
        return pickedResponse(results, fieldsOf(request));
      });
    },
  },
];

/**
 * The record route a sub-request names, from the route table's `batch` entries; PUT on the create
 * route is an upsert. `POST /api/collections/posts/records?expand=a` → create in `posts`.
 */
function batchTarget(routes: RouteTable, sub: BatchRequest): BatchTarget | null {
  const method = sub.method.toUpperCase();
  if (!sub.url.startsWith('/')) return null;
  const q = sub.url.indexOf('?');
  const match = routes.match(
    method === 'PUT' ? 'POST' : method,
    q < 0 ? sub.url : sub.url.slice(0, q),
  );
  const action = match?.route.batch;
  const collection = match?.params.collection;
  if (!action || collection === undefined) return null;
  if (method === 'PUT') return action === 'create' ? { action: 'upsert', collection } : null;
  return { action, collection };
}

async function readBatchBody(request: Request, limit: number): Promise<Record<string, unknown>> {
  try {
    return await readBody(request, limit);
  } catch (err) {
    if (err instanceof TooLargeError) throw err;
    throw new BadRequestError('Failed to read the submitted batch data.');
  }
}

function isMultipart(request: Request): boolean {
  return (request.headers.get('content-type') ?? '')
    .toLowerCase()
    .startsWith('multipart/form-data');
}

/**
 * Builds the sub-request like PocketBase: the batch request's headers (its Authorization
 * included), then the item's own headers except Authorization, and the item's body — as JSON, or
 * multipart with `@jsonPayload` when it carries files — then runs it through the whole app.
 */
async function dispatchSubRequest(
  ctx: RequestState,
  e: RequestEvent,
  sub: BatchRequest,
  action: BatchAction,
): Promise<BatchResult> {
  const batch = e.request;
  const headers = new Headers();
  batch.headers.forEach((v, k) => {
    if (!BODY_HEADERS.includes(k)) headers.set(k, v);
  });
  for (const [k, v] of Object.entries(sub.headers)) {
    // The auth state always comes from the batch request.
    if (k.toLowerCase() === 'authorization' || BODY_HEADERS.includes(k.toLowerCase())) continue;
    try {
      headers.set(k, v);
    } catch {
      // Not a valid header name or value: a header that can't exist is not sent.
    }
  }
  const request = new Request(new URL(action.url, batch.url), {
    method: action.method,
    headers,
    body: subRequestBody(sub.body, headers),
  });
  // filter-and-rules.md §2.4: rules of a batch sub-request see `@request.context = "batch"`; a
  // sub-request never crossed a socket: it comes from where its parent came from.
  const res = await ctx.dispatch(request, { ip: e.realIP(), context: 'batch' });
  const text = await res.text();
  return { status: res.status, body: parseJson(text) };
}

function subRequestBody(body: Record<string, unknown>, headers: Headers): BodyInit | undefined {
  const plain: Record<string, unknown> = {};
  const files: [string, File][] = [];
  for (const [k, v] of Object.entries(body)) {
    const list = Array.isArray(v) ? v : [v];
    if (list.length > 0 && list.every((f) => f instanceof File)) {
      for (const f of list as File[]) files.push([k, f]);
    } else plain[k] = v;
  }
  if (files.length === 0) {
    if (Object.keys(plain).length === 0) return undefined;
    headers.set('content-type', 'application/json');
    return JSON.stringify(plain);
  }
  // FormData sets its own multipart content type with the boundary.
  const form = new FormData();
  if (Object.keys(plain).length > 0) form.append(JSON_PAYLOAD_KEY, JSON.stringify(plain));
  for (const [k, f] of files) form.append(k, f);
  return form;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

// Which sub-requests a batch may run (http-api.md §4): record create, update, delete and upsert.

import type { Core } from '../core.ts';
import { findRecordById } from '../records/find.ts';
import { decodeComponent } from '../url-escapes.ts';
import type { BatchRequest } from './requests.ts';

/** What a sub-request runs as: the record route to dispatch it to. */
export interface BatchAction {
  method: 'POST' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/api/collections/posts/records/abc?expand=author`. */
  url: string;
}

const CREATE = /^POST \/api\/collections\/([^/?]+)\/records(\?.*)?$/s;
const UPSERT = /^PUT \/api\/collections\/([^/?]+)\/records(\?.*)?$/s;
const UPDATE = /^PATCH \/api\/collections\/([^/?]+)\/records\/([^/?]+)(\?.*)?$/s;
const DELETE = /^DELETE \/api\/collections\/([^/?]+)\/records\/([^/?]+)(\?.*)?$/s;

/**
 * The action for `request`, or null for anything else (which fails the batch). An upsert is an
 * update when `body.id` names a stored record of the collection, otherwise a create; it is
 * resolved when its turn comes, so it sees what earlier sub-requests wrote.
 */
export function resolveBatchAction(core: Core, request: BatchRequest): BatchAction | null {
  const line = `${request.method.toUpperCase()} ${request.url}`;
  if (CREATE.test(line)) return { method: 'POST', url: request.url };
  if (UPDATE.test(line)) return { method: 'PATCH', url: request.url };
  if (DELETE.test(line)) return { method: 'DELETE', url: request.url };
  const upsert = UPSERT.exec(line);
  if (!upsert) return null;
  const [, collection = '', query = ''] = upsert;
  const base = `/api/collections/${collection}/records`;
  const id = idOf(request.body.id);
  const c = core.collections.find(decodeSegment(collection));
  if (id && c && findRecordById(core, c, id)) {
    return { method: 'PATCH', url: `${base}/${encodeURIComponent(id)}${query}` };
  }
  return { method: 'POST', url: `${base}${query}` };
}

function idOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** Path segments reach the router percent-decoded; match the collection the same way. */
function decodeSegment(s: string): string {
  // A malformed escape names no collection: kept as it is, it is not found (404), like PocketBase.
  return decodeComponent(s) ?? s;
}

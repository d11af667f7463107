// Which sub-requests a batch may run (http-api.md §4): record create, update, delete and upsert.
import type { Core } from '../core.ts';
import { findRecordById } from '../records/find.ts';
import type { BatchRequest } from './requests.ts';

/** What a sub-request runs as: the record route to dispatch it to. */
export interface BatchAction {
  method: 'POST' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/api/collections/posts/records/abc?expand=author`. */
  url: string;
}

/**
 * The record route a sub-request names, as the HTTP layer's route table matched it (core knows no
 * URLs): `PUT /api/collections/posts/records` → {action: 'upsert', collection: 'posts'}.
 */
export interface BatchTarget {
  action: 'create' | 'update' | 'delete' | 'upsert';
  /** The collection, percent-decoded. */
  collection: string;
}

/**
 * The action for `request` with its matched `target`, or null for anything else (which fails the
 * batch). An upsert is an update when `body.id` names a stored record of the collection, otherwise
 * a create; it is resolved when its turn comes, so it sees what earlier sub-requests wrote.
 */
export function resolveBatchAction(
  core: Core,
  request: BatchRequest,
  target: BatchTarget | null,
): BatchAction | null {
  if (!target) return null;
  if (target.action === 'create') return { method: 'POST', url: request.url };
  if (target.action === 'update') return { method: 'PATCH', url: request.url };
  if (target.action === 'delete') return { method: 'DELETE', url: request.url };
  const q = request.url.indexOf('?');
  const base = q < 0 ? request.url : request.url.slice(0, q);
  const query = q < 0 ? '' : request.url.slice(q);
  const id = idOf(request.body.id);
  const c = core.collections.find(target.collection);
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

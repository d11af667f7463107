// Expands relation paths on serialized records (http-api.md §1.8), one batched query per path level.

import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';
import type { AuthInfo } from './auth-info.ts';
import { applyEnrichment, type Enrichment, enrichRecord, hasEnrichHooks } from './enrich.ts';
import { backRelationIds, type ExpandRequest, expandMeta, fetchViewable } from './expand-fetch.ts';
import {
  ExpandPathError,
  MAX_EXPAND_DEPTH,
  normalizeExpandPaths,
  relationIds,
  resolveExpandStep,
} from './expand-paths.ts';
import type { RecordData } from './record.ts';
import { managedIds } from './rules.ts';
import { serializeRecord } from './serialize.ts';

export type { ExpandRequest } from './expand-fetch.ts';

export interface ExpandInput {
  collection: Collection;
  /** The records, in the same order as `json`. */
  records: RecordData[];
  /** Their serialized forms; an `expand` key is added to each when `expand` is valid. */
  json: Record<string, unknown>[];
  /** The raw `?expand=` parameter. */
  expand: string;
  auth: AuthInfo | null;
  /** Method/query/headers/body for `@request.*` in the related collections' rules (empty when absent). */
  request?: ExpandRequest;
}

/** A record in the expand tree; `expand` stays null until a path is processed on its level. */
interface Node {
  collection: Collection;
  record: RecordData;
  expand: Map<string, Expanded> | null;
}

type Expanded = Node | Node[];

/**
 * The expand of a record whose path found nothing viewable (it still shows `expand: {}`): one
 * shared empty map, never written to (`ownExpand` replaces it first), not one per record.
 */
const NOTHING = new Map<string, Expanded>();

/** The node's own expand map, to write into. */
function ownExpand(node: Node): Map<string, Expanded> {
  if (node.expand === null || node.expand === NOTHING) node.expand = new Map();
  return node.expand;
}

/** Per-call state: fetch results are shared between paths with a common prefix (`a.b,a.c`). */
interface Session {
  core: Core;
  auth: AuthInfo | null;
  request: ExpandRequest;
  fetched: Map<string, RecordData[]>;
  /** Expanded auth records whose email the requester may see through the manageRule. */
  managed: WeakMap<RecordData, boolean>;
  /** What onRecordEnrich made of each expanded record; null when no handler is bound. */
  enriched: Map<Node, Enrichment> | null;
}

/**
 * Adds `expand` to each `json[i]`. Each path succeeds or fails as a whole, like PocketBase's: a
 * failing path (unknown field, locked viewRule, bad rule) adds nothing and never fails the request.
 * Synchronous unless onRecordEnrich handlers are bound (then the promise of their run): a list
 * without them answers without waiting on a promise.
 */
export function applyExpand(core: Core, input: ExpandInput): undefined | Promise<void> {
  const { collection, records, json, auth } = input;
  const paths = expandPaths(input.expand ?? '');
  if (paths.length === 0 || records.length === 0) return;
  const session: Session = {
    core,
    auth,
    request: input.request ?? {},
    fetched: new Map(),
    managed: new WeakMap(),
    enriched: null,
  };
  const roots: Node[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    roots[i] = { collection, record: records[i]!, expand: null };
  }
  for (const path of paths) {
    try {
      expandLevel(session, roots, path.split('.'), 1);
    } catch (err) {
      if (!(err instanceof ExpandPathError) && !isExpected(err)) {
        console.error('expand failed:', err);
      } else if (core.dev) console.warn(`expand "${path}" skipped:`, (err as Error).message);
    }
  }
  if (!hasEnrichHooks(core)) return writeExpand(session, roots, json);
  return enrichTree(session, roots).then((enriched) => {
    session.enriched = enriched;
    writeExpand(session, roots, json);
  });
}

/** Each root's expand tree as JSON into its serialized record. */
function writeExpand(session: Session, roots: Node[], json: Record<string, unknown>[]): undefined {
  const cache = new Map<Node, Record<string, unknown>>();
  for (let i = 0; i < roots.length; i++) {
    const node = roots[i]!;
    const target = json[i];
    if (node.expand && target) setSorted(target, 'expand', expandJSON(session, node.expand, cache));
  }
}

/** Normalized `?expand=` values by their text: clients send the same few over and over. */
const pathCache = new Map<string, readonly string[]>();
const PATH_CACHE_MAX = 256;

function expandPaths(raw: string): readonly string[] {
  let paths = pathCache.get(raw);
  if (paths) return paths;
  paths = Object.freeze(normalizeExpandPaths(raw));
  // Short texts only: a hostile 5,000-segment parameter is normalized, never kept.
  if (raw.length <= 200) {
    if (pathCache.size >= PATH_CACHE_MAX) pathCache.clear();
    pathCache.set(raw, paths);
  }
  return paths;
}

/** Runs the enrich hooks once on every expanded record (the roots are enriched by their caller). */
async function enrichTree(s: Session, roots: Node[]): Promise<Map<Node, Enrichment>> {
  const out = new Map<Node, Enrichment>();
  const meta = expandMeta(s.request);
  const visit = async (node: Node): Promise<void> => {
    for (const v of node.expand?.values() ?? []) {
      for (const child of Array.isArray(v) ? v : [v]) {
        if (out.has(child)) continue;
        out.set(child, await enrichRecord(s.core, child.collection, child.record, s.auth, meta));
        await visit(child);
      }
    }
  };
  for (const root of roots) await visit(root);
  return out;
}

/** Filter errors (400s) and SQLite errors from a rule: the path is skipped quietly. */
function isExpected(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return true;
  return (err as { status?: unknown }).status === 400;
}

/** Expands `segments` on `records` (all of one collection), deepest level first. */
function expandLevel(s: Session, records: Node[], segments: string[], level: number): void {
  const [segment, ...rest] = segments;
  if (segment === undefined || level > MAX_EXPAND_DEPTH || records.length === 0) return;
  const step = resolveExpandStep(s.core.collections, records[0]!.collection, segment);
  let idsOf: (n: Node) => string[];
  if (step.kind === 'back') {
    const parentIds = unique(records.map((n) => n.record.id));
    const byParent = backRelationIds(s.core, step.target, step.field, parentIds);
    idsOf = (n) => byParent.get(n.record.id) ?? [];
  } else {
    idsOf = (n) => relationIds(n.record[step.field.name]);
  }
  // Each record's ids once: they select what to fetch, then what each record gets.
  const idLists = records.map(idsOf);
  const wanted = new Set<string>();
  for (const ids of idLists) for (const id of ids) wanted.add(id);
  const rels: Node[] = fetch(s, step.target, [...wanted]).map((record) => ({
    collection: step.target,
    record,
    expand: null,
  }));
  // Nested levels first: a failure below leaves this level untouched (the whole path is skipped).
  expandLevel(s, rels, rest, level + 1);
  const byId = new Map<string, Node>();
  for (const n of rels) byId.set(n.record.id, n);
  for (let i = 0; i < records.length; i++) {
    const node = records[i]!;
    const valid: Node[] = [];
    if (byId.size > 0) {
      for (const id of idLists[i]!) {
        const rel = byId.get(id);
        if (rel) valid.push(rel);
      }
    }
    if (valid.length === 0) {
      node.expand ??= NOTHING;
      continue;
    }
    const expand = ownExpand(node);
    // An earlier path through the same key (`a.b` before `a.c`) keeps what it expanded below.
    for (const old of asList(expand.get(step.key))) {
      for (const rel of valid) if (rel.record.id === old.record.id) mergeExpand(rel, old.expand);
    }
    expand.set(step.key, step.multiple ? valid : valid[0]!);
  }
}

function fetch(s: Session, c: Collection, ids: string[]): RecordData[] {
  // The ids' JSON is both the session key and the query's bound array: built once.
  const idsJson = JSON.stringify(ids);
  const key = `${c.id}\u0000${idsJson}`;
  let hit = s.fetched.get(key);
  if (!hit) {
    hit = fetchViewable(s.core, c, ids, s.auth, s.request, idsJson);
    s.fetched.set(key, hit);
    markManaged(s, c, hit);
  }
  return hit;
}

/** Resolves the manageRule for all fetched auth records at once (else serializing asks per record). */
function markManaged(s: Session, c: Collection, records: RecordData[]): void {
  if (c.type !== 'auth' || s.auth?.isSuperuser) return;
  const hidden = records.filter((r) => r.emailVisibility !== true);
  if (hidden.length === 0) return;
  const ids = managedIds(
    s.core,
    c,
    hidden.map((r) => r.id),
    s.auth,
    expandMeta(s.request),
  );
  for (const r of hidden) s.managed.set(r, ids.has(r.id));
}

/** PocketBase's Record.MergeExpand: `extra` is added to `into`, same-id records merged deeply. */
function mergeExpand(into: Node, extra: Map<string, Expanded> | null): void {
  if (!extra || extra.size === 0) return;
  const expand = ownExpand(into);
  for (const [key, incoming] of extra) {
    const existing = expand.get(key);
    if (existing === undefined) {
      expand.set(key, incoming);
      continue;
    }
    const merged = [...asList(existing)];
    const byId = new Map(merged.map((n) => [n.record.id, n]));
    for (const n of asList(incoming)) {
      const old = byId.get(n.record.id);
      if (old) mergeExpand(old, n.expand);
      else merged.push(n);
    }
    const isList = Array.isArray(existing) || Array.isArray(incoming) || merged.length === 0;
    expand.set(key, isList ? merged : merged[0]!);
  }
}

function asList(v: Expanded | undefined): Node[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

/** The expand map as JSON, keys sorted like PocketBase's; a record shared by parents is built once. */
function expandJSON(
  s: Session,
  expand: Map<string, Expanded>,
  cache: Map<Node, Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Most maps hold no key (nothing viewable) or one (one path): nothing to sort.
  if (expand.size === 0) return out;
  const keys = expand.size === 1 ? expand.keys() : [...expand.keys()].sort();
  for (const key of keys) {
    const v = expand.get(key)!;
    out[key] = Array.isArray(v) ? v.map((n) => nodeJSON(s, n, cache)) : nodeJSON(s, v, cache);
  }
  return out;
}

function nodeJSON(
  s: Session,
  node: Node,
  cache: Map<Node, Record<string, unknown>>,
): Record<string, unknown> {
  let hit = cache.get(node);
  if (!hit) {
    const expand = node.expand ? expandJSON(s, node.expand, cache) : undefined;
    const e = s.enriched?.get(node);
    hit = serializeRecord(s.core, node.collection, e?.record ?? node.record, {
      auth: s.auth,
      expand,
      managed: s.managed.get(node.record),
      meta: expandMeta(s.request),
    });
    if (e) hit = applyEnrichment(node.collection, hit, e, s.auth?.isSuperuser ?? false);
    cache.set(node, hit);
  }
  return hit;
}

/** Sets `key` keeping the object's keys in sorted order (records are emitted sorted). */
function setSorted(target: Record<string, unknown>, key: string, value: unknown): void {
  // Serialized with a slot for it (`expandSlot`): already in place.
  if (target[key] === undefined && Object.hasOwn(target, key)) {
    target[key] = value;
    return;
  }
  target[key] = value;
  const entries = Object.entries(target).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [k] of entries) delete target[k];
  for (const [k, v] of entries) target[k] = v;
}

// Subscription strings → topics (realtime.md §2.1, §2.2): `posts/*`, `posts/<id>`, legacy `posts`, `?options=` JSON.
import { snakecase } from '../inflector.ts';

/** The request parts a subscription hands to rules as `@request.query.*` / `@request.headers.*`. */
export interface TopicOptions {
  query: Record<string, string>;
  headers: Record<string, string>;
}

export interface Topic {
  /** The exact subscription string: the event name of every message it produces (§3). */
  raw: string;
  /** The part before `?`; events are matched on it (`s + "?"` starts with `posts/*?` ⟺ path = `posts/*`). */
  path: string;
  /** `list` for `c/*` and legacy `c` (listRule), `view` for `c/<id>` (viewRule), `other` for the rest. */
  kind: 'list' | 'view' | 'other';
  /** Collection id or name as the client wrote it (`list`/`view` only). */
  collection: string;
  /** Options; null when the `options` parameter is not valid JSON (such a topic never fires). */
  options: TopicOptions | null;
}

const EMPTY_OPTIONS: TopicOptions = { query: {}, headers: {} };

/** Every value is stringified, as PocketBase does when it reads the options map. */
function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  for (const [k, item] of Object.entries(v)) {
    if (item === null || item === undefined) out[k] = '';
    else out[k] = typeof item === 'object' ? JSON.stringify(item) : String(item);
  }
  return out;
}

/** `X-Token` → `x_token` (§2.2). */
function snakeHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[snakecase(k)] = v;
  return out;
}

function parseOptions(search: string): TopicOptions | null {
  const encoded = new URLSearchParams(search).get('options');
  if (encoded === null || encoded === '') return EMPTY_OPTIONS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(encoded);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const o = parsed as Record<string, unknown>;
  return { query: stringMap(o.query), headers: snakeHeaders(stringMap(o.headers)) };
}

/**
 * `posts/*?options=%7B%22query%22%3A%7B%22expand%22%3A%22author%22%7D%7D` →
 * `{path: 'posts/*', kind: 'list', collection: 'posts', options: {query: {expand: 'author'}, headers: {}}}`.
 */
export function parseTopic(raw: string): Topic {
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const options = q < 0 ? EMPTY_OPTIONS : parseOptions(raw.slice(q + 1));
  const slash = path.indexOf('/');
  if (path === '' || path.startsWith('@')) {
    return { raw, path, kind: 'other', collection: '', options };
  }
  if (slash < 0) return { raw, path, kind: 'list', collection: path, options };
  const collection = path.slice(0, slash);
  const rest = path.slice(slash + 1);
  if (collection === '' || rest === '' || rest.includes('/')) {
    return { raw, path, kind: 'other', collection: '', options };
  }
  return { raw, path, kind: rest === '*' ? 'list' : 'view', collection, options };
}

/** The topic paths an event on record `recordId` of collection (`id`, `name`) is delivered to. */
export function eventPaths(collection: { id: string; name: string }, recordId: string): string[] {
  const { id, name } = collection;
  const paths = [`${name}/*`, `${name}/${recordId}`, name];
  if (id !== name) paths.push(`${id}/*`, `${id}/${recordId}`, id);
  return paths;
}

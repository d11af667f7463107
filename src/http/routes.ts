// The one route table: every HTTP route as data, plus what the transport derives from it (group, body cap, rate-limit tags).
//
// Why not Elysia's router: its route tree is compiled once and has no way to remove a route, while
// routes and middlewares that hooks add must go again when the hooks reload; and Elysia's handlers
// get its own context, not our request event, so per-request state had to live in side tables keyed
// by Request. A segment trie over Go ServeMux patterns (PocketBase's `routerAdd` syntax) is ~150
// lines, is rebuilt on every change, and costs a record view no more than the regex fast path it
// replaced (no percent-decoding unless a segment has a `%`, which was most of that path's cost).
import { decodeComponent } from '../core/url-escapes.ts';
import type { Middleware, Route, RouteInit } from './event.ts';

export type { Middleware, Route, RouteHandler, RouteInit } from './event.ts';

export interface RouteMatch {
  route: Route;
  /** Path wildcards, percent-decoded (a malformed escape stays as sent). */
  params: Record<string, string>;
}

interface Node {
  statics: Map<string, Node>;
  /** `statics` as two arrays, filled when the trie is built (see `staticChild`). */
  keys: string[];
  children: Node[];
  param: Node | null;
  /** `{name...}` or a trailing `/`: takes the rest of the path. */
  rest: Map<string, Route> | null;
  routes: Map<string, Route>;
}

const newNode = (): Node => ({
  statics: new Map(),
  keys: [],
  children: [],
  param: null,
  rest: null,
  routes: new Map(),
});

/** Malformed escapes were refused before matching (http/index.ts); kept as they are otherwise. */
function decode(s: string): string {
  return decodeComponent(s) ?? s;
}

/** `/api/{c}/x/{rest...}` → ['api', {param c}, 'x', {rest rest}]. */
function parsePattern(pattern: string): { segments: string[]; params: string[]; rest: boolean } {
  if (!pattern.startsWith('/')) throw new Error(`route pattern must start with '/': ${pattern}`);
  const segments = pattern.slice(1).split('/');
  const params: string[] = [];
  let rest = false;
  const last = segments.length - 1;
  if (segments[last] === '{$}') segments[last] = '';
  else if (segments[last] === '') {
    segments.pop();
    rest = true;
    params.push('');
  } else if (/^\{\w+\.\.\.\}$/.test(segments[last]!)) {
    params.push(segments.pop()!.slice(1, -4));
    rest = true;
  }
  for (const [i, s] of segments.entries()) {
    const m = /^\{(\w+)\}$/.exec(s);
    if (m) {
      params.splice(params.length - (rest ? 1 : 0), 0, m[1]!);
      segments[i] = '{}';
    } else if (s.includes('{') || s.includes('}')) {
      throw new Error(`bad route pattern segment '${s}': ${pattern}`);
    }
  }
  return { segments, params, rest };
}

/**
 * The routes and middlewares of one app. Changes rebuild the lookup trie (routes change rarely;
 * lookups happen on every request). Static segments win over `{name}`, which wins over `{rest...}`.
 */
export class RouteTable {
  private list: Route[] = [];
  private root: Node = newNode();
  private uses: { fn: Middleware; source: string }[] = [];
  /** The table's middlewares in order; empty on the common path, so no chain is built. */
  middlewares: readonly Middleware[] = [];

  add(routes: readonly RouteInit[], source = 'core'): void {
    // All or nothing: a bad pattern throws before any route of the call is added.
    const added = routes.map((init): Route => {
      const { params } = parsePattern(init.pattern);
      const name = init.name ?? `${init.method || '*'} ${init.pattern}`;
      return { ...init, name, source, paramNames: params };
    });
    this.list.push(...added);
    this.rebuild();
  }

  /** Adds a middleware around every route (and 404s stay 404s: unmatched requests skip them). */
  use(fn: Middleware, source = 'core'): void {
    this.uses.push({ fn, source });
    this.middlewares = this.uses.map((u) => u.fn);
  }

  /** Takes away every route and middleware `source` added (hooks reloading). */
  remove(source: string): void {
    this.list = this.list.filter((r) => r.source !== source);
    this.uses = this.uses.filter((u) => u.source !== source);
    this.middlewares = this.uses.map((u) => u.fn);
    this.rebuild();
  }

  routes(): readonly Route[] {
    return this.list;
  }

  /** `GET`, `/api/collections/posts/records/abc` → the view route and {collection, id}. */
  match(method: string, path: string): RouteMatch | null {
    // `split` is cheaper in Bun than walking the string with indexOf and slice.
    const segments = path.split('/');
    const values: string[] = [];
    const route = find(this.root, segments, 1, method, values);
    if (!route) return null;
    const params: Record<string, string> = {};
    const names = route.paramNames;
    for (let i = 0; i < names.length; i++) params[names[i]!] = decode(values[i]!);
    return { route, params };
  }

  private rebuild(): void {
    const root = newNode();
    for (const route of this.list) {
      const { segments, rest } = parsePattern(route.pattern);
      let node = root;
      for (const s of segments) {
        if (s === '{}') {
          node.param ??= newNode();
          node = node.param;
          continue;
        }
        let next = node.statics.get(s);
        if (!next) {
          next = newNode();
          node.statics.set(s, next);
          node.keys.push(s);
          node.children.push(next);
        }
        node = next;
      }
      if (rest) node.rest ??= new Map();
      const at = rest && node.rest ? node.rest : node.routes;
      // Later additions of the same method and pattern replace earlier ones (as routerAdd does).
      at.set(route.method, route);
    }
    this.root = root;
  }
}

function byMethod(routes: Map<string, Route>, method: string): Route | undefined {
  return (
    routes.get(method) ?? (method === 'HEAD' ? routes.get('GET') : undefined) ?? routes.get('')
  );
}

/** The child for static segment `s`: a scan of a few keys beats hashing a fresh string. */
function staticChild(node: Node, s: string): Node | undefined {
  const keys = node.keys;
  if (keys.length > 8) return node.statics.get(s);
  for (let i = 0; i < keys.length; i++) if (keys[i] === s) return node.children[i];
  return undefined;
}

/** Depth-first, static before wildcard; `values` collects wildcard values on the way down. */
function find(
  node: Node,
  segments: string[],
  i: number,
  method: string,
  values: string[],
): Route | undefined {
  if (i === segments.length) return byMethod(node.routes, method);
  const s = segments[i]!;
  const next = staticChild(node, s);
  if (next) {
    const r = find(next, segments, i + 1, method, values);
    if (r) return r;
  }
  // A wildcard takes one non-empty segment (so `/records/` is not a view of id '').
  if (node.param && s !== '') {
    values.push(s);
    const r = find(node.param, segments, i + 1, method, values);
    if (r) return r;
    values.pop();
  }
  if (node.rest) {
    const r = byMethod(node.rest, method);
    if (r) {
      values.push(segments.slice(i).join('/'));
      return r;
    }
  }
  return undefined;
}

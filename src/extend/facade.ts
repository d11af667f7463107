// The native extension API: PocketBase's names (`onRecordCreate`, `routerAdd`, `cronAdd`, …) over one Registrar.
//
// A native hooks file gets it through `import { onRecordCreate } from 'satchel'` (bundle.ts points
// that import at the facade of the file being loaded) or as the argument of its default export; a
// program using Satchel as a library gets it as the argument of its extension function. Typed per
// collection from `satchel typegen`'s `CollectionRecords`:
//   app.onRecordCreate('posts', (e) => e.record.title)   // e.record: PostsRecord
import type { Core } from '../core/core.ts';
import type { RecordData } from '../core/records/record.ts';
import type { Handler } from '../hooks/hook.ts';
import type { AllHooks } from '../http/app-hooks.ts';
import type { RequestEvent } from '../http/event.ts';
import type { Middleware } from '../http/routes.ts';
import type { AnyHook, Registrar } from './registrar.ts';

/**
 * Declaration merging point for typed hooks files: after
 * `declare module 'satchel' { interface Register { records: CollectionRecords } }`
 * the `onRecord*` functions imported from 'satchel' type `e.record` per collection.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the user's declaration merging.
export interface Register {}

/** The records map the app is typed with: the registered one, or any record for any name. */
export type RegisteredRecords = Register extends { records: infer R extends object }
  ? R
  : Record<string, RecordData>;

type EventOf<H> = H extends { trigger(e: infer E, ...rest: never[]): unknown } ? E : never;

/**
 * `E` with its record (and the stored original) typed as collection record `T` alone: no index
 * signature left, so a misspelt field is an error.
 */
export type WithRecord<E, T> = Omit<E, 'record' | 'original'> & { record: T; original?: T };

/** A record hook: all collections, one by name (typed), or PocketBase's `(handler, ...names)`. */
export interface RecordHookBinder<R, E> {
  (handler: Handler<E>): string;
  <C extends keyof R & string>(collection: C, handler: Handler<WithRecord<E, R[C]>>): string;
  <C extends keyof R & string>(handler: Handler<WithRecord<E, R[C]>>, ...collections: C[]): string;
}

/** Any other hook: `(handler, ...collections)` as PocketBase's JS hooks bind them. */
export type HookBinder<E> = (handler: Handler<E>, ...collections: string[]) => string;

export type HookBinders<R> = {
  [K in keyof AllHooks]: EventOf<AllHooks[K]> extends { record: unknown }
    ? RecordHookBinder<R, EventOf<AllHooks[K]>>
    : HookBinder<EventOf<AllHooks[K]>>;
};

/** `/api/hello/{name}/{rest...}` → 'name' | 'rest'. */
export type RouteParams<P extends string> = P extends `${string}{${infer N}}${infer Rest}`
  ? (N extends `${infer M}...` ? M : N extends '$' ? never : N) | RouteParams<Rest>
  : never;

/** The request event of a route whose pattern is `P`: `e.params` has exactly its wildcards. */
export type RouteEvent<P extends string = string> = string extends P
  ? RequestEvent
  : Omit<RequestEvent, 'params'> & { params: { [K in RouteParams<P>]: string } };

/**
 * What a native route handler returns: a Response as it is; `undefined` → 204; anything else is
 * sent as JSON with status 200.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing has type void.
export type RouteResult = Response | object | string | number | boolean | null | undefined | void;

export type HookApp<R extends object = RegisteredRecords> = HookBinders<R> & {
  /** The running app's core (collections, settings, store, logger): what services take. */
  readonly core: Core;
  /** Adds a route (Go ServeMux pattern: `{name}`, `{path...}`, `{$}`); a reload removes it. */
  routerAdd<P extends string>(
    method: string,
    path: P,
    handler: (e: RouteEvent<P>) => RouteResult | Promise<RouteResult>,
    ...middlewares: Middleware[]
  ): void;
  /** Middlewares around every matched route. */
  routerUse(...middlewares: Middleware[]): void;
  /** Adds (or replaces) cron job `id`; it shows in /api/crons and runs there on demand. */
  cronAdd(id: string, expression: string, run: () => unknown): void;
  cronRemove(id: string): void;
  /** Binds any hook by PocketBase's name (request hooks included): `bind('onServe', fn)`. */
  bind(name: string, handler: Handler<object>, ...collections: string[]): string;
};

/** What a library program or a hooks file's default export hands its registrations to. */
export type Extension<R extends object = RegisteredRecords> = (
  app: HookApp<R>,
) => void | Promise<void>;

function toResponse(e: RequestEvent, value: RouteResult): Response {
  if (value instanceof Response) return value;
  if (value === undefined) return e.noContent(204);
  return e.json(200, value);
}

/** `(handler, ...names)` or `(name, handler)` → handler and collection names. */
function hookArgs(args: unknown[]): { fn: Handler<object>; collections: string[] } {
  const [first, ...rest] = args;
  if (typeof first === 'string' && typeof rest[0] === 'function') {
    return { fn: rest[0] as Handler<object>, collections: [first] };
  }
  if (typeof first !== 'function') throw new TypeError('a hook handler must be a function');
  return { fn: first as Handler<object>, collections: rest.map(String) };
}

function bindTo(registrar: Registrar, hook: AnyHook, args: unknown[]): string {
  const { fn, collections } = hookArgs(args);
  return registrar.bind(hook, fn, collections.length > 0 ? { collections } : undefined);
}

/** The API over one source's registrar: every hook of the host by name, routes, crons. */
export function createFacade(registrar: Registrar): HookApp<Record<string, RecordData>> {
  const host = registrar.host;
  const app: Record<string, unknown> = {
    core: host.core,
    routerAdd(
      method: string,
      path: string,
      handler: (e: RequestEvent) => RouteResult | Promise<RouteResult>,
      ...middlewares: Middleware[]
    ) {
      registrar.route({
        method: method.toUpperCase() === '*' ? '' : method.toUpperCase(),
        pattern: path,
        handler: async (e) => toResponse(e, await handler(e)),
        middlewares: middlewares.length > 0 ? middlewares : undefined,
      });
    },
    routerUse(...middlewares: Middleware[]) {
      for (const m of middlewares) registrar.use(m);
    },
    cronAdd(id: string, expression: string, run: () => unknown) {
      registrar.cron(id, expression, async () => {
        await run();
      });
    },
    cronRemove(id: string) {
      host.core.cron.remove(id);
    },
    bind(name: string, ...args: unknown[]) {
      const hook = host.hooks[name];
      if (!hook) throw new Error(`no hook named ${name}`);
      return bindTo(registrar, hook, args);
    },
  };
  for (const [name, hook] of Object.entries(host.hooks)) {
    app[name] = (...args: unknown[]) => bindTo(registrar, hook, args);
  }
  return app as HookApp<Record<string, RecordData>>;
}

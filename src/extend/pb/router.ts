// `routerAdd`, `routerUse`, `new Middleware(…)` and `$apis`: PocketBase's routing API over the route table.
import { existsSync, statSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import { buildAuthResponse } from '../../core/auth/auth-response.ts';
import {
  BadRequestError,
  ForbiddenError,
  SatchelError,
  UnauthorizedError,
  ValidationError,
} from '../../core/errors.ts';
import type { RequestEvent, Middleware as SatchelMiddleware } from '../../http/event.ts';
import type { Registrar } from '../registrar.ts';
import type { PbApp } from './app.ts';
import { ApiError, ERROR_CLASSES, NoRowsError, unsupported } from './errors.ts';
import type { PbRecord, PbRecordClass } from './record.ts';
import { type PbEvent, pbRequestEvent } from './request-event.ts';

type PbHandler = (e: PbEvent) => unknown;

/** `new Middleware(fn, priority, id)`: a handler with an order among the route's middlewares. */
export class Middleware {
  constructor(
    readonly func: PbHandler,
    readonly priority = 0,
    readonly id = '',
  ) {}
}

function asMiddleware(m: unknown, where: string): Middleware {
  if (m instanceof Middleware) return m;
  if (typeof m === 'function') return new Middleware(m as PbHandler);
  throw new Error(`${where}: a middleware must be a function or a Middleware`);
}

/**
 * A thrown non-API error answers what PocketBase answers for it: a 400 with the generic message
 * (the cause is logged, never sent).
 */
function toApiError(err: unknown): unknown {
  if (err instanceof NoRowsError) return new ERROR_CLASSES.NotFoundError();
  // A failed `$app.save` hands back its field errors; the message is the generic one.
  if (err instanceof ValidationError) return new BadRequestError(undefined, err.data);
  if (err instanceof SatchelError) return err;
  console.error('pb_hooks route error:', err);
  return new ERROR_CLASSES.BadRequestError();
}

export function createRouter(registrar: Registrar, app: PbApp, Record: PbRecordClass) {
  const run = async (se: RequestEvent, fn: PbHandler): Promise<Response> => {
    await se.resolveAuth();
    const e = pbRequestEvent(se, app, Record);
    try {
      return e.answer(await fn(e));
    } catch (err) {
      // A core route's error that only passed through this middleware keeps its meaning (a bug
      // there stays a 500); only the hook code's own throws are mapped as PocketBase maps them.
      if (err === e.downstreamError) throw err;
      throw toApiError(err);
    }
  };
  const wrap =
    (m: Middleware): SatchelMiddleware =>
    (se) =>
      run(se, m.func);
  const sorted = (list: Middleware[]) =>
    list
      .map((m, i) => ({ m, i }))
      .sort((a, b) => a.m.priority - b.m.priority || a.i - b.i)
      .map(({ m }) => wrap(m));

  return {
    routerAdd(method: string, path: string, handler: unknown, ...middlewares: unknown[]) {
      const h = handler instanceof Middleware ? handler.func : handler;
      if (typeof h !== 'function') throw new Error('routerAdd: the handler must be a function');
      const ms = middlewares.map((m) => asMiddleware(m, 'routerAdd'));
      registrar.route({
        method: String(method).toUpperCase() === '*' ? '' : String(method).toUpperCase(),
        pattern: String(path),
        handler: (se) => run(se, h as PbHandler),
        middlewares: sorted(ms),
      });
    },
    routerUse(...middlewares: unknown[]) {
      for (const m of sorted(middlewares.map((x) => asMiddleware(x, 'routerUse'))))
        registrar.use(m);
    },
  };
}

const FILE_NOT_FOUND = 'File not found.';
const REQUIRES_AUTH = 'The request requires valid record authorization token.';
const NOT_ALLOWED = 'The authorized record is not allowed to perform this action.';

/** `$apis`: PocketBase's stock middlewares and handlers. */
export function createApis() {
  return {
    requireAuth: (...collections: string[]) =>
      new Middleware(async (e) => {
        const auth = e.se.auth;
        if (!auth) throw new UnauthorizedError(REQUIRES_AUTH);
        if (
          collections.length &&
          !collections.includes(auth.collection.name) &&
          !collections.includes(auth.collection.id)
        )
          throw new ForbiddenError(NOT_ALLOWED);
        return e.next();
      }, -1010),
    requireSuperuserAuth: () =>
      new Middleware(async (e) => {
        await e.se.requireSuperuser();
        return e.next();
      }, -1010),
    requireSuperuserOrOwnerAuth: (ownerIdParam = 'id') =>
      new Middleware(async (e) => {
        const auth = e.se.auth;
        if (!auth)
          throw new UnauthorizedError(
            'The request requires superuser or record authorization token.',
          );
        if (!auth.isSuperuser && auth.record.id !== (e.se.params[ownerIdParam] ?? ''))
          throw new ForbiddenError();
        return e.next();
      }, -1010),
    requireGuestOnly: () =>
      new Middleware(async (e) => {
        if (e.se.auth) throw new ApiError(400, 'The request can be accessed only by guests.');
        return e.next();
      }, -1010),
    /** A successful answer stays out of the request log (http/request-log.ts reads the key). */
    skipSuccessActivityLog: () =>
      new Middleware(async (e) => {
        e.se.set('skipSuccessActivityLog', true);
        return e.next();
      }),
    /** `routerAdd("GET", "/{path...}", $apis.static(dir, indexFallback))`. */
    static:
      (dir: string, indexFallback = false) =>
      async (e: PbEvent) => {
        const root = resolve(String(dir));
        const rel = normalize(`/${e.se.params.path ?? ''}`).slice(1);
        let file = join(root, rel);
        if (file !== root && !file.startsWith(root + sep))
          throw new ERROR_CLASSES.NotFoundError(FILE_NOT_FOUND);
        if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
        if (!existsSync(file)) {
          if (!indexFallback) throw new ERROR_CLASSES.NotFoundError(FILE_NOT_FOUND);
          file = join(root, 'index.html');
          if (!existsSync(file)) throw new ERROR_CLASSES.NotFoundError(FILE_NOT_FOUND);
        }
        const f = Bun.file(file);
        return e.blob(200, f.type, f);
      },
    /** The auth response (`{token, record, meta?}`) for `authRecord`, as PocketBase's. */
    recordAuthResponse: async (e: PbEvent, authRecord: PbRecord, method = '', meta?: unknown) => {
      const out = await buildAuthResponse(e.se.app.core, {
        collection: authRecord.stored,
        record: authRecord.data,
        requester: e.se.auth,
        method: (method || undefined) as never,
        context: 'default' as never,
        ip: e.se.realIP(),
        meta: meta as Record<string, unknown> | undefined,
      });
      return e.json(200, out);
    },
    enrichRecord: unsupported('$apis.enrichRecord'),
    enrichRecords: unsupported('$apis.enrichRecords'),
    gzip: unsupported('$apis.gzip'),
    bodyLimit: unsupported('$apis.bodyLimit'),
  };
}

// The event a pb_hooks `on*` handler sees: Satchel's event with PocketBase's shapes.
//
// A Proxy over the core's event, so whatever a hook's event carries shows through, while:
// `e.record` (and `e.records`) are Record views writing into the event's records, `e.collection`
// is the collection model, `e.app` is `$app`, `e.auth` a Record. A request hook's event is the
// request event itself: its request members (`e.request`, `e.requestInfo()`, `e.json` …) get the
// same PocketBase shapes a route sees. `onRecordEnrich`'s `e.record.hide()`/`unhide()`/
// `withCustomData()` go to the event's own, which apply them to the answer.
import type { Collection as StoredCollection } from '../../core/collections/model.ts';
import { collectionModel } from '../../core/migrations/js-api.ts';
import type { AuthInfo } from '../../core/records/auth-info.ts';
import type { RecordData } from '../../core/records/record.ts';
import { RequestEvent } from '../../http/event.ts';
import type { PbApp } from './app.ts';
import type { PbRecord, PbRecordClass } from './record.ts';
import { headerKey, pbRequestEvent } from './request-event.ts';

type Raw = { [key: string | symbol]: unknown };
type Fn = (...a: unknown[]) => unknown;

const isStored = (c: unknown): c is StoredCollection =>
  typeof c === 'object' && c !== null && Array.isArray((c as StoredCollection).fields);
const isAuthInfo = (a: unknown): a is AuthInfo =>
  typeof a === 'object' && a !== null && 'isSuperuser' in a && 'record' in a;

/** What a request hook's event answers from the route-shaped wrapper rather than the raw event. */
const REQUEST_MEMBERS = new Set([
  'request',
  'response',
  'requestInfo',
  'bindBody',
  'auth',
  'realIP',
  'remoteIP',
  'hasSuperuserAuth',
  'isTLS',
  'json',
  'string',
  'html',
  'blob',
  'redirect',
  'noContent',
]);

/** `onRecordEnrich`'s `e.requestInfo` (a value there, not a method): PocketBase's keys. */
function requestInfoValue(meta: Raw, auth: PbRecord | null) {
  const headers: Raw = {};
  for (const [k, v] of Object.entries((meta.headers as Raw) ?? {})) headers[headerKey(k)] = v;
  return {
    auth,
    body: {},
    query: meta.query ?? {},
    headers,
    method: meta.method ?? 'GET',
    context: meta.context ?? 'default',
  };
}

export function pbHookEvent(raw: Raw, app: PbApp, Record: PbRecordClass): Raw {
  const routeShaped = raw instanceof RequestEvent ? pbRequestEvent(raw, app, Record) : null;
  const views = new WeakMap<object, PbRecord>();
  const auth = (): PbRecord | null => {
    const a = raw.auth;
    return isAuthInfo(a) ? Record.over(a.collection, a.record, { ...a.record }) : null;
  };
  const viewOf = (data: unknown, original: RecordData | null): PbRecord | unknown => {
    const c = raw.collection;
    if (!data || typeof data !== 'object' || !isStored(c)) return data;
    let r = views.get(data);
    if (!r) {
      r = Record.over(c, data as RecordData, original);
      // The enrich event decides what the answer shows: the view's choices go there.
      for (const name of ['hide', 'unhide', 'withCustomData'] as const) {
        const own = raw[name];
        if (typeof own !== 'function') continue;
        const view = r;
        Object.assign(r, {
          [name]: (...args: unknown[]) => {
            (own as Fn).apply(raw, args);
            return view;
          },
        });
      }
      views.set(data, r);
    }
    return r;
  };
  return new Proxy(raw, {
    get(target, prop) {
      switch (prop) {
        case 'record':
          return viewOf(target.record, (target.original as RecordData | undefined) ?? null);
        case 'records':
          return Array.isArray(target.records)
            ? target.records.map((r) => viewOf(r, { ...(r as RecordData) }))
            : target.records;
        case 'collection':
          return isStored(target.collection)
            ? collectionModel(target.collection)
            : target.collection;
        case 'app':
          return app;
        case 'next':
          return () => (target.next as () => Promise<unknown>)();
      }
      if (routeShaped && typeof prop === 'string' && REQUEST_MEMBERS.has(prop)) {
        const v = (routeShaped as unknown as Raw)[prop];
        return typeof v === 'function' ? (v as Fn).bind(routeShaped) : v;
      }
      if (prop === 'auth') return auth();
      if (prop === 'requestInfo' && target.requestInfo && typeof target.requestInfo === 'object')
        return requestInfoValue(target.requestInfo as Raw, auth());
      const v = target[prop];
      return typeof v === 'function' ? (v as Fn).bind(target) : v;
    },
    set(target, prop, value) {
      if (prop === 'record' && value instanceof Record) {
        target.record = value.data;
        return true;
      }
      target[prop] = value;
      return true;
    },
  });
}

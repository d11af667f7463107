// The event a pb_hooks `onRecord*` / `onCollection*` handler sees: Satchel's event with PocketBase's shapes.
//
// A Proxy over the core's event, so whatever a hook's event carries (request hooks add more) shows
// through, while `e.record` is a Record view whose `set` writes into the event's record,
// `e.collection` is the collection model, `e.app` is `$app` and `e.auth` a Record.
import type { Collection as StoredCollection } from '../../core/collections/model.ts';
import { collectionModel } from '../../core/migrations/js-api.ts';
import type { AuthInfo } from '../../core/records/auth-info.ts';
import type { RecordData } from '../../core/records/record.ts';
import type { PbApp } from './app.ts';
import type { PbRecord, PbRecordClass } from './record.ts';

type Raw = { [key: string | symbol]: unknown };

const isStored = (c: unknown): c is StoredCollection =>
  typeof c === 'object' && c !== null && Array.isArray((c as StoredCollection).fields);
const isAuthInfo = (a: unknown): a is AuthInfo =>
  typeof a === 'object' && a !== null && 'isSuperuser' in a && 'record' in a;

export function pbHookEvent(raw: Raw, app: PbApp, Record: PbRecordClass): Raw {
  let record: PbRecord | undefined;
  const recordView = (): PbRecord | undefined => {
    const data = raw.record as RecordData | undefined;
    const c = raw.collection;
    if (!data || !isStored(c)) return undefined;
    if (!record || record.data !== data) {
      const original = (raw.original as RecordData | undefined) ?? null;
      record = Record.over(c, data, original);
    }
    return record;
  };
  return new Proxy(raw, {
    get(target, prop) {
      switch (prop) {
        case 'record':
          return recordView() ?? target.record;
        case 'collection':
          return isStored(target.collection)
            ? collectionModel(target.collection)
            : target.collection;
        case 'app':
          return app;
        case 'auth': {
          const a = target.auth;
          return isAuthInfo(a) ? Record.over(a.collection, a.record, { ...a.record }) : (a ?? null);
        }
        case 'next':
          return () => (target.next as () => Promise<unknown>)();
      }
      const v = target[prop];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
    set(target, prop, value) {
      if (prop === 'record' && value instanceof Record) {
        target.record = value.data;
        record = value;
        return true;
      }
      target[prop] = value;
      return true;
    },
  });
}

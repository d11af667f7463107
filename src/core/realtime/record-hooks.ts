// Wires the write path to the bus: after-commit record/collection hooks publish, deletes are decided in their transaction.
import type { Core } from '../core.ts';
import type { Broker } from './broker.ts';
import type { RealtimeBus } from './bus.ts';
import type { PreparedEvent } from './delivery.ts';

/** Where a delete's deliveries, decided before the row went, wait on its event for the commit. */
const DECIDED = Symbol('realtime deliveries decided before the delete');
type Decided = { [DECIDED]?: PreparedEvent | null };

/** Satchel's own handlers: what they throw is a bug, not a user hook's error. */
const SYSTEM = { system: true };

/** Binds the hooks; returns a function that unbinds them. */
export function bindRealtimeHooks(core: Core, broker: Broker, bus: RealtimeBus): () => void {
  const h = core.hooks;
  const bound: [{ unbind(id: string): void }, string][] = [];
  const publishRecord = (action: 'create' | 'update') =>
    h[action === 'create' ? 'onRecordAfterCreateSuccess' : 'onRecordAfterUpdateSuccess'].bind(
      async (e) => {
        // These fire after the outermost commit (never for a rolled-back write).
        if (e.collection.type !== 'view') {
          // Awaited: with nodes, the response waits for the event's outbox row (ordering).
          await bus.publish({
            kind: 'record',
            action,
            collectionId: e.collection.id,
            record: { ...e.record },
          });
        }
        await e.next();
      },
      SYSTEM,
    );
  bound.push([h.onRecordAfterCreateSuccess, publishRecord('create')]);
  bound.push([h.onRecordAfterUpdateSuccess, publishRecord('update')]);

  // Deletes: decided last in the chain, right before the row goes (PocketBase's "dry cache"), kept
  // on the event, and published with the after-success hooks: once the outermost transaction
  // commits (awaited by the request, as creates are), never for a rolled-back one.
  const deleteId = h.onRecordDelete.bind(
    async (e) => {
      (e as Decided)[DECIDED] =
        broker.size > 0 ? await broker.prepare(e.collection, e.record) : null;
      await e.next();
    },
    { priority: 1_000_000, system: true },
  );
  bound.push([h.onRecordDelete, deleteId]);
  const publishDelete = h.onRecordAfterDeleteSuccess.bind(async (e) => {
    if (e.collection.type !== 'view') {
      await bus.publish({
        kind: 'record',
        action: 'delete',
        collectionId: e.collection.id,
        record: { ...e.record },
        prepared: (e as Decided)[DECIDED] ?? undefined,
      });
    }
    await e.next();
  }, SYSTEM);
  bound.push([h.onRecordAfterDeleteSuccess, publishDelete]);

  bound.push([
    h.onCollectionAfterUpdateSuccess,
    h.onCollectionAfterUpdateSuccess.bind(async (e) => {
      const before = e.original?.auth?.authToken.secret;
      const after = e.collection.auth?.authToken.secret;
      await bus.publish({
        kind: 'collection',
        action: 'update',
        collectionId: e.collection.id,
        secretChanged: before !== after,
      });
      await e.next();
    }, SYSTEM),
  ]);
  bound.push([
    h.onCollectionAfterDeleteSuccess,
    h.onCollectionAfterDeleteSuccess.bind(async (e) => {
      await bus.publish({
        kind: 'collection',
        action: 'delete',
        collectionId: e.collection.id,
        secretChanged: true,
      });
      await e.next();
    }, SYSTEM),
  ]);
  return () => {
    for (const [hook, id] of bound) hook.unbind(id);
  };
}

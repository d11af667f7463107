// Wires the write path to the bus: after-commit record/collection hooks publish, deletes are decided in their transaction.
import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';
import type { RecordData } from '../records/record.ts';
import type { Broker } from './broker.ts';
import type { BusMessage, RealtimeBus, RecordAction } from './bus.ts';
import type { PreparedEvent } from './delivery.ts';

/** Where a delete's deliveries, decided before the row went, wait on its event for the commit. */
const DECIDED = Symbol('realtime deliveries decided before the delete');
/** The key the other processes filed their decisions for a delete under (SQLite workers). */
const ELSEWHERE = Symbol('realtime deliveries decided by the other processes');
type Decided = { [DECIDED]?: PreparedEvent | null; [ELSEWHERE]?: string | null };
/** The message a bus with an outbox staged inside the write's transaction (published after it). */
const STAGED = Symbol('realtime message staged in the write transaction');
type Staged = { [STAGED]?: BusMessage };

/** Satchel's own handlers: what they throw is a bug, not a user hook's error. */
const SYSTEM = { system: true };

/** Binds the hooks; returns a function that unbinds them. */
export function bindRealtimeHooks(core: Core, broker: Broker, bus: RealtimeBus): () => void {
  const h = core.hooks;
  const bound: [{ unbind(id: string): void }, string][] = [];
  if (bus.stage) bound.push(...stageInTransaction(core, bus.stage.bind(bus)));
  const publishRecord = (action: 'create' | 'update') =>
    h[action === 'create' ? 'onRecordAfterCreateSuccess' : 'onRecordAfterUpdateSuccess'].bind(
      async (e) => {
        // These fire after the outermost commit (never for a rolled-back write).
        if (e.collection.type !== 'view') {
          // Awaited: with nodes, the response waits for the event's outbox row (ordering).
          await bus.publish(takeStaged(e as Staged) ?? recordMessage(e, action));
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
      // The other workers decide while they still see the row; they read committed state, so only
      // for a delete that is its transaction's outermost work. Inside a batch or a cascade, earlier
      // changes they can't see could make them deliver where this worker wouldn't: there they
      // judge the event on arrival (after the row is gone), which fails closed.
      if (bus.decideElsewhere && e.collection.type !== 'view' && core.store.writes.nesting === 0) {
        const asked = bus.decideElsewhere(e.collection.id, { ...e.record });
        if (asked) {
          core.store.writes.beforeCommit(() => asked.done);
          (e as Decided)[ELSEWHERE] = asked.key;
        }
      }
      (e as Decided)[DECIDED] =
        broker.size > 0 ? await broker.prepare(e.collection, e.record) : null;
      await e.next();
    },
    { priority: 1_000_000, system: true },
  );
  bound.push([h.onRecordDelete, deleteId]);
  const publishDelete = h.onRecordAfterDeleteSuccess.bind(async (e) => {
    if (e.collection.type !== 'view') {
      await bus.publish(takeStaged(e as Staged) ?? recordMessage(e, 'delete'));
    }
    await e.next();
  }, SYSTEM);
  bound.push([h.onRecordAfterDeleteSuccess, publishDelete]);

  bound.push([
    h.onCollectionAfterUpdateSuccess,
    h.onCollectionAfterUpdateSuccess.bind(async (e) => {
      await bus.publish(takeStagedCollection(e.original) ?? collectionUpdate(e));
      await e.next();
    }, SYSTEM),
  ]);
  bound.push([
    h.onCollectionAfterDeleteSuccess,
    h.onCollectionAfterDeleteSuccess.bind(async (e) => {
      await bus.publish(takeStagedCollection(e.collection) ?? collectionDelete(e));
      await e.next();
    }, SYSTEM),
  ]);
  if (bus.decideElsewhere) {
    // Asked by another process, inside its delete's transaction: this process's subscribers.
    bus.decider = async (collectionId, record) => {
      const c = core.collections.find(collectionId);
      if (!c) return null;
      return broker.size > 0 ? broker.prepare(c, record) : { deliveries: [] };
    };
  }
  return () => {
    for (const [hook, id] of bound) hook.unbind(id);
    if (bus.decideElsewhere) bus.decider = null;
  };
}

type RecordHookEvent = { collection: Collection; record: RecordData } & Decided & Staged;
type CollectionHookEvent = { collection: Collection; original?: Collection };

function recordMessage(e: RecordHookEvent, action: RecordAction): BusMessage {
  return {
    kind: 'record',
    action,
    collectionId: e.collection.id,
    record: { ...e.record },
    prepared: action === 'delete' ? (e[DECIDED] ?? undefined) : undefined,
    decided: action === 'delete' ? (e[ELSEWHERE] ?? undefined) : undefined,
  };
}

function collectionUpdate(e: CollectionHookEvent): BusMessage {
  const before = e.original?.auth?.authToken.secret;
  const after = e.collection.auth?.authToken.secret;
  return {
    kind: 'collection',
    action: 'update',
    collectionId: e.collection.id,
    secretChanged: before !== after,
  };
}

function collectionDelete(e: CollectionHookEvent): BusMessage {
  return {
    kind: 'collection',
    action: 'delete',
    collectionId: e.collection.id,
    secretChanged: true,
  };
}

function takeStaged(e: Staged): BusMessage | undefined {
  const m = e[STAGED];
  delete e[STAGED];
  return m;
}

/**
 * A collection's after-success event is a new object: its staged message is found by the
 * collection object both events share (the original on update, the target on delete).
 */
const stagedCollections = new WeakMap<object, BusMessage>();

function takeStagedCollection(key: object | undefined): BusMessage | undefined {
  if (!key) return undefined;
  const m = stagedCollections.get(key);
  stagedCollections.delete(key);
  return m;
}

/**
 * Buses with an outbox in the write's database (SQLite workers): the message is written right
 * after the row, inside the same transaction (last in each execute chain, so it is what the write
 * stored), and the after-success publish only waits for it. Not bound for other buses.
 */
function stageInTransaction(
  core: Core,
  stage: (message: BusMessage) => boolean,
): [{ unbind(id: string): void }, string][] {
  const h = core.hooks;
  const last = { priority: 2_000_000, system: true };
  const record =
    (action: RecordAction) => async (e: RecordHookEvent & { next(): Promise<void> }) => {
      await e.next();
      if (e.collection.type === 'view') return;
      const m = recordMessage(e, action);
      if (stage(m)) e[STAGED] = m;
    };
  const collection =
    (
      build: (e: CollectionHookEvent) => BusMessage,
      key: (e: CollectionHookEvent) => object | undefined,
    ) =>
    async (e: CollectionHookEvent & { next(): Promise<void> }) => {
      await e.next();
      const m = build(e);
      const k = key(e);
      if (stage(m) && k) stagedCollections.set(k, m);
    };
  return [
    [h.onRecordCreateExecute, h.onRecordCreateExecute.bind(record('create'), last)],
    [h.onRecordUpdateExecute, h.onRecordUpdateExecute.bind(record('update'), last)],
    [h.onRecordDeleteExecute, h.onRecordDeleteExecute.bind(record('delete'), last)],
    [
      h.onCollectionUpdateExecute,
      h.onCollectionUpdateExecute.bind(
        collection(collectionUpdate, (e) => e.original),
        last,
      ),
    ],
    [
      h.onCollectionDeleteExecute,
      h.onCollectionDeleteExecute.bind(
        collection(collectionDelete, (e) => e.collection),
        last,
      ),
    ],
  ];
}

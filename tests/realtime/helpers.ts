// Shared realtime test setup: the EventSource polyfill, an event inbox, and a small world of collections and users.
import { EventSource } from 'eventsource';
import type PocketBase from 'pocketbase';
import type { TestServer } from '../support/server.ts';
import { within } from '../support/wait.ts';

/** Bun has no global EventSource; the SDK's realtime needs one. */
export function installEventSource(): void {
  (globalThis as { EventSource?: unknown }).EventSource ??= EventSource;
}

export interface Received<T = Record<string, unknown>> {
  action: string;
  record: T & { id: string };
}

/**
 * Collects events in arrival order. Absence is shown with a barrier: an event that must arrive
 * after the one that must not (a client gets its events in commit order).
 */
export class Inbox<T = Record<string, unknown>> {
  readonly items: Received<T>[] = [];
  private waiters: { pred: (e: Received<T>) => boolean; resolve: (e: Received<T>) => void }[] = [];

  readonly push = (e: unknown): void => {
    const ev = e as Received<T>;
    this.items.push(ev);
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred(ev)) return true;
      w.resolve(ev);
      return false;
    });
  };

  /** The first event (already received or future) matching `pred`; an error if none comes in time. */
  next(pred: (e: Received<T>) => boolean = () => true, what = 'an event'): Promise<Received<T>> {
    const hit = this.items.find(pred);
    if (hit) return Promise.resolve(hit);
    const waiter = { pred, resolve: (_: Received<T>) => {} };
    const arrival = new Promise<Received<T>>((resolve) => {
      waiter.resolve = resolve;
      this.waiters.push(waiter);
    });
    return within(what, arrival, {
      detail: () => `received: ${this.ids().join(', ') || 'nothing'}`,
    }).finally(() => {
      this.waiters = this.waiters.filter((w) => w !== waiter);
    });
  }

  /** Waits for the event about record `id` with `action`. */
  of(id: string, action = 'create'): Promise<Received<T>> {
    return this.next((e) => e.record?.id === id && e.action === action, `${action}:${id}`);
  }

  ids(): string[] {
    return this.items.map((e) => `${e.action}:${e.record?.id}`);
  }
}

export interface World {
  su: PocketBase;
  alice: PocketBase;
  bob: PocketBase;
  aliceId: string;
  bobId: string;
  /** A signed-in SDK client for `email` (password `1234567890`). */
  login(email: string): Promise<PocketBase>;
}

/**
 * `posts`: public list/view, a hidden `secret`, `owner` → users. `notes`: owner-only list/view.
 * `locked`: null rules. Users alice and bob.
 */
export async function buildWorld(server: TestServer): Promise<World> {
  const su = await server.superuserClient();
  const users = await su.collections.getOne('users');
  await su.collections.update('users', { listRule: '', viewRule: '' });
  await su.collections.create({
    name: 'posts',
    type: 'base',
    listRule: '',
    viewRule: '',
    createRule: '',
    updateRule: '',
    deleteRule: '',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'secret', type: 'text', hidden: true },
      { name: 'owner', type: 'relation', collectionId: users.id, maxSelect: 1 },
    ],
  });
  await su.collections.create({
    name: 'notes',
    type: 'base',
    listRule: 'owner = @request.auth.id',
    viewRule: 'owner = @request.auth.id',
    createRule: '@request.auth.id != ""',
    updateRule: 'owner = @request.auth.id',
    deleteRule: 'owner = @request.auth.id',
    fields: [
      { name: 'text', type: 'text' },
      { name: 'owner', type: 'relation', collectionId: users.id, maxSelect: 1 },
    ],
  });
  await su.collections.create({
    name: 'locked',
    type: 'base',
    fields: [{ name: 'text', type: 'text' }],
  });
  const password = '1234567890';
  const a = await su
    .collection('users')
    .create({ email: 'alice@example.com', password, passwordConfirm: password, name: 'Alice' });
  const b = await su
    .collection('users')
    .create({ email: 'bob@example.com', password, passwordConfirm: password, name: 'Bob' });
  const login = async (email: string) => {
    const pb = server.client();
    await pb.collection('users').authWithPassword(email, password);
    return pb;
  };
  return {
    su,
    alice: await login('alice@example.com'),
    bob: await login('bob@example.com'),
    aliceId: a.id,
    bobId: b.id,
    login,
  };
}

// The hook chain itself: priority, tags, replacement by id, stopping, and which errors become HookErrors.
import { describe, expect, test } from 'bun:test';
import { BadRequestError, HookError } from '../../src/core/errors.ts';
import { Hook } from '../../src/hooks/hook.ts';

interface Ev {
  collection?: { id: string; name: string };
  log: string[];
}

const posts = { id: 'p1', name: 'posts' };

describe('Hook', () => {
  test('priority, then bind order; the action runs innermost', async () => {
    const h = new Hook<Ev>();
    const push = (s: string) => async (e: Ev & { next(): Promise<void> }) => {
      e.log.push(s);
      await e.next();
      e.log.push(`/${s}`);
    };
    h.bind(push('b'));
    h.bind(push('a'), { priority: -1 });
    h.bind(push('c'));
    const e: Ev = { log: [] };
    await h.trigger(e, (x) => {
      x.log.push('action');
    });
    expect(e.log).toEqual(['a', 'b', 'c', 'action', '/c', '/b', '/a']);
  });

  test('tags: a handler bound to collections sees only their events', async () => {
    const h = new Hook<Ev>();
    h.bind((e) => e.log.push('tagged') && e.next(), { collections: ['posts'] });
    h.bind((e) => e.log.push('by id') && e.next(), { collections: ['p1'] });
    h.bind((e) => e.log.push('all') && e.next());
    const a: Ev = { collection: posts, log: [] };
    await h.trigger(a);
    expect(a.log).toEqual(['tagged', 'by id', 'all']);
    const b: Ev = { collection: { id: 'x', name: 'other' }, log: [] };
    await h.trigger(b);
    expect(b.log).toEqual(['all']);
  });

  test('binding an id again replaces the handler; unbind removes it', async () => {
    const h = new Hook<Ev>();
    h.bind((e) => e.log.push('old') && e.next(), { id: 'x' });
    h.bind((e) => e.log.push('new') && e.next(), { id: 'x' });
    expect(h.length).toBe(1);
    const e: Ev = { log: [] };
    await h.trigger(e);
    expect(e.log).toEqual(['new']);
    h.unbind('x');
    expect(h.length).toBe(0);
  });

  test('a handler that does not call next() stops the chain and the action', async () => {
    const h = new Hook<Ev>();
    h.bind(() => {});
    let ran = false;
    await h.trigger({ log: [] }, () => {
      ran = true;
    });
    expect(ran).toBe(false);
  });

  test('a user handler: plain errors become HookErrors, API errors pass as they are', async () => {
    const h = new Hook<Ev>();
    const id = h.bind(() => {
      throw new Error('boom');
    });
    const err = await h.trigger({ log: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HookError);
    expect((err as HookError).cause).toBeInstanceOf(Error);
    h.unbind(id);
    h.bind(() => {
      throw new BadRequestError('nope');
    });
    expect(await h.trigger({ log: [] }).catch((e: unknown) => e)).toBeInstanceOf(BadRequestError);
  });

  test('an error from the action passes through a user handler unchanged (a bug stays a bug)', async () => {
    const h = new Hook<Ev>();
    h.bind((e) => e.next());
    const bug = new TypeError('satchel bug');
    expect(await h.trigger({ log: [] }, () => Promise.reject(bug)).catch((e) => e)).toBe(bug);
  });

  test('a system handler: its own plain error is not wrapped', async () => {
    const h = new Hook<Ev>();
    const bug = new Error('bug');
    h.bind(
      () => {
        throw bug;
      },
      { system: true },
    );
    expect(await h.trigger({ log: [] }).catch((e) => e)).toBe(bug);
  });
});

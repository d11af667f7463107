// A typed hook chain in PocketBase's shape: handlers run by priority, each calls `e.next()` to continue.
import { HookError, SatchelError } from '../core/errors.ts';

/**
 * A handler: calls `e.next()` to go on. What it returns is ignored, so `return e.json(…)` (a
 * request hook answering by itself) and `return e.next()` both type-check.
 */
export type Handler<E> = (e: E & { next(): Promise<void> }) => unknown;

export interface BindOptions {
  /** Lower runs first; equal priorities run in bind order. */
  priority?: number;
  /** Only for events of these collections (id or name); all when omitted (PocketBase's tags). */
  collections?: string[];
  /** Lets a handler be unbound later; binding an id again replaces that handler. */
  id?: string;
  /**
   * Satchel's own handler (realtime, automigrate): what it throws is a bug (500). Any other
   * handler is user code: a non-API error it throws becomes a HookError (PocketBase's generic 400).
   */
  system?: boolean;
}

interface Bound<E> {
  fn: Handler<E>;
  priority: number;
  order: number;
  id: string;
  system: boolean;
  collections?: Set<string>;
}

/** Events that belong to a collection carry it, so handlers can be scoped by collection. */
export interface CollectionTagged {
  collection?: { id: string; name: string };
}

let counter = 0;

/**
 * `trigger(event, action)` runs the handlers in order; the innermost `next()` runs `action` (the
 * default behaviour). A handler that never calls `next()` stops the chain and the action.
 */
export class Hook<E extends object> {
  private handlers: Bound<E>[] = [];

  bind(fn: Handler<E>, options: BindOptions = {}): string {
    const id = options.id ?? `h${++counter}`;
    if (options.id !== undefined) this.unbind(id);
    this.handlers.push({
      fn,
      priority: options.priority ?? 0,
      order: ++counter,
      id,
      system: options.system === true,
      collections: options.collections ? new Set(options.collections) : undefined,
    });
    this.handlers.sort((a, b) => a.priority - b.priority || a.order - b.order);
    return id;
  }

  unbind(id: string): void {
    this.handlers = this.handlers.filter((h) => h.id !== id);
  }

  get length(): number {
    return this.handlers.length;
  }

  /** Whether user code (anything not bound by Satchel itself) is on the chain. */
  get userBound(): boolean {
    return this.handlers.some((h) => !h.system);
  }

  async trigger(event: E, action: (e: E) => void | Promise<void> = () => {}): Promise<void> {
    // Nothing bound (the common case): no chain, no closures.
    if (this.handlers.length === 0) return action(event);
    const tagged = (event as CollectionTagged).collection;
    const chain = this.handlers.filter(
      (h) =>
        !h.collections ||
        (tagged && (h.collections.has(tagged.id) || h.collections.has(tagged.name))),
    );
    const step = async (i: number): Promise<void> => {
      const h = chain[i];
      if (!h) return action(event);
      let called = false;
      // What the rest of the chain threw passes through this handler unchanged.
      let downstream: { error: unknown } | undefined;
      const next = async () => {
        if (called) return;
        called = true;
        try {
          await step(i + 1);
        } catch (error) {
          downstream = { error };
          throw error;
        }
      };
      try {
        await h.fn(Object.assign(event, { next }));
      } catch (error) {
        if (h.system || error instanceof SatchelError || error instanceof HookError) throw error;
        if (downstream && downstream.error === error) throw error;
        throw new HookError(error);
      }
    };
    await step(0);
  }
}

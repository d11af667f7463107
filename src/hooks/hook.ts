// A typed hook chain in PocketBase's shape: handlers run by priority, each calls `e.next()` to continue.

export type Handler<E> = (e: E & { next(): Promise<void> }) => void | Promise<void>;

export interface BindOptions {
  /** Lower runs first; equal priorities run in bind order. */
  priority?: number;
  /** Only for events of these collections (id or name); all when omitted. */
  collections?: string[];
  /** Lets a handler be unbound later. */
  id?: string;
}

interface Bound<E> {
  fn: Handler<E>;
  priority: number;
  order: number;
  id: string;
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
    this.handlers.push({
      fn,
      priority: options.priority ?? 0,
      order: ++counter,
      id,
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

  async trigger(event: E, action: (e: E) => void | Promise<void> = () => {}): Promise<void> {
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
      const next = async () => {
        if (called) return;
        called = true;
        await step(i + 1);
      };
      await h.fn(Object.assign(event, { next }));
    };
    await step(0);
  }
}

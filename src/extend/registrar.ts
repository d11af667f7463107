// What one extension source (a hooks file, or a program using Satchel as a library) registered:
// hook handlers, routes, middlewares and cron jobs, so that a reload takes all of it back at once.
import type { Core } from '../core/core.ts';
import type { BindOptions, Handler, Hook } from '../hooks/hook.ts';
import type { Middleware, RouteInit, RouteTable } from '../http/routes.ts';

/** The running app's parts an extension registers into; replaced as a whole after a restore. */
export interface ExtensionHost {
  core: Core;
  routes: RouteTable;
  /**
   * Every hook by PocketBase's name (`onRecordCreate`, `onRecordCreateRequest`, `onServe`, …): the
   * core's model hooks and the HTTP layer's request hooks in one map, for name-driven bindings.
   */
  hooks: Readonly<Record<string, AnyHook>>;
}

/** A hook of some event type, as a binding by name sees it (the handler's type is the caller's). */
export interface AnyHook {
  // biome-ignore lint/suspicious/noExplicitAny: the event type is the caller's to know.
  bind(fn: (e: any) => void | Promise<void>, options?: BindOptions): string;
  unbind(id: string): void;
}

/** A route an extension adds: its group defaults to `custom` (what metrics and logs group it by). */
export type ExtensionRoute = Omit<RouteInit, 'group'> & { group?: string };

export class Registrar {
  private readonly undo: (() => void)[] = [];

  constructor(
    readonly host: ExtensionHost,
    /** Unique per source (`hooks:main.pb.js`, `library`): the route table removes by it. */
    readonly source: string,
  ) {}

  bind<E extends object>(
    hook: Pick<Hook<E>, 'bind' | 'unbind'>,
    fn: Handler<E>,
    options?: BindOptions,
  ): string {
    const id = hook.bind(fn, options);
    this.undo.push(() => hook.unbind(id));
    return id;
  }

  route(route: ExtensionRoute): void {
    this.host.routes.add([{ group: 'custom', ...route }], this.source);
  }

  use(middleware: Middleware): void {
    this.host.routes.use(middleware, this.source);
  }

  /** Adds (or replaces) the cron job `id`; a reload removes it. */
  cron(id: string, expression: string, run: () => Promise<void> | void): void {
    this.host.core.cron.add(id, expression, run);
    this.undo.push(() => this.host.core.cron.remove(id));
  }

  /** Takes back everything this source registered, newest first. */
  dispose(): void {
    for (const undo of this.undo.splice(0).reverse()) undo();
    this.host.routes.remove(this.source);
  }
}

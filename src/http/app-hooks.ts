// The app's lifecycle hooks (onBootstrap, onServe, onTerminate) and every hook of the app by PocketBase's name.
import type { Server } from 'bun';
import type { Core } from '../core/core.ts';
import type { Hooks } from '../hooks/events.ts';
import { Hook } from '../hooks/hook.ts';
import { createRequestHooks, type RequestHooks } from './request-hooks.ts';
import type { RouteTable } from './routes.ts';

export interface BootstrapEvent {
  core: Core;
}

/** Once the server listens: handlers may add routes (`e.routes.add(…)`) before requests arrive. */
export interface ServeEvent {
  core: Core;
  routes: RouteTable;
  server: Server<unknown>;
}

export interface TerminateEvent {
  core: Core;
  /** True when the app closes to reopen (a restore), false on a real shutdown. */
  isRestart: boolean;
}

/** The HTTP layer's hooks: PocketBase's request hooks plus the app lifecycle. */
export function createHttpHooks() {
  return {
    ...createRequestHooks(),
    onBootstrap: new Hook<BootstrapEvent>(),
    onServe: new Hook<ServeEvent>(),
    onTerminate: new Hook<TerminateEvent>(),
  };
}

export type HttpHooks = ReturnType<typeof createHttpHooks>;

/** Every hook by PocketBase's name: the core's model, mailer and realtime hooks and the HTTP ones. */
export type AllHooks = Hooks & HttpHooks;

/**
 * One map of every hook (`onRecordCreate`, `onRecordCreateRequest`, `onServe`, …) for name-driven
 * bindings (pb_hooks, the extension host). The core's hooks are those of the core given: after a
 * restore the app has a new core, and the map must be taken again.
 */
export function allHooks(state: { core: Core; hooks: HttpHooks }): AllHooks {
  return { ...state.core.hooks, ...state.hooks };
}

export type { RequestHooks };

// The public library surface: the only file a program using Satchel (or a hooks file's types) imports.
//
//   import { runCli, type HookApp } from 'satchel';
//   const hooks = (app: HookApp) => app.routerAdd('GET', '/api/hi', () => ({ hi: true }));
//   process.exitCode = await runCli(process.argv.slice(2), { extensions: [hooks] });
// The reference brings the text-import shapes (SQL, SVG) into a consumer's type-check too.
/// <reference path="./types.d.ts" />

/** Opens a data dir and builds the server (`listen`, `close`); `extensions` and `hooksDir` extend it. */
export { type App, type AppOptions, createApp } from './app.ts';
/** The whole `satchel` command line (serve, superuser, migrate, …) with a program's extensions. */
export { type CliOptions, runCli } from './cli/index.ts';
export type { Core } from './core/core.ts';
export type { CronJob, CronScheduler } from './core/cron/scheduler.ts';
export {
  BadRequestError,
  type ErrorData,
  type FieldError,
  ForbiddenError,
  NotFoundError,
  SatchelError,
  TooLargeError,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from './core/errors.ts';
export type { AuthInfo } from './core/records/auth-info.ts';
export type { RecordData } from './core/records/record.ts';
export type {
  Extension,
  HookApp,
  HookBinder,
  RecordHookBinder,
  Register,
  RegisteredRecords,
  RouteEvent,
  RouteParams,
  RouteResult,
  WithRecord,
} from './extend/facade.ts';
// The functions a hooks file calls at its top level (bound to that file while it loads).
export * from './extend/globals.ts';
export { requireAuth, requireGuestOnly, requireSuperuserAuth } from './extend/middlewares.ts';
export type { CollectionEvent, RecordEvent } from './hooks/events.ts';
export type { BindOptions, Handler } from './hooks/hook.ts';
export type { RequestEvent } from './http/event.ts';
export type { Middleware } from './http/routes.ts';

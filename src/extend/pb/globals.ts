// Every global a `*.pb.js` file sees, by PocketBase's names, bound to one registrar (one source file).
import { basename, dirname, extname, join } from 'node:path';
import {
  Collection,
  Field,
  FieldsList,
  TYPED_FIELDS,
  unmarshal,
} from '../../core/migrations/js-api.ts';
import { RequestEvent } from '../../http/event.ts';
import type { Registrar } from '../registrar.ts';
import { createPbApp } from './app.ts';
import { dbx } from './dbx.ts';
import { ERROR_CLASSES, unsupported } from './errors.ts';
import { pbHookEvent } from './hook-event.ts';
import { send } from './http-send.ts';
import { createMails, MailerMessage, mailClient } from './mails.ts';
import { arrayOf, DynamicModel } from './models.ts';
import { os, toStringGlobal } from './os.ts';
import { recordClass } from './record.ts';
import { createApis, createRouter, Middleware } from './router.ts';
import { security } from './security.ts';

/**
 * PocketBase's hook globals: those the host lacks still exist, and fail naming themselves when a
 * file binds them (the host's map grows as Satchel adds hooks; they then work without a change here).
 */
export const PB_HOOK_NAMES = [
  'onBootstrap',
  'onServe',
  'onTerminate',
  'onSettingsReload',
  'onBackupCreate',
  'onBackupRestore',
  'onMailerSend',
  'onMailerRecordAuthAlertSend',
  'onMailerRecordPasswordResetSend',
  'onMailerRecordVerificationSend',
  'onMailerRecordEmailChangeSend',
  'onMailerRecordOTPSend',
  'onRealtimeConnectRequest',
  'onRealtimeSubscribeRequest',
  'onRealtimeMessageSend',
  'onRecordEnrich',
  'onRecordValidate',
  ...['Create', 'Update', 'Delete'].flatMap((op) =>
    ['Record', 'Collection', 'Model'].flatMap((m) => [
      `on${m}${op}`,
      `on${m}${op}Execute`,
      `on${m}After${op}Success`,
      `on${m}After${op}Error`,
    ]),
  ),
  'onCollectionValidate',
  'onModelValidate',
  'onRecordAuthRequest',
  'onRecordAuthRefreshRequest',
  'onRecordAuthWithPasswordRequest',
  'onRecordAuthWithOAuth2Request',
  'onRecordAuthWithOTPRequest',
  'onRecordRequestOTPRequest',
  'onRecordRequestPasswordResetRequest',
  'onRecordConfirmPasswordResetRequest',
  'onRecordRequestVerificationRequest',
  'onRecordConfirmVerificationRequest',
  'onRecordRequestEmailChangeRequest',
  'onRecordConfirmEmailChangeRequest',
  'onRecordsListRequest',
  'onRecordViewRequest',
  'onRecordCreateRequest',
  'onRecordUpdateRequest',
  'onRecordDeleteRequest',
  'onCollectionsListRequest',
  'onCollectionViewRequest',
  'onCollectionCreateRequest',
  'onCollectionUpdateRequest',
  'onCollectionDeleteRequest',
  'onCollectionsImportRequest',
  'onSettingsListRequest',
  'onSettingsUpdateRequest',
  'onFileDownloadRequest',
  'onFileTokenRequest',
  'onBatchRequest',
];

/** `$filepath`: the Go `path/filepath` functions files use to build paths. */
const filepath = {
  join: (...parts: string[]) => join(...parts),
  base: (p: string) => basename(p),
  dir: (p: string) => dirname(p),
  ext: (p: string) => extname(p),
};

/**
 * `obj` where a name it lacks is a function failing with that name (PocketBase's `$app` has ~190
 * methods; a file calling one Satchel lacks learns which), never `undefined is not a function`.
 */
function strict<T extends object>(label: string, obj: T): T {
  return new Proxy(obj, {
    get: (t, name) => {
      if (typeof name === 'symbol' || name in t || name === 'then' || name === 'toJSON')
        return (t as { [k: string | symbol]: unknown })[name];
      return unsupported(`${label}.${name}`);
    },
  });
}

export function createGlobals(registrar: Registrar, hooksDir: string) {
  const host = registrar.host;
  const core = host.core;
  const Record = recordClass(core);
  const app = strict(
    '$app',
    Object.assign(createPbApp(core, Record), { newMailClient: () => mailClient(core) }),
  );
  const router = createRouter(registrar, app, Record);
  const hooks: { [name: string]: unknown } = {};
  for (const name of new Set([...PB_HOOK_NAMES, ...Object.keys(host.hooks)])) {
    const hook = host.hooks[name];
    hooks[name] = hook
      ? (fn: unknown, ...tags: unknown[]) => {
          if (typeof fn !== 'function') throw new Error(`${name}: the handler must be a function`);
          const collections = tags.map(String);
          registrar.bind(
            hook,
            async (e) => {
              // PocketBase loads the caller before any handler runs; Satchel on demand.
              if (e instanceof RequestEvent) await e.resolveAuth();
              await (fn as (e: unknown) => unknown)(pbHookEvent(e, app, Record));
            },
            collections.length ? { collections } : undefined,
          );
        }
      : unsupported(name);
  }
  return {
    ...hooks,
    ...ERROR_CLASSES,
    ...TYPED_FIELDS,
    __hooks: hooksDir,
    $app: app,
    $apis: strict('$apis', createApis()),
    $security: strict('$security', security),
    $os: strict('$os', os),
    $http: strict('$http', { send }),
    $mails: strict('$mails', createMails(core)),
    $filepath: filepath,
    $dbx: strict('$dbx', dbx),
    $filesystem: new Proxy({}, { get: (_, name) => unsupported(`$filesystem.${String(name)}`) }),
    $template: new Proxy({}, { get: (_, name) => unsupported(`$template.${String(name)}`) }),
    routerAdd: router.routerAdd,
    routerUse: router.routerUse,
    cronAdd: (id: string, expr: string, fn: () => unknown) =>
      registrar.cron(String(id), String(expr), async () => {
        await fn();
      }),
    cronRemove: (id: string) => core.cron.remove(String(id)),
    Record,
    Collection,
    Field,
    FieldsList,
    DynamicModel,
    MailerMessage,
    Middleware,
    arrayOf,
    unmarshal,
    toString: toStringGlobal,
    sleep: (ms: number) => Bun.sleep(Number(ms) || 0),
    migrate: unsupported('migrate (migrations go in the migrations dir)'),
  };
}

// The fixed routes' bodies in one table, keyed `METHOD pattern`. Loaded by bodies/index.ts on the
// first body read: building the schemas loads TypeBox (~200 modules), which a start doesn't need.
import { backupsBodies } from './backups.ts';
import { batchBodies } from './batch.ts';
import { collectionsBodies } from './collections.ts';
import { oauth2RedirectBodies } from './oauth2-redirect.ts';
import { openapiBodies } from './openapi.ts';
import { realtimeBodies } from './realtime.ts';
import { recordsAuthBodies } from './records-auth.ts';
import { settingsBodies } from './settings.ts';
import type { BodyTable } from './spec.ts';
import { sqlBodies } from './sql.ts';

export const FIXED_BODIES: BodyTable = {
  ...recordsAuthBodies,
  ...batchBodies,
  ...collectionsBodies,
  ...settingsBodies,
  ...backupsBodies,
  ...sqlBodies,
  ...realtimeBodies,
  ...openapiBodies,
  ...oauth2RedirectBodies,
};

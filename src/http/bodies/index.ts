// Every fixed route's request body by `METHOD pattern`: checked when the handler reads the body
// (RequestEvent.body) and written into /api/openapi.json. Records bodies are per collection instead.
import { backupsBodies } from './backups.ts';
import { batchBodies } from './batch.ts';
import { collectionsBodies } from './collections.ts';
import { oauth2RedirectBodies } from './oauth2-redirect.ts';
import { openapiBodies } from './openapi.ts';
import { realtimeBodies } from './realtime.ts';
import { recordsAuthBodies } from './records-auth.ts';
import { settingsBodies } from './settings.ts';
import type { BodySpec, BodyTable } from './spec.ts';
import { sqlBodies } from './sql.ts';

export type { BodySpec, BodyTable } from './spec.ts';

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

/** The built-in route's body, if it has one; routes that hooks add describe their own. */
export function bodySpecOf(route: { method: string; pattern: string; source: string } | null) {
  if (route?.source !== 'core') return undefined;
  return FIXED_BODIES[`${route.method} ${route.pattern}`] as BodySpec | undefined;
}

// `app.settings()` and `app.save(settings)` in a migration (PocketBase's way to set initial app
// settings), synchronous inside the run's transaction like every other migration write.
import type { Conn } from '../../db/conn.ts';
import type { Core } from '../core.ts';
import { hasErrors, ValidationError } from '../errors.ts';
import { mergeSettings } from '../settings/merge.ts';
import { writeParam } from '../settings/param-row.ts';
import type { Settings } from '../settings/store.ts';
import { validateSettings } from '../settings/validate.ts';

/** The settings object a file edits (`settings.meta.appName = …`); a copy until saved. */
export class SettingsModel {
  [key: string]: unknown;
  constructor(current: Settings) {
    Object.assign(this, structuredClone(current));
  }
}

/** Validates and writes the row; the in-memory settings follow, and go back on a rollback. */
export function saveSettingsSync(core: Core, tx: Conn, model: SettingsModel): void {
  const merged = mergeSettings(core.settings.get(), JSON.parse(JSON.stringify(model)), true);
  const errors = validateSettings(merged);
  if (hasErrors(errors))
    throw new ValidationError('An error occurred while saving the new settings.', errors);
  // Stored as the settings API stores it: empty S3 secrets left out.
  const stored = structuredClone(merged) as unknown as Record<string, Record<string, unknown>>;
  if (!merged.s3.secret) delete stored.s3!.secret;
  if (!merged.backups.s3.secret) delete (stored.backups!.s3 as Record<string, unknown>).secret;
  const now = new Date().toISOString().replace('T', ' ');
  writeParam(tx, 'settings', core.settings.sealParam(JSON.stringify(stored), tx.engine), now);
  core.settings.load(tx);
  core.store.writes.onRollback(() => core.settings.load(core.store.reader));
}

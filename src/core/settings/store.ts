// The app settings: cached in memory, persisted in `_params` row `settings` as a JSON BLOB (http-api.md §8).
import type { Conn, Engine } from '../../db/conn.ts';
import type { Store } from '../../db/connect.ts';
import { BadRequestError, hasErrors, ValidationError } from '../errors.ts';
import { defaultSettings, type Settings } from './defaults.ts';
import { checkEncryptionKey, openParam, sealParam } from './encryption.ts';
import { mergeSettings, SettingsShapeError } from './merge.ts';
import { readParam, writeParam } from './param-row.ts';
import { validateSettings } from './validate.ts';

export type { Settings } from './defaults.ts';

/** The client view: secrets removed, as PocketBase's Settings.MarshalJSON does. */
export function maskSettings(s: Settings): Record<string, unknown> {
  const out = structuredClone(s) as unknown as Record<string, Record<string, unknown>>;
  delete out.smtp!.password;
  delete out.s3!.secret;
  delete (out.backups!.s3 as Record<string, unknown>).secret;
  return out;
}

/** The stored JSON: like PocketBase, `s3.secret` is omitted when empty and `smtp.password` kept. */
function encodeForStorage(s: Settings): string {
  const out = structuredClone(s) as unknown as Record<string, Record<string, unknown>>;
  if (!s.s3.secret) delete out.s3!.secret;
  if (!s.backups.s3.secret) delete (out.backups!.s3 as Record<string, unknown>).secret;
  return JSON.stringify(out);
}

/** `--encryptionEnv`: the variable's name (for messages) and its value, the AES key. */
export interface SettingsEncryption {
  env: string;
  key: string;
}

export class SettingsStore {
  private current: Settings = defaultSettings();
  private readonly listeners: (() => void)[] = [];

  /** With `encryption`, the `settings` and `satchel` rows are stored encrypted (as PocketBase). */
  constructor(readonly encryption?: SettingsEncryption) {
    if (encryption) checkEncryptionKey(encryption.key);
  }

  /** A `_params` value → its JSON (decrypted when needed); throws SettingsEncryptionError. */
  openParam(row: string, value: unknown): unknown {
    return openParam(row, value, this.encryption?.key, this.encryption?.env);
  }

  /** JSON text → the value to store in `_params` (encrypted when a key is set). */
  sealParam(json: string, engine: Engine = 'sqlite'): string | Uint8Array {
    return sealParam(json, this.encryption?.key, engine);
  }

  /** `fn` runs after every load and saved update (the auto-backup job follows `backups.cron`). */
  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  /**
   * Reads the stored row (a PocketBase dir's row loads as it is); no row → defaults. A row that is
   * encrypted without a key, or with another key, throws SettingsEncryptionError: starting on
   * defaults would let the next save overwrite the real settings.
   */
  load(conn: Conn): void {
    this.openParam('satchel', readParam(conn, 'satchel'));
    this.current = mergeSettings(
      defaultSettings(),
      this.openParam('settings', readParam(conn, 'settings')),
      false,
    );
    for (const fn of this.listeners) fn();
  }

  /** The live settings with secrets; treat as read-only. */
  get(): Settings {
    return this.current;
  }

  toJSON(): Record<string, unknown> {
    return maskSettings(this.current);
  }

  /** Deep-merges `patch`, validates, and writes the row (created on the first update). */
  async update(store: Store, patch: unknown): Promise<Settings> {
    const next = await store.writes.run((tx) => {
      let merged: Settings;
      try {
        merged = mergeSettings(this.current, patch, true);
      } catch (err) {
        if (err instanceof SettingsShapeError) {
          throw new BadRequestError('An error occurred while loading the submitted data.');
        }
        throw err;
      }
      const errors = validateSettings(merged);
      if (hasErrors(errors)) {
        throw new ValidationError('An error occurred while saving the new settings.', errors);
      }
      const now = new Date().toISOString().replace('T', ' ');
      writeParam(tx, 'settings', this.sealParam(encodeForStorage(merged), tx.engine), now);
      return merged;
    });
    this.current = next;
    for (const fn of this.listeners) fn();
    return next;
  }
}

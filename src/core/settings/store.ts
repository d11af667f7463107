// Settings cache over `_params` row `settings` (placeholder: the settings module replaces this).
import type { Conn } from '../../db/conn.ts';

export type Settings = Record<string, unknown>;

export class SettingsStore {
  private current: Settings = {};

  load(conn: Conn): void {
    const row = conn.get<{ value: Uint8Array | string | null }>(
      "SELECT value FROM _params WHERE id = 'settings'",
    );
    if (!row?.value) return;
    const text = typeof row.value === 'string' ? row.value : new TextDecoder().decode(row.value);
    this.current = JSON.parse(text) as Settings;
  }

  get(): Settings {
    return this.current;
  }
}

// Shared bits of the settings sections: a local copy with deep set, and the save footer.
import { useState } from 'preact/hooks';
import { useShortcuts } from '../../components/shortcuts.ts';
import { ErrorBox } from '../../components/ui.tsx';
import { useUnsaved } from '../../components/unsaved.ts';
import type { Settings, useSettings } from './useSettings.ts';

export type SettingsState = ReturnType<typeof useSettings>;

/**
 * A draft of some top-level settings keys; `set('meta', {appName})` merges into one key.
 * Unsaved changes are guarded: Reset (or Esc) and leaving the page ask before discarding.
 */
export function useDraft(s: SettingsState, keys: string[]) {
  const pick = () =>
    Object.fromEntries(keys.map((k) => [k, structuredClone(s.settings?.[k] ?? {})])) as Settings;
  const [draft, setDraft] = useState<Settings>(pick);
  const [baseline, setBaseline] = useState(() => JSON.stringify(draft));
  const unsaved = useUnsaved(JSON.stringify(draft) !== baseline);
  const set = (k: string, patch: Record<string, unknown>) =>
    setDraft((d) => ({ ...d, [k]: { ...d[k], ...patch } }));
  /** Replaces a whole key, for the settings that are lists (`superuserIPs`). */
  const replace = (k: string, value: unknown) =>
    setDraft((d) => ({ ...d, [k]: value as Settings[string] }));
  return {
    draft,
    set,
    replace,
    reset: () =>
      unsaved.guard(() => {
        const fresh = pick();
        setDraft(fresh);
        setBaseline(JSON.stringify(fresh));
      }),
    save: async () => {
      if (await s.save(draft)) setBaseline(JSON.stringify(draft));
    },
  };
}

export function SaveBar({
  s,
  onSave,
  onReset,
}: {
  s: SettingsState;
  onSave: () => void;
  onReset: () => void;
}) {
  useShortcuts({ save: onSave, cancel: onReset });
  return (
    <>
      <ErrorBox text={s.error} />
      <div class="row end savebar">
        <button type="button" class="btn" onClick={onReset}>
          Reset
        </button>
        <button
          type="button"
          class="btn primary"
          disabled={s.busy}
          onClick={onSave}
          data-testid="settings-save"
        >
          {s.busy ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </>
  );
}

// Loads the server settings once per page and saves a section's patch (errors keyed like `meta.appURL`).
import { useEffect, useState } from 'preact/hooks';
import { errorMessage, fieldErrors, pb } from '../../pb.ts';
import { toast } from '../../stores/toasts.ts';

export type Settings = Record<string, Record<string, unknown>>;

export function useSettings() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      setSettings((await pb.settings.getAll()) as Settings);
      setError('');
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  useEffect(() => {
    load();
  }, []);

  const save = async (patch: Settings) => {
    setBusy(true);
    setError('');
    setErrors({});
    try {
      setSettings((await pb.settings.update(patch)) as Settings);
      toast('Settings saved');
      return true;
    } catch (err) {
      setError(errorMessage(err));
      setErrors(fieldErrors(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { settings, setSettings, error, errors, busy, save, load };
}

// Backups: list, create, download, restore, delete — when the server provides the API.
import { useEffect, useState } from 'preact/hooks';
import { confirmDialog } from '../../components/Confirm.tsx';
import { isMissingApi, Unavailable } from '../../components/Unavailable.tsx';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { errorMessage, pb } from '../../pb.ts';
import { toast } from '../../stores/toasts.ts';

export function BackupsPage() {
  const [list, setList] = useState<{ key: string; size: number; modified: string }[] | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      setList(await pb.backups.getFullList());
      setError('');
    } catch (err) {
      if (isMissingApi(err)) setMissing(true);
      else setError(errorMessage(err));
    }
  };
  useEffect(() => {
    load();
  }, []);

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      toast(done);
      await load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const download = async (key: string) => {
    try {
      const token = await pb.files.getToken();
      window.open(pb.backups.getDownloadURL(token, key), '_blank');
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  if (missing)
    return (
      <div class="content">
        <h1>Backups</h1>
        <Unavailable what="Backups" />
      </div>
    );
  return (
    <div class="content">
      <header class="page-head">
        <h1>Backups</h1>
        <div class="grow" />
        <button
          type="button"
          class="btn primary"
          disabled={busy}
          onClick={() => act(() => pb.backups.create(''), 'Backup created')}
        >
          + New backup
        </button>
      </header>
      <ErrorBox text={error} retry={load} />
      {list === null ? (
        <Spinner />
      ) : list.length === 0 ? (
        <p class="empty">No backups yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Size</th>
              <th>Modified</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((b) => (
              <tr key={b.key}>
                <td>{b.key}</td>
                <td>{(b.size / 1024).toFixed(1)} KB</td>
                <td class="date">{b.modified}</td>
                <td class="row end">
                  <button type="button" class="btn small" onClick={() => download(b.key)}>
                    Download
                  </button>
                  <button
                    type="button"
                    class="btn small"
                    disabled={busy}
                    onClick={async () =>
                      (await confirmDialog(`Restore ${b.key}? The app restarts.`)) &&
                      act(() => pb.backups.restore(b.key), 'Restore started')
                    }
                  >
                    Restore
                  </button>
                  <button
                    type="button"
                    class="btn small danger ghost"
                    disabled={busy}
                    onClick={async () =>
                      (await confirmDialog(`Delete ${b.key}?`)) &&
                      act(() => pb.backups.delete(b.key), 'Backup deleted')
                    }
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

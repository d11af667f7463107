// Backups: list, create (optionally named), upload, download, restore and delete, with the progress
// of a running backup or restore.
import { useEffect, useRef, useState } from 'preact/hooks';
import { confirmDialog } from '../../components/Confirm.tsx';
import { isMissingApi, Unavailable } from '../../components/Unavailable.tsx';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { errorMessage, pb } from '../../pb.ts';
import { toast } from '../../stores/toasts.ts';
import { describeProgress, readProgress, useBackupProgress } from './progress.ts';

interface Backup {
  key: string;
  size: number;
  modified: string;
}

/** A restore answers once the archive is checked; the swap and restart follow. Bounded: ~10 min. */
async function untilIdle(): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    if ((await readProgress()) === null) return;
    await new Promise((r) => setTimeout(r, 400));
  }
}

const size = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`;

export function BackupsPage() {
  const [list, setList] = useState<Backup[] | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

  const load = async () => {
    try {
      setList(await pb.backups.getFullList({ requestKey: null }));
      setError('');
    } catch (err) {
      if (isMissingApi(err)) setMissing(true);
      else setError(errorMessage(err));
    }
  };
  useEffect(() => {
    load();
  }, []);
  const running = useBackupProgress(busy, load);

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

  const create = () =>
    act(async () => {
      await pb.backups.create(name.trim());
      setName('');
    }, 'Backup created');

  const upload = (file: File) => act(() => pb.backups.upload({ file }), `Uploaded ${file.name}`);

  const restore = (key: string) =>
    act(async () => {
      await pb.backups.restore(key);
      await untilIdle();
    }, `Restored ${key}`);

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
  const locked = busy || running !== null;
  return (
    <div class="content">
      <header class="page-head">
        <h1>Backups</h1>
        <div class="grow" />
        <input
          name="backup-name"
          placeholder="Name (optional), e.g. before_upgrade.zip"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <button type="button" class="btn primary" disabled={locked} onClick={create}>
          + New backup
        </button>
        <button
          type="button"
          class="btn"
          disabled={locked}
          onClick={() => fileInput.current?.click()}
        >
          Upload backup
        </button>
        <input
          ref={fileInput}
          type="file"
          name="backup-file"
          accept=".zip,application/zip"
          hidden
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) upload(file);
          }}
        />
      </header>
      {running && (
        <div class="backup-progress" role="status">
          <strong>
            {running.kind === 'backup' ? 'Backing up' : 'Restoring'} {running.key}
          </strong>
          <progress
            value={running.total > 0 ? running.done : undefined}
            max={running.total > 0 ? running.total : undefined}
          />
          <span class="muted">{describeProgress(running)}</span>
        </div>
      )}
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
              <tr key={b.key} data-key={b.key}>
                <td>{b.key}</td>
                <td>{size(b.size)}</td>
                <td class="date">{b.modified}</td>
                <td class="row end">
                  <button type="button" class="btn small" onClick={() => download(b.key)}>
                    Download
                  </button>
                  <button
                    type="button"
                    class="btn small"
                    disabled={locked}
                    onClick={async () =>
                      (await confirmDialog(`Restore ${b.key}? The app restarts.`)) && restore(b.key)
                    }
                  >
                    Restore
                  </button>
                  <button
                    type="button"
                    class="btn small danger ghost"
                    disabled={locked}
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

// Request logs: filter, chart of requests over time, paged list, details of one entry.
import type { LogModel } from 'pocketbase';
import { useEffect, useState } from 'preact/hooks';
import { Modal } from '../../components/Modal.tsx';
import { isMissingApi, Unavailable } from '../../components/Unavailable.tsx';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { errorMessage, pb } from '../../pb.ts';
import { Chart } from './Chart.tsx';

const LEVELS: Record<number, string> = { [-4]: 'DEBUG', 0: 'INFO', 4: 'WARN', 8: 'ERROR' };

export function LogsPage() {
  const [filterText, setFilterText] = useState('');
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(1);
  const [items, setItems] = useState<LogModel[] | null>(null);
  const [total, setTotal] = useState(0);
  const [stats, setStats] = useState<{ date: string; total: number }[]>([]);
  const [error, setError] = useState('');
  const [missing, setMissing] = useState(false);
  const [open, setOpen] = useState<LogModel | null>(null);

  useEffect(() => {
    let stale = false;
    (async () => {
      try {
        const [list, st] = await Promise.all([
          pb.logs.getList(page, 50, { filter, sort: '-created' }),
          pb.logs.getStats({ filter }).catch(() => []),
        ]);
        if (stale) return;
        setItems(list.items);
        setTotal(list.totalPages);
        setStats(st);
        setError('');
      } catch (err) {
        if (stale) return;
        if (isMissingApi(err)) setMissing(true);
        else setError(errorMessage(err));
      }
    })();
    return () => {
      stale = true;
    };
  }, [filter, page]);

  if (missing)
    return (
      <div class="content">
        <h1>Logs</h1>
        <Unavailable what="Logs" />
      </div>
    );
  return (
    <div class="content">
      <h1>Logs</h1>
      <form
        class="searchbar"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(filterText);
          setPage(1);
        }}
      >
        <input
          type="search"
          placeholder="e.g. level > 0 || data.status >= 400"
          value={filterText}
          onInput={(e) => setFilterText(e.currentTarget.value)}
        />
        <button type="submit" class="btn">
          Search
        </button>
      </form>
      <ErrorBox text={error} />
      <Chart data={stats} />
      {items === null ? (
        <Spinner />
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Level</th>
                <th>Message</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((l) => (
                <tr key={l.id} onClick={() => setOpen(l)}>
                  <td>
                    <span class={`badge level${l.level}`}>
                      {LEVELS[Number(l.level)] ?? l.level}
                    </span>
                  </td>
                  <td>{l.message}</td>
                  <td class="date">{l.created}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {items.length === 0 && <p class="empty">No logs found.</p>}
        </div>
      )}
      <div class="pager">
        <div class="grow" />
        <button
          type="button"
          class="btn small"
          disabled={page <= 1}
          onClick={() => setPage(page - 1)}
        >
          ‹ Prev
        </button>
        <span>
          Page {page} of {Math.max(1, total)}
        </span>
        <button
          type="button"
          class="btn small"
          disabled={page >= total}
          onClick={() => setPage(page + 1)}
        >
          Next ›
        </button>
      </div>
      {open && (
        <Modal title="Log entry" onClose={() => setOpen(null)}>
          <pre class="code">{JSON.stringify(open, null, 2)}</pre>
        </Modal>
      )}
    </div>
  );
}

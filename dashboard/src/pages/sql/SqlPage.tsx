// The superuser SQL console: a run of statements against POST /api/sql, the last result as a table.
import { useState } from 'preact/hooks';
import { CodeEditor } from '../../components/CodeEditor.tsx';
import { ErrorBox } from '../../components/ui.tsx';
import { errorMessage, pb } from '../../pb.ts';
import { collections } from '../../stores/collections.ts';

interface SqlResult {
  execTime: number;
  affectedRows: number;
  columns: { name: string; type: string; nullable: boolean }[];
  rows: (string | null)[][];
}

const LAST_KEY = 'satchel_sql_last';

export function SqlPage() {
  const [query, setQuery] = useState(
    () => localStorage.getItem(LAST_KEY) ?? 'SELECT name, type FROM sqlite_master LIMIT 20',
  );
  const [result, setResult] = useState<SqlResult | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // Tables and columns to complete: every collection is a table of the same name.
  const schema = Object.fromEntries(
    collections.value.map((c) => [c.name, c.fields.map((f) => f.name)]),
  );

  const run = async () => {
    if (busy || !query.trim()) return;
    setBusy(true);
    setError('');
    localStorage.setItem(LAST_KEY, query);
    try {
      setResult(await pb.send<SqlResult>('/api/sql', { method: 'POST', body: { query } }));
    } catch (err) {
      setResult(null);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="content sql-page">
      <header class="page-head">
        <h1>SQL console</h1>
        <span class="muted">
          Statements run as one transaction; the last query's rows show (at most 1,000). Ctrl+Enter
          runs.
        </span>
      </header>
      <CodeEditor
        name="query"
        language="sql"
        ariaLabel="SQL query"
        value={query}
        onChange={setQuery}
        onSubmit={run}
        sqlSchema={schema}
      />
      <div class="row">
        <button
          type="button"
          class="btn primary"
          disabled={busy}
          onClick={run}
          data-testid="sql-run"
        >
          {busy ? 'Running…' : 'Run'}
        </button>
        {result && (
          <span class="muted" data-testid="sql-summary">
            {result.columns.length
              ? `${result.rows.length} row(s)`
              : `${result.affectedRows} row(s) affected`}{' '}
            in {result.execTime} ms
          </span>
        )}
      </div>
      <ErrorBox text={error} />
      {result && result.columns.length > 0 && (
        <div class="table-wrap">
          <table class="sql-result">
            <thead>
              <tr>
                {result.columns.map((c) => (
                  <th key={c.name} title={c.type}>
                    {c.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((v, j) => (
                    <td key={j} class={v === null ? 'muted' : ''}>
                      {v ?? 'NULL'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

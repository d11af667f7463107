// The records of one collection: filter search, sortable columns, pagination, column picker, bulk delete, live updates.
import type { CollectionModel, ListResult, RecordModel } from 'pocketbase';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { CodeEditor } from '../../components/CodeEditor.tsx';
import { confirmDialog } from '../../components/Confirm.tsx';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { fieldType } from '../../fields/registry.ts';
import { errorMessage, pb } from '../../pb.ts';
import { replaceRoute, route, routeQuery } from '../../router.ts';
import { toast } from '../../stores/toasts.ts';
import { defaultHidden, loadHidden, saveHidden } from './columns.ts';
import { filterCompletions, recentFilters, rememberFilter } from './filter-completions.ts';
import { useLive } from './live.ts';
import { RecordForm } from './RecordForm.tsx';

const PER_PAGE = 30;

/**
 * The table's view in the URL (`#/collections/posts?filter=…&sort=-views&page=2&hidden=meta`), so
 * it survives a reload and can be shared. Defaults are left out.
 */
function viewFromUrl(c: CollectionModel, defaultSort: string) {
  const q = routeQuery();
  const hidden = q.get('hidden');
  return {
    filter: q.get('filter') ?? '',
    sort: q.get('sort') ?? defaultSort,
    page: Math.max(1, Number(q.get('page')) || 1),
    hidden: hidden === null ? loadHidden(c) : hidden.split(',').filter(Boolean),
  };
}

export function RecordsTable({ collection: c }: { collection: CollectionModel }) {
  const hasCreated = c.fields.some((f) => f.name === 'created');
  const defaultSort = hasCreated ? '-created' : '';
  const [initial] = useState(() => viewFromUrl(c, defaultSort));
  const [filterText, setFilterText] = useState(initial.filter);
  const [filter, setFilter] = useState(initial.filter);
  const [sort, setSort] = useState(initial.sort);
  const [page, setPage] = useState(initial.page);
  const [data, setData] = useState<ListResult<RecordModel> | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [hidden, setHidden] = useState(initial.hidden);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [editing, setEditing] = useState<
    RecordModel | 'new' | { template: Record<string, unknown> } | null
  >(null);

  const relations = c.fields
    .filter((f) => f.type === 'relation' && !hidden.includes(f.name))
    .map((f) => f.name);
  const columns = c.fields.filter((f) => !hidden.includes(f.name));

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const res = await pb.collection(c.name).getList(page, PER_PAGE, {
        filter,
        sort,
        expand: relations.join(','),
      });
      setData(res);
      setError('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [c.name, page, filter, sort, relations.join(',')]);

  useEffect(() => {
    load();
  }, [load]);

  // A link or Back/Forward that changes the query on this page applies it (our own writes match).
  useEffect(() => {
    const v = viewFromUrl(c, defaultSort);
    if (v.filter !== filter) {
      setFilter(v.filter);
      setFilterText(v.filter);
    }
    if (v.sort !== sort) setSort(v.sort);
    if (v.page !== page) setPage(v.page);
    if (v.hidden.join(',') !== hidden.join(',')) setHidden(v.hidden);
  }, [route.value]);

  useEffect(() => {
    const q = new URLSearchParams();
    if (filter) q.set('filter', filter);
    if (sort !== defaultSort) q.set('sort', sort);
    if (page > 1) q.set('page', String(page));
    if (hidden.join(',') !== defaultHidden(c).join(',')) q.set('hidden', hidden.join(','));
    const qs = q.toString();
    replaceRoute(`/collections/${encodeURIComponent(c.name)}${qs ? `?${qs}` : ''}`);
  }, [filter, sort, page, hidden.join(',')]);

  const search = () => {
    const f = filterText.trim();
    setFilter(f);
    setPage(1);
    rememberFilter(c, f);
  };

  const live = useLive(c.name, c.type !== 'view', load);

  const toggleSort = (name: string) => {
    setSort(sort === `-${name}` ? name : sort === name ? '' : `-${name}`);
    setPage(1);
  };

  const toggleColumn = (name: string) => {
    const next = hidden.includes(name) ? hidden.filter((n) => n !== name) : [...hidden, name];
    setHidden(next);
    saveHidden(c, next);
  };

  const items = data?.items ?? [];
  const allSelected = items.length > 0 && items.every((r) => selected.has(r.id));

  const bulkDelete = async () => {
    const ids = [...selected];
    if (!(await confirmDialog(`Delete ${ids.length} selected record(s)?`))) return;
    const results = await Promise.allSettled(ids.map((id) => pb.collection(c.name).delete(id)));
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length)
      toast(
        `${failed.length} record(s) could not be deleted: ${errorMessage((failed[0] as PromiseRejectedResult).reason)}`,
        'error',
      );
    else toast(`Deleted ${ids.length} record(s)`);
    setSelected(new Set());
    load();
  };

  return (
    <div class="records">
      <form
        class="searchbar"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <CodeEditor
          name="filter"
          language="filter"
          singleLine
          ariaLabel="Filter"
          placeholder={`Filter like created > "2024-01-01" (Ctrl+Space lists fields)…`}
          value={filterText}
          onChange={setFilterText}
          onSubmit={search}
          completions={() => filterCompletions(c)}
          recent={() => recentFilters(c)}
        />
        <button type="submit" class="btn">
          Search
        </button>
        <span class={`live ${live}`} title="Realtime updates" data-testid="live-status">
          {live === 'live'
            ? '● Live'
            : live === 'connecting'
              ? '○ Connecting'
              : '○ Live updates unavailable'}
        </span>
        <div class="dropdown">
          <button
            type="button"
            class="btn"
            onClick={() => setPickerOpen(!pickerOpen)}
            aria-expanded={pickerOpen}
          >
            Columns
          </button>
          {pickerOpen && (
            <div class="menu">
              {c.fields.map((f) => (
                <label class="toggle" key={f.name}>
                  <input
                    type="checkbox"
                    checked={!hidden.includes(f.name)}
                    onChange={() => toggleColumn(f.name)}
                  />
                  <span>{f.name}</span>
                </label>
              ))}
            </div>
          )}
        </div>
      </form>
      <ErrorBox text={error} retry={load} />
      {selected.size > 0 && (
        <div class="bulkbar">
          {selected.size} selected
          <button type="button" class="btn small ghost" onClick={() => setSelected(new Set())}>
            Reset
          </button>
          {c.type !== 'view' && (
            <button type="button" class="btn small danger" onClick={bulkDelete}>
              Delete selected
            </button>
          )}
        </div>
      )}
      <div class={`table-wrap${loading ? ' loading' : ''}`}>
        <table>
          <thead>
            <tr>
              <th class="check">
                <input
                  type="checkbox"
                  aria-label="Select all"
                  checked={allSelected}
                  onChange={() =>
                    setSelected(allSelected ? new Set() : new Set(items.map((r) => r.id)))
                  }
                />
              </th>
              {columns.map((f) => (
                <th
                  key={f.name}
                  class="sortable"
                  onClick={() => toggleSort(f.name)}
                  data-col={f.name}
                >
                  <span class="ficon">{fieldType(f.type).icon}</span> {f.name}
                  {sort === f.name ? ' ↑' : sort === `-${f.name}` ? ' ↓' : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} onClick={() => setEditing(r)} data-id={r.id}>
                {/* biome-ignore lint/a11y/useKeyWithClickEvents: only stops the row's click; the checkbox has its own keys */}
                <td class="check" onClick={(e) => e.stopPropagation()}>
                  <input
                    type="checkbox"
                    aria-label={`Select ${r.id}`}
                    checked={selected.has(r.id)}
                    onChange={() => {
                      const next = new Set(selected);
                      if (next.has(r.id)) next.delete(r.id);
                      else next.add(r.id);
                      setSelected(next);
                    }}
                  />
                </td>
                {columns.map((f) => {
                  const V = fieldType(f.type).view;
                  return (
                    <td key={f.name} data-col={f.name}>
                      <V field={f} value={r[f.name]} record={r} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        {data === null && !error && <Spinner />}
        {data && items.length === 0 && <p class="empty">No records found.</p>}
      </div>
      {data && (
        <div class="pager">
          <span class="muted">Total: {data.totalItems}</span>
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
            Page {data.page} of {Math.max(1, data.totalPages)}
          </span>
          <button
            type="button"
            class="btn small"
            disabled={page >= data.totalPages}
            onClick={() => setPage(page + 1)}
          >
            Next ›
          </button>
        </div>
      )}
      {c.type !== 'view' && (
        <button type="button" class="btn primary fab" onClick={() => setEditing('new')}>
          + New record
        </button>
      )}
      {editing && (
        <RecordForm
          // A duplicate is a new form, not the old one with other values.
          key={editing === 'new' ? 'new' : 'template' in editing ? 'duplicate' : editing.id}
          collection={c}
          record={editing === 'new' || 'template' in editing ? null : editing}
          template={editing !== 'new' && 'template' in editing ? editing.template : undefined}
          onClose={() => setEditing(null)}
          onSaved={load}
          onDuplicate={(template) => setEditing({ template })}
        />
      )}
    </div>
  );
}

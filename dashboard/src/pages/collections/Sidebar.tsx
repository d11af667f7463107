// The collections list next to the records table: search, new, import/export.
import { useState } from 'preact/hooks';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import {
  collections,
  collectionsError,
  collectionsLoading,
  loadCollections,
} from '../../stores/collections.ts';

const TYPE_ICON: Record<string, string> = { base: '▤', auth: '☺', view: '◫' };

export function CollectionsSidebar({
  active,
  onNew,
  onImport,
}: {
  active: string;
  onNew: () => void;
  onImport: () => void;
}) {
  const [q, setQ] = useState('');
  const list = collections.value.filter((c) => c.name.toLowerCase().includes(q.toLowerCase()));
  const user = list.filter((c) => !c.system);
  const system = list.filter((c) => c.system);
  const item = (c: (typeof list)[number]) => (
    <a
      key={c.id}
      href={`#/collections/${c.name}`}
      class={c.name === active ? 'active' : ''}
      data-collection={c.name}
    >
      <span class="icon">{TYPE_ICON[c.type] ?? '▤'}</span> {c.name}
    </a>
  );
  return (
    <aside class="sidebar">
      <input
        type="search"
        placeholder="Search collections…"
        value={q}
        onInput={(e) => setQ(e.currentTarget.value)}
      />
      {collectionsLoading.value && collections.value.length === 0 && <Spinner />}
      <ErrorBox text={collectionsError.value} retry={loadCollections} />
      <nav class="side-list">
        {user.map(item)}
        {system.length > 0 && <div class="side-title">System</div>}
        {system.map(item)}
      </nav>
      <div class="grow" />
      <button type="button" class="btn primary block" onClick={onNew}>
        + New collection
      </button>
      <button type="button" class="btn ghost block" onClick={onImport}>
        Import / export
      </button>
    </aside>
  );
}

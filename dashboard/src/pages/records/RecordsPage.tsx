// The collections area: sidebar of collections, and the selected collection's records.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { navigate } from '../../router.ts';
import {
  collections,
  collectionsError,
  collectionsLoading,
  findCollection,
} from '../../stores/collections.ts';
import { CollectionEditor } from '../collections/CollectionEditor.tsx';
import { ImportExport } from '../collections/ImportExport.tsx';
import { CollectionsSidebar } from '../collections/Sidebar.tsx';
import { RecordsTable } from './RecordsTable.tsx';

/** The collection opened last: `#/collections` goes back to it. */
const LAST_KEY = 'satchel_last_collection';

export function RecordsPage({ name }: { name: string }) {
  const [editor, setEditor] = useState<'new' | 'edit' | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const c = name ? findCollection(name) : undefined;
  const last = findCollection(localStorage.getItem(LAST_KEY) ?? '');
  const fallback = last ?? collections.value.find((x) => !x.system) ?? collections.value[0];

  useEffect(() => {
    if (c) localStorage.setItem(LAST_KEY, c.name);
  }, [c?.name]);
  useEffect(() => {
    // Only while the address still names no page: collections that finish loading after the user
    // (or a link) went elsewhere must not pull them back to the records.
    const atRoot = /^#?\/?(collections\/?)?$/.test(location.hash);
    if (!name && fallback && atRoot) navigate(`/collections/${fallback.name}`);
  }, [name, fallback?.name]);

  let main: ComponentChildren;
  if (c) {
    main = (
      <>
        <header class="page-head">
          <h1>
            <a href="#/collections">Collections</a> / {c.name}
          </h1>
          <span class="badge">{c.type}</span>
          <button
            type="button"
            class="btn ghost"
            title="Edit collection"
            data-testid="edit-collection"
            onClick={() => setEditor('edit')}
          >
            ⚙ Edit collection
          </button>
          <a
            class="btn ghost"
            href={`#/collections/${encodeURIComponent(c.name)}/api`}
            data-testid="api-preview"
          >
            API preview
          </a>
        </header>
        <RecordsTable key={c.id} collection={c} />
      </>
    );
  } else if (collectionsLoading.value || (name === '' && fallback)) main = <Spinner />;
  else if (collectionsError.value) main = <ErrorBox text={collectionsError.value} />;
  else if (name) main = <p class="empty">Collection "{name}" not found.</p>;
  else main = <p class="empty">No collections yet.</p>;

  return (
    <div class="split">
      <CollectionsSidebar
        active={name}
        onNew={() => setEditor('new')}
        onImport={() => setImportOpen(true)}
      />
      <section class="content">{main}</section>
      {editor && (
        <CollectionEditor
          collection={editor === 'edit' ? (c ?? null) : null}
          onClose={() => setEditor(null)}
        />
      )}
      {importOpen && <ImportExport onClose={() => setImportOpen(false)} />}
    </div>
  );
}

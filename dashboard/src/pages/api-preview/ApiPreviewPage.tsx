// A collection's API preview (as PocketBase's): its endpoints from /api/openapi.json, each with its
// parameters, body fields, who may call it, and the official SDK's call.
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { errorMessage, pb } from '../../pb.ts';
import { findCollection } from '../../stores/collections.ts';
import {
  type ApiField,
  type ApiOperation,
  collectionOperations,
  sdkSnippet,
} from './operations.ts';

function FieldsTable({ title, fields }: { title: string; fields: ApiField[] }) {
  if (fields.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <table class="api-fields">
        <thead>
          <tr>
            <th>Name</th>
            <th>Type</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.name}>
              <td>
                <code>{f.name}</code>
                {f.required && <span class="badge">required</span>}
              </td>
              <td>
                <code>{f.type}</code>
              </td>
              <td>{f.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function OperationView({ collection, op }: { collection: string; op: ApiOperation }) {
  return (
    <article class="api-op" data-testid="api-op">
      <h2>{op.summary}</h2>
      <p class="api-endpoint">
        <span class={`method method-${op.method.toLowerCase()}`}>{op.method}</span>{' '}
        <code data-testid="api-path">{op.path}</code>
      </p>
      {op.description && <p class="muted">{op.description}</p>}
      <h3>SDK</h3>
      <pre class="api-snippet" data-testid="api-snippet">
        {sdkSnippet(collection, op)}
      </pre>
      <FieldsTable title="Parameters" fields={op.params} />
      <FieldsTable
        title={`Body${op.bodyTypes.length ? ` (${op.bodyTypes.join(' or ')})` : ''}`}
        fields={op.body}
      />
      {op.answer && (
        <p>
          Answer: <code data-testid="api-answer">{op.answer}</code>
        </p>
      )}
    </article>
  );
}

export function ApiPreviewPage({ name }: { name: string }) {
  const [ops, setOps] = useState<ApiOperation[] | null>(null);
  const [error, setError] = useState('');
  const [selected, setSelected] = useState(0);
  const collection = findCollection(name);

  useEffect(() => {
    setOps(null);
    setError('');
    setSelected(0);
    pb.send('/api/openapi.json', {})
      .then((doc) => setOps(collectionOperations(doc, name)))
      .catch((err) => setError(errorMessage(err)));
  }, [name]);

  const op = ops?.[selected];
  return (
    <section class="content api-preview">
      <header class="page-head">
        <h1>
          <a href="#/collections">Collections</a> /{' '}
          <a href={`#/collections/${encodeURIComponent(name)}`}>{name}</a> / API preview
        </h1>
        {collection && <span class="badge">{collection.type}</span>}
      </header>
      <ErrorBox text={error} />
      {!ops && !error && <Spinner />}
      {ops && ops.length === 0 && <p class="empty">No endpoints for "{name}".</p>}
      {ops && op && (
        <div class="api-layout">
          <nav class="api-ops" aria-label="Endpoints">
            {ops.map((o, i) => (
              <button
                type="button"
                key={o.id + o.method}
                class={i === selected ? 'active' : ''}
                data-testid={`api-${o.action}`}
                onClick={() => setSelected(i)}
              >
                <span class={`method method-${o.method.toLowerCase()}`}>{o.method}</span>{' '}
                {o.action.replaceAll('-', ' ')}
              </button>
            ))}
          </nav>
          <OperationView collection={name} op={op} />
        </div>
      )}
    </section>
  );
}

// Rich text (HTML) field input: a Squire editor loaded on first use, with a toolbar, images from
// the record's own file fields, an HTML source view, and sanitised output (DOMPurify).
import { useEffect, useRef, useState } from 'preact/hooks';
import { pb } from '../../pb.ts';
import { THUMBABLE } from '../file/preview.tsx';
import type { InputProps } from '../types.ts';
import type { RichTextHandle } from './rich-text.ts';

type Chunk = typeof import('./rich-text.ts');
let loading: Promise<Chunk> | null = null;
const loadRichText = () => {
  loading ??= import('./rich-text.ts');
  return loading;
};

/** Images already stored on this record, from any of its (non-protected) file fields. */
function recordImages({ collection, record }: InputProps): { name: string; url: string }[] {
  if (!record) return [];
  return collection.fields
    .filter((f) => f.type === 'file' && f.protected !== true)
    .flatMap((f) => {
      const v = record[f.name];
      const names: string[] = Array.isArray(v) ? v : v ? [String(v)] : [];
      return names
        .filter((n) => THUMBABLE.test(n))
        .map((n) => ({ name: n, url: pb.files.getURL(record, n) }));
    });
}

const TOOLS = [
  ['bold', 'B', 'Bold (Ctrl+B)', 'B'],
  ['italic', 'I', 'Italic (Ctrl+I)', 'I'],
  ['underline', 'U', 'Underline (Ctrl+U)', 'U'],
  ['makeUnorderedList', '• List', 'Bulleted list', 'UL'],
  ['makeOrderedList', '1. List', 'Numbered list', 'OL'],
  ['increaseQuoteLevel', '❝', 'Quote', 'BLOCKQUOTE'],
] as const;

export function EditorInput(props: InputProps) {
  const { field, value, onChange, id } = props;
  const host = useRef<HTMLDivElement>(null);
  const handle = useRef<RichTextHandle | null>(null);
  const chunk = useRef<Chunk | null>(null);
  const latest = useRef(onChange);
  latest.current = onChange;
  const [ready, setReady] = useState(false);
  const [source, setSource] = useState(false);
  const [imagesOpen, setImagesOpen] = useState(false);
  const [, setPath] = useState('');
  const html = (value as string) ?? '';

  /** Values sent up and not yet seen back: their echoes (a render late) must not rewind the editor. */
  const emitted = useRef<string[]>([]);
  /** Every value leaves sanitised, and with same-origin URLs made relative when asked. */
  const emit = (raw: string) => {
    const c = chunk.current;
    const clean = c ? c.sanitizeHtml(raw) : raw;
    const out = c && field.convertURLs ? c.convertUrls(clean, location.origin) : clean;
    emitted.current.push(out);
    latest.current(out);
  };

  useEffect(() => {
    let cancelled = false;
    loadRichText().then((c) => {
      if (cancelled || !host.current) return;
      chunk.current = c;
      handle.current = c.createRichText(host.current, {
        value: html,
        onChange: emit,
        onState: () => setPath(handle.current?.editor.getPath() ?? ''),
      });
      setReady(true);
    });
    return () => {
      cancelled = true;
      handle.current?.destroy();
    };
  }, []);

  // Outside changes (and leaving the source view, whose edits the editor has not seen) reach the
  // editor; echoes of its own edits do not.
  const wasSource = useRef(false);
  useEffect(() => {
    const leftSource = wasSource.current && !source;
    wasSource.current = source;
    if (source) return;
    const i = emitted.current.indexOf(html);
    if (i >= 0 && !leftSource) {
      emitted.current.splice(0, i + 1);
      return;
    }
    emitted.current = [];
    handle.current?.setHTML(html);
  }, [html, source]);

  const ed = handle.current?.editor;
  const images = recordImages(props);
  const run = (fn: () => void) => (e: MouseEvent) => {
    e.preventDefault();
    fn();
  };
  const link = () => {
    const url = prompt('Link URL (empty removes the link)');
    if (url === null || !ed) return;
    if (url) ed.makeLink(url);
    else ed.removeLink();
  };

  return (
    // The form row is a <label>: a click inside would "activate" its first button (Bold) and
    // steal the caret from the text. Carets and commands are set on mousedown, so nothing is lost.
    // biome-ignore lint/a11y/useKeyWithClickEvents: only cancels the label's click activation
    // biome-ignore lint/a11y/noStaticElementInteractions: see above
    <div
      class="rich-text"
      id={id}
      data-rich={field.name}
      data-ready={ready ? '' : undefined}
      onClick={(e) => {
        if (!(e.target instanceof HTMLButtonElement)) e.preventDefault();
      }}
    >
      <div class="rt-toolbar" role="toolbar" aria-label={`${field.name} formatting`}>
        {TOOLS.map(([cmd, label, title, tag]) => (
          <button
            type="button"
            key={cmd}
            class={`btn small ghost${ed?.hasFormat(tag) ? ' active' : ''}`}
            title={title}
            data-cmd={cmd}
            disabled={!ready || source}
            onMouseDown={run(() => ed?.[cmd]())}
          >
            {label}
          </button>
        ))}
        <button
          type="button"
          class="btn small ghost"
          title="Link"
          data-cmd="link"
          disabled={!ready || source}
          onMouseDown={run(link)}
        >
          Link
        </button>
        <div class="dropdown">
          <button
            type="button"
            class="btn small ghost"
            data-cmd="image"
            title={props.record ? 'Insert an image of this record' : 'Save the record first'}
            disabled={!ready || source || images.length === 0}
            onMouseDown={run(() => setImagesOpen(!imagesOpen))}
          >
            Image ▾
          </button>
          {imagesOpen && (
            <div class="menu rt-images">
              {images.map((img) => (
                <button
                  type="button"
                  key={img.name}
                  data-image={img.name}
                  onMouseDown={run(() => {
                    ed?.insertImage(img.url, { alt: img.name });
                    setImagesOpen(false);
                  })}
                >
                  <img alt="" src={`${img.url}?thumb=100x100`} /> {img.name}
                </button>
              ))}
            </div>
          )}
        </div>
        <button
          type="button"
          class="btn small ghost"
          data-cmd="undo"
          title="Undo (Ctrl+Z)"
          disabled={!ready || source}
          onMouseDown={run(() => ed?.undo())}
        >
          ↶
        </button>
        <button
          type="button"
          class="btn small ghost"
          data-cmd="redo"
          title="Redo (Ctrl+Shift+Z)"
          disabled={!ready || source}
          onMouseDown={run(() => ed?.redo())}
        >
          ↷
        </button>
        <div class="grow" />
        <button
          type="button"
          class={`btn small ghost${source ? ' active' : ''}`}
          data-cmd="source"
          disabled={!ready}
          onClick={() => setSource(!source)}
        >
          {'</>'} HTML
        </button>
      </div>
      {/* Squire owns this node's children and makes it contenteditable; Preact never renders into it. */}
      {/* biome-ignore lint/a11y/useSemanticElements: a rich-text area is a contenteditable textbox */}
      <div
        class="rt-body"
        ref={host}
        hidden={source}
        role="textbox"
        aria-multiline="true"
        aria-label={field.name}
        tabIndex={0}
      />
      {(source || !ready) && (
        <textarea
          class="code"
          name={field.name}
          rows={8}
          value={html}
          // The source view is sanitised like everything else once the editor has loaded.
          onInput={(e) => emit(e.currentTarget.value)}
        />
      )}
    </div>
  );
}

// A code input backed by CodeMirror 6, loaded on first use as a separate chunk (a plain textarea
// stands in meanwhile, so typing is never lost). `data-code` names it for tests and styles.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CodeEditorHandle, EditorOptions } from './code/editor.ts';

let loading: Promise<typeof import('./code/editor.ts')> | null = null;
/** The editor chunk, fetched once for all inputs. */
export const loadCodeEditor = () => {
  loading ??= import('./code/editor.ts');
  return loading;
};

/** The editor's own options, plus the input's name (its `data-code`) and element id. */
export interface CodeEditorProps extends EditorOptions {
  name: string;
  id?: string;
}

export function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<CodeEditorHandle | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const [ready, setReady] = useState(false);
  /** Values this editor sent up and not yet seen back: their echoes must not rewind the doc. */
  const emitted = useRef<string[]>([]);

  useEffect(() => {
    let cancelled = false;
    loadCodeEditor().then(({ createEditor }) => {
      if (cancelled || !host.current) return;
      const p = latest.current;
      editor.current = createEditor(host.current, {
        value: p.value,
        language: p.language,
        singleLine: p.singleLine,
        placeholder: p.placeholder,
        ariaLabel: p.ariaLabel ?? p.name,
        sqlSchema: p.sqlSchema,
        onChange: (v) => {
          emitted.current.push(v);
          latest.current.onChange(v);
        },
        onSubmit: () => latest.current.onSubmit?.(),
        completions: p.completions ? () => latest.current.completions?.() ?? [] : undefined,
        recent: p.recent ? () => latest.current.recent?.() ?? [] : undefined,
      });
      setReady(true);
    });
    return () => {
      cancelled = true;
      editor.current?.destroy();
      editor.current = null;
    };
  }, [props.language]);

  // Outside changes (a reset, a URL change) reach the editor. Its own edits come back as props a
  // render later, when more keys may have landed: those echoes are dropped, not written back.
  useEffect(() => {
    const i = emitted.current.indexOf(props.value);
    if (i >= 0) {
      emitted.current.splice(0, i + 1);
      return;
    }
    emitted.current = [];
    editor.current?.setValue(props.value);
  }, [props.value]);

  return (
    <div
      class={`code-editor${props.singleLine ? ' single' : ''}`}
      data-code={props.name}
      data-ready={ready ? '' : undefined}
      id={props.id}
    >
      {/* CodeMirror owns this node's children; Preact never renders into it. */}
      <div ref={host} />
      {!ready &&
        (props.singleLine ? (
          <input
            type="text"
            class="code"
            value={props.value}
            placeholder={props.placeholder}
            onInput={(e) => props.onChange(e.currentTarget.value)}
          />
        ) : (
          <textarea
            class="code"
            rows={5}
            value={props.value}
            placeholder={props.placeholder}
            onInput={(e) => props.onChange(e.currentTarget.value)}
          />
        ))}
    </div>
  );
}

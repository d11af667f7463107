// The CodeMirror 6 setup behind every code input (loaded on demand as its own chunk): filters and
// rules with field/operator autocomplete, JSON with validation and folding, SQL. One history each.
import {
  autocompletion,
  type Completion,
  type CompletionContext,
  type CompletionSource,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { SQLite, sql } from '@codemirror/lang-sql';
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  HighlightStyle,
  StreamLanguage,
  syntaxHighlighting,
} from '@codemirror/language';
import { linter, lintGutter } from '@codemirror/lint';
import { EditorState, type Extension, Prec } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, placeholder as placeholderExt } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

export type CodeLanguage = 'filter' | 'json' | 'sql';

export interface EditorOptions {
  value: string;
  language: CodeLanguage;
  onChange: (value: string) => void;
  /** Enter (one-line inputs such as the filter) or Ctrl/Cmd+Enter (many lines) calls this. */
  onSubmit?: () => void;
  /** Words offered while typing (fields, @request.*, macros…); filters and rules only. */
  completions?: () => Completion[];
  /** Offered in an empty editor: the filters used before. */
  recent?: () => string[];
  placeholder?: string;
  singleLine?: boolean;
  ariaLabel?: string;
  /** SQL only: table → columns, completed after FROM / a table name and a dot. */
  sqlSchema?: Record<string, string[]>;
}

export interface CodeEditorHandle {
  setValue(value: string): void;
  focus(): void;
  destroy(): void;
}

const OPERATORS: Completion[] = [
  ['=', 'equal'],
  ['!=', 'not equal'],
  ['>', 'greater than'],
  ['>=', 'greater than or equal'],
  ['<', 'less than'],
  ['<=', 'less than or equal'],
  ['~', 'like / contains'],
  ['!~', 'not like'],
  ['?=', 'any equal'],
  ['?!=', 'any not equal'],
  ['?>', 'any greater'],
  ['?~', 'any like'],
  ['&&', 'and'],
  ['||', 'or'],
].map(([label, detail]) => ({ label: label!, detail, type: 'keyword' }));

/** PocketBase's filter and rule syntax: strings, numbers, operators, @macros, field paths. */
const filterLanguage = StreamLanguage.define<{ inString: string | null }>({
  name: 'pbfilter',
  startState: () => ({ inString: null }),
  token(stream, state) {
    if (state.inString) {
      while (!stream.eol()) {
        const ch = stream.next();
        if (ch === '\\') stream.next();
        else if (ch === state.inString) {
          state.inString = null;
          break;
        }
      }
      return 'string';
    }
    if (stream.eatSpace()) return null;
    const ch = stream.peek();
    if (ch === '"' || ch === "'") {
      state.inString = stream.next() ?? null;
      return 'string';
    }
    if (stream.match(/^\/\/.*/)) return 'comment';
    if (stream.match(/^-?\d+(\.\d+)?/)) return 'number';
    if (stream.match(/^(true|false|null)\b/)) return 'atom';
    if (stream.match(/^@[\w.]+/)) return 'keyword';
    if (stream.match(/^:[a-z]+/)) return 'meta';
    if (stream.match(/^(\?!=|\?!~|\?>=|\?<=|!=|!~|>=|<=|\?=|\?~|\?>|\?<|&&|\|\||[=<>~])/))
      return 'operator';
    if (stream.match(/^[\w.]+/)) return 'variableName';
    stream.next();
    return null;
  },
  tokenTable: {},
});

const highlight = HighlightStyle.define([
  { tag: t.string, color: 'var(--code-string, #0a7e3b)' },
  { tag: t.number, color: 'var(--code-number, #b35c00)' },
  { tag: [t.atom, t.bool, t.null], color: 'var(--code-atom, #8a3ffc)' },
  { tag: [t.keyword, t.operatorKeyword], color: 'var(--code-keyword, #1055c9)', fontWeight: '600' },
  { tag: [t.operator, t.compareOperator, t.logicOperator], color: 'var(--code-op, #c2185b)' },
  { tag: t.meta, color: 'var(--code-atom, #8a3ffc)' },
  { tag: [t.propertyName, t.variableName, t.name, t.special(t.name)], color: 'var(--fg)' },
  { tag: t.comment, color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [t.typeName, t.standard(t.name)], color: 'var(--code-keyword, #1055c9)' },
]);

/** Words at the cursor: field paths, @macros and `:modifiers`, then operators after a word. */
function filterSource(opts: EditorOptions): CompletionSource {
  return (ctx: CompletionContext) => {
    const doc = ctx.state.doc.toString();
    // Ctrl+Space in an empty filter lists the ones used before (typing never pops them up).
    if (!doc.trim() && opts.recent && ctx.explicit) {
      const recent = opts.recent();
      if (recent.length)
        return {
          from: 0,
          options: recent.map((r, i) => ({ label: r, type: 'text', detail: 'recent', boost: -i })),
        };
    }
    const word = ctx.matchBefore(/[\w.@:]+/);
    if (word && word.from !== word.to) {
      const text = word.text;
      const colon = text.lastIndexOf(':');
      const from = colon > 0 ? word.from + colon : word.from;
      return { from, options: opts.completions?.() ?? [], validFor: /^[\w.@:]*$/ };
    }
    // After "field " suggest the operators.
    const before = ctx.state.sliceDoc(Math.max(0, ctx.pos - 40), ctx.pos);
    if (/[\w\])"']\s+$/.test(before) && !/(&&|\|\|)\s+$/.test(before))
      return { from: ctx.pos, options: OPERATORS };
    if (ctx.explicit) return { from: ctx.pos, options: opts.completions?.() ?? [] };
    return null;
  };
}

function languageOf(opts: EditorOptions): Extension[] {
  if (opts.language === 'json')
    return [json(), linter(jsonParseLinter(), { delay: 300 }), lintGutter(), foldGutter()];
  if (opts.language === 'sql')
    return [
      sql({ dialect: SQLite, upperCaseKeywords: true, schema: opts.sqlSchema }),
      autocompletion({ icons: false }),
    ];
  return [
    filterLanguage,
    autocompletion({ override: [filterSource(opts)], activateOnTyping: true, icons: false }),
  ];
}

const theme = EditorView.theme({
  '&': { fontSize: '13px', border: '1px solid var(--border)', borderRadius: '6px' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-1px' },
  '.cm-content': { fontFamily: 'var(--mono, ui-monospace, monospace)', caretColor: 'var(--fg)' },
  '.cm-gutters': { background: 'var(--code-bg)', color: 'var(--muted)', border: 'none' },
  '.cm-scroller': { overflow: 'auto', maxHeight: '420px' },
  '.cm-tooltip': {
    background: 'var(--panel)',
    color: 'var(--fg)',
    border: '1px solid var(--border)',
  },
  '.cm-tooltip-autocomplete ul li[aria-selected]': {
    background: 'var(--accent)',
    color: 'var(--accent-fg)',
  },
});

export function createEditor(parent: HTMLElement, opts: EditorOptions): CodeEditorHandle {
  let silent = false;
  const extensions: Extension[] = [
    history(),
    closeBrackets(),
    bracketMatching(),
    syntaxHighlighting(highlight),
    theme,
    ...languageOf(opts),
    keymap.of([
      ...closeBracketsKeymap,
      ...completionKeymap,
      ...foldKeymap,
      ...historyKeymap,
      ...defaultKeymap,
    ]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged && !silent) opts.onChange(u.state.doc.toString());
    }),
    EditorView.contentAttributes.of({
      'aria-label': opts.ariaLabel ?? opts.language,
      spellcheck: 'false',
    }),
  ];
  if (opts.placeholder) extensions.push(placeholderExt(opts.placeholder));
  /** A key that submits, ahead of the default keymaps. */
  const submitOn = (key: string) =>
    Prec.high(
      keymap.of([
        {
          key,
          run: () => {
            opts.onSubmit?.();
            return true;
          },
        },
      ]),
    );
  if (opts.singleLine) {
    // One line: Enter submits (unless the completion list takes it), pasted newlines become spaces.
    extensions.push(
      submitOn('Enter'),
      EditorState.transactionFilter.of((tr) =>
        tr.newDoc.lines > 1
          ? [
              tr,
              {
                changes: {
                  from: 0,
                  to: tr.newDoc.length,
                  insert: tr.newDoc.sliceString(0).replace(/\n/g, ' '),
                },
                sequential: true,
              },
            ]
          : tr,
      ),
    );
  } else {
    extensions.push(lineNumbers(), EditorView.lineWrapping);
    // Many lines: Ctrl/Cmd+Enter submits (runs the SQL console's query).
    if (opts.onSubmit) extensions.push(submitOn('Mod-Enter'));
  }
  // Completion's own Enter must win over submit: completionKeymap sits in a higher precedence.
  extensions.unshift(Prec.highest(keymap.of(completionKeymap)));
  const view = new EditorView({
    parent,
    state: EditorState.create({ doc: opts.value, extensions }),
  });
  return {
    setValue(value) {
      if (value === view.state.doc.toString()) return;
      silent = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
      silent = false;
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}

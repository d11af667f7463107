// The rich-text editor behind `editor` fields (loaded on demand as its own chunk): Squire for
// editing, DOMPurify for every HTML that comes in (paste, source view) or goes out (the value).
import DOMPurify from 'dompurify';
import Squire from 'squire-rte';

/** HTML safe to store and to show: no scripts, handlers or javascript: URLs. */
export function sanitizeHtml(html: string): string {
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}

/**
 * PocketBase's `convertURLs`: URLs on the dashboard's own origin become root-relative
 * (`http://host/api/files/…` → `/api/files/…`), so content survives a change of domain.
 */
export function convertUrls(html: string, origin: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const [selector, attr] of [
    ['a[href]', 'href'],
    ['img[src]', 'src'],
  ] as const) {
    for (const el of doc.body.querySelectorAll(selector)) {
      const v = el.getAttribute(attr) ?? '';
      if (v.startsWith(`${origin}/`)) el.setAttribute(attr, v.slice(origin.length));
    }
  }
  return doc.body.innerHTML;
}

export interface RichTextHandle {
  editor: Squire;
  setHTML(html: string): void;
  destroy(): void;
}

export function createRichText(
  root: HTMLElement,
  opts: { value: string; onChange: (html: string) => void; onState: () => void },
): RichTextHandle {
  const editor = new Squire(root, {
    blockTag: 'P',
    sanitizeToDOMFragment: (html: string) =>
      DOMPurify.sanitize(html, {
        USE_PROFILES: { html: true },
        RETURN_DOM_FRAGMENT: true,
      }) as unknown as DocumentFragment,
  });
  editor.setHTML(opts.value);
  let last = editor.getHTML();
  editor.addEventListener('input', () => {
    const html = editor.getHTML();
    if (html === last) return;
    last = html;
    opts.onChange(html);
  });
  editor.addEventListener('pathChange', opts.onState);
  return {
    editor,
    setHTML(html) {
      if (html === last) return;
      editor.setHTML(html);
      last = editor.getHTML();
    },
    destroy: () => editor.destroy(),
  };
}

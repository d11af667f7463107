// A side panel dialog with a header, a scrolling body and a footer of actions.
import type { ComponentChildren } from 'preact';
import { useShortcuts } from './shortcuts.ts';

interface Props {
  title: ComponentChildren;
  onClose: () => void;
  onSave?: () => void;
  footer?: ComponentChildren;
  children: ComponentChildren;
  wide?: boolean;
}

export function Modal({ title, onClose, onSave, footer, children, wide }: Props) {
  useShortcuts({ save: onSave, cancel: onClose });
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a backdrop click closes; Esc does the same from the keyboard
    <div class="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div class={`panel${wide ? ' wide' : ''}`} role="dialog" aria-modal="true">
        <header class="panel-head">
          <h2>{title}</h2>
          <button type="button" class="btn ghost" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </header>
        <div class="panel-body">{children}</div>
        {footer && <footer class="panel-foot">{footer}</footer>}
      </div>
    </div>
  );
}

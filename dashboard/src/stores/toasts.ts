// Transient notices (saved, failed) shown in the corner.
import { signal } from '@preact/signals';

export interface Toast {
  id: number;
  text: string;
  kind: 'ok' | 'error';
}

export const toasts = signal<Toast[]>([]);
let seq = 0;

export function toast(text: string, kind: Toast['kind'] = 'ok'): void {
  const id = ++seq;
  toasts.value = [...toasts.value, { id, text, kind }];
  setTimeout(
    () => {
      toasts.value = toasts.value.filter((t) => t.id !== id);
    },
    kind === 'error' ? 6000 : 3000,
  );
}

// A promise-based confirmation dialog: `if (await confirmDialog('Delete?')) …`.
import { signal } from '@preact/signals';
import { useShortcuts } from './shortcuts.ts';

const pending = signal<{ text: string; resolve: (ok: boolean) => void } | null>(null);

export function confirmDialog(text: string): Promise<boolean> {
  return new Promise((resolve) => {
    pending.value = { text, resolve };
  });
}

function ConfirmBox({ text, resolve }: { text: string; resolve: (ok: boolean) => void }) {
  const done = (ok: boolean) => {
    pending.value = null;
    resolve(ok);
  };
  useShortcuts({ cancel: () => done(false), save: () => done(true) });
  return (
    <div class="overlay center">
      <div class="dialog" role="alertdialog">
        <p>{text}</p>
        <div class="row end">
          <button type="button" class="btn" onClick={() => done(false)}>
            Cancel
          </button>
          <button
            type="button"
            class="btn danger"
            data-testid="confirm-yes"
            onClick={() => done(true)}
          >
            Yes
          </button>
        </div>
      </div>
    </div>
  );
}

export function ConfirmHost() {
  const p = pending.value;
  return p ? <ConfirmBox text={p.text} resolve={p.resolve} /> : null;
}

// The unsaved-changes guard: dirty forms register here; closing, navigating or unloading asks first.
import { useEffect, useRef } from 'preact/hooks';
import { confirmDialog } from './Confirm.tsx';

const dirtyForms = new Set<object>();

export const DISCARD_QUESTION = 'You have unsaved changes. Do you really want to discard them?';

/** True when some open form has changes that were not saved. */
export function hasUnsaved(): boolean {
  return dirtyForms.size > 0;
}

/** Asks once for all dirty forms; true when there is nothing to lose or the user agreed. */
export async function confirmLeave(): Promise<boolean> {
  if (!hasUnsaved()) return true;
  if (!(await confirmDialog(DISCARD_QUESTION))) return false;
  dirtyForms.clear();
  return true;
}

// The browser's own "Leave site?" prompt on reload, tab close or leaving the dashboard.
addEventListener('beforeunload', (e) => {
  if (!hasUnsaved()) return;
  e.preventDefault();
  e.returnValue = '';
});

/**
 * Registers a form while `dirty`. `guard(close)` runs close at once when clean, else after the
 * user agrees to discard; `saved()` forgets the changes so the close after a save never asks.
 */
export function useUnsaved(dirty: boolean) {
  const token = useRef({}).current;
  const saved = useRef(false);
  const isDirty = dirty && !saved.current;
  const ref = useRef(isDirty);
  ref.current = isDirty;
  useEffect(() => {
    if (isDirty) dirtyForms.add(token);
    else dirtyForms.delete(token);
  }, [isDirty]);
  useEffect(
    () => () => {
      dirtyForms.delete(token);
    },
    [],
  );
  return {
    guard: async (action: () => void) => {
      if (ref.current && !(await confirmDialog(DISCARD_QUESTION))) return;
      dirtyForms.delete(token);
      action();
    },
    saved: () => {
      saved.current = true;
      ref.current = false;
      dirtyForms.delete(token);
    },
  };
}

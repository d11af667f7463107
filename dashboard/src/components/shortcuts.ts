// Ctrl/Cmd+S saves and Esc cancels the topmost open form (a stack, so nested dialogs behave).
import { useLayoutEffect, useRef } from 'preact/hooks';

interface Handlers {
  save?: () => void;
  cancel?: () => void;
}

const stack: { current: Handlers }[] = [];

addEventListener('keydown', (e) => {
  const top = stack[stack.length - 1]?.current;
  // Already handled inside, e.g. Esc closing a code editor's completion list: not the form's.
  if (!top || e.defaultPrevented) return;
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's' && top.save) {
    e.preventDefault();
    top.save();
  } else if (e.key === 'Escape' && top.cancel) {
    e.preventDefault();
    top.cancel();
  }
});

export function useShortcuts(handlers: Handlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  // Registered as the component mounts, not after paint (useEffect): a dialog answered before its
  // deferred effect ran pushed its handlers after it was gone, on top of the stack for good, and
  // Esc then went to it (tests/dashboard/unsaved.test.ts failed that way 2 runs in 3).
  useLayoutEffect(() => {
    stack.push(ref);
    return () => {
      stack.splice(stack.indexOf(ref), 1);
    };
  }, []);
}

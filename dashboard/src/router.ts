// Hash routing (`/_/#/collections/posts`), so deep links and PocketBase's install link work unchanged.
import { signal } from '@preact/signals';
import { confirmLeave, hasUnsaved } from './components/unsaved.ts';

const current = () => location.hash.replace(/^#/, '') || '/';

export const route = signal(current());
addEventListener('hashchange', async () => {
  const next = current();
  // Query-only changes (filter, sort, page) stay on the same page: no unsaved form is left.
  const samePage = next.split('?')[0] === route.value.split('?')[0];
  if (!samePage && hasUnsaved()) {
    const from = route.value;
    history.replaceState(null, '', `#${from}`);
    if (!(await confirmLeave())) return;
    history.replaceState(null, '', `#${next}`);
  }
  route.value = next;
});

export function navigate(path: string): void {
  location.hash = path;
}

/** Replaces the current hash without a history entry (URL state such as the records filter). */
export function replaceRoute(path: string): void {
  if (path === route.value) return;
  history.replaceState(null, '', `#${path}`);
  route.value = path;
}

/** The `?a=b` part of the current route. */
export function routeQuery(path = route.value): URLSearchParams {
  const i = path.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : path.slice(i + 1));
}

/** Matches `/collections/:name` style patterns; returns the params or null. */
export function match(pattern: string, path = route.value): Record<string, string> | null {
  const p = pattern.split('/');
  const s = path.split('?')[0]!.split('/');
  if (p.length !== s.length && !pattern.endsWith('*')) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i]!;
    if (part === '*') return params;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(s[i] ?? '');
    else if (part !== s[i]) return null;
  }
  return params;
}

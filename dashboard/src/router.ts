// Hash routing (`/_/#/collections/posts`), so deep links and PocketBase's install link work unchanged.
import { signal } from '@preact/signals';

const current = () => location.hash.replace(/^#/, '') || '/';

export const route = signal(current());
addEventListener('hashchange', () => {
  route.value = current();
});

export function navigate(path: string): void {
  location.hash = path;
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

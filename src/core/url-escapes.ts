// Percent-decoding that never throws: a malformed escape in a URL is bad input, not a 500.

/**
 * `posts%20x` → `posts x`; `%zz` or `%c0` (not UTF-8) → null, where `decodeURIComponent` would throw
 * a URIError. The one decoder for paths and path segments: callers answer null with a 400 or 404.
 */
export function decodeComponent(text: string): string | null {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

// The path of a request URL without its query, without building a URL object (hot path).

/** `http://host:8090/api/x?y=1` → `/api/x`. */
export function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const q = url.indexOf('?', start);
  return url.slice(start, q < 0 ? undefined : q);
}

// The official SDK client: the dashboard's only way to the server.
import PocketBase, { ClientResponseError, LocalAuthStore } from 'pocketbase';

export const pb = new PocketBase(location.origin, new LocalAuthStore('satchel_superuser_auth'));
// Several panels load the same list concurrently; cancellation would drop all but the last.
pb.autoCancellation(false);

export { ClientResponseError };

/** A readable message for any thrown value (SDK errors carry the server's message). */
export function errorMessage(err: unknown): string {
  if (err instanceof ClientResponseError) {
    if (err.status === 0) return 'Cannot reach the server.';
    return err.response?.message || err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/** The server's nested validation errors flattened to `path.to.field → message`. */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ClientResponseError)) return out;
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o.message === 'string' && typeof o.code === 'string') {
      out[path] = o.message;
      return;
    }
    for (const [k, v] of Object.entries(o)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(err.response?.data, '');
  return out;
}

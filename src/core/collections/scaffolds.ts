// `GET /api/collections/meta/scaffolds`: blank collections of each type, as the dashboard's starting point.
import { collectionToJSON } from './codec.ts';
import { blankCollection } from './normalize.ts';

/**
 * `{auth, base, view}` with `id: ""`, `name: ""`, default fields and indexes; with no id or name
 * the auth index names get a random 10-char suffix (PocketBase's `idx_email_<random>`).
 */
export function collectionScaffolds(): Record<'auth' | 'base' | 'view', Record<string, unknown>> {
  return {
    auth: collectionToJSON(blankCollection('auth', '', '')),
    base: collectionToJSON(blankCollection('base', '', '')),
    view: collectionToJSON(blankCollection('view', '', '')),
  };
}

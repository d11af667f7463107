// `GET /api/collections/meta/scaffolds`: blank collections of each type, as the dashboard's starting point.
import { randomString } from '../ids.ts';
import { collectionToJSON } from './codec.ts';
import type { CollectionType } from './model.ts';
import { blankCollection } from './normalize.ts';

/**
 * `{base, auth, view}` (PocketBase's order) with `id: ""`, `name: ""`, default fields and
 * indexes. As in PocketBase, the blanks are built with one random lowercase 10-char id, which
 * names both auth indexes (`idx_tokenKey_<random>`, `idx_email_<random>`), then the id is cleared.
 */
export function collectionScaffolds(): Record<CollectionType, Record<string, unknown>> {
  const randomId = randomString(10);
  const blank = (type: CollectionType) =>
    collectionToJSON({ ...blankCollection(type, '', randomId), id: '' });
  return { base: blank('base'), auth: blank('auth'), view: blank('view') };
}

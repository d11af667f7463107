// Bodies of the collection routes (http/collections.ts). A collection itself is checked by the
// core (PocketBase words those errors per field), so its body is described here, not checked.
import { Type } from '@sinclair/typebox';
import type { BodyTable } from './spec.ts';

/** What PocketBase answers a create it can't read (it reads the collection type first). */
const LOAD_FAILED = 'Failed to load the collection type data due to invalid formatting.';
const rule = Type.Optional(
  Type.Union([Type.String(), Type.Null()], { description: 'A filter; null = superusers only' }),
);
const collection = Type.Object(
  {
    id: Type.Optional(Type.String()),
    name: Type.String(),
    type: Type.Optional(
      Type.Union([Type.Literal('base'), Type.Literal('auth'), Type.Literal('view')]),
    ),
    fields: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
    indexes: Type.Optional(Type.Array(Type.String())),
    listRule: rule,
    viewRule: rule,
    createRule: rule,
    updateRule: rule,
    deleteRule: rule,
    viewQuery: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const collectionsBodies: BodyTable = {
  'POST /api/collections': { schema: collection, checkedByCore: true, loadError: LOAD_FAILED },
  'PATCH /api/collections/{collection}': {
    schema: Type.Partial(collection, { additionalProperties: true }),
    checkedByCore: true,
    loadError: 'Failed to load the submitted data due to invalid formatting.',
  },
  'POST /api/collections/meta/dry-run-view': {
    schema: Type.Object({ query: Type.String({ description: 'A SELECT for a view collection' }) }),
  },
  'PUT /api/collections/import': {
    schema: Type.Object({
      collections: Type.Array(Type.Record(Type.String(), Type.Unknown())),
      deleteMissing: Type.Optional(Type.Boolean()),
    }),
  },
};

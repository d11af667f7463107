// The body of POST /api/batch (http/batch.ts): record writes run in one transaction.
import { Type } from '@sinclair/typebox';
import type { BodyTable } from './spec.ts';

export const batchBodies: BodyTable = {
  'POST /api/batch': {
    loadError: 'Failed to read the submitted batch data.',
    schema: Type.Object({
      requests: Type.Array(
        Type.Object({
          method: Type.String({ description: 'POST, PUT, PATCH or DELETE' }),
          url: Type.String({ description: 'A records URL, e.g. /api/collections/posts/records' }),
          headers: Type.Optional(Type.Record(Type.String(), Type.String())),
          body: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        }),
      ),
    }),
  },
};

// The body of POST /api/realtime: a client's subscriptions (http/realtime.ts).
import { Type } from '@sinclair/typebox';
import type { BodyTable } from './spec.ts';

export const realtimeBodies: BodyTable = {
  // PocketBase answers a body it can't read with its generic 400 message here.
  'POST /api/realtime': {
    loadError: '',
    schema: Type.Object({
      clientId: Type.String({ description: 'From the PB_CONNECT event' }),
      subscriptions: Type.Optional(
        Type.Array(Type.String({ description: 'collection, collection/recordId, or a topic' })),
      ),
    }),
  },
};

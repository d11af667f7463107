// The body of PATCH /api/satchel/settings (http/openapi.ts); its core checks it.
import { Type } from '@sinclair/typebox';
import type { BodyTable } from './spec.ts';

export const openapiBodies: BodyTable = {
  'PATCH /api/satchel/settings': {
    schema: Type.Object({
      openapi: Type.Optional(Type.Object({ public: Type.Optional(Type.Boolean()) })),
    }),
    checkedByCore: true,
  },
};

// The body of POST /api/sql, the SQL console (http/sql.ts).
import { Type } from '@sinclair/typebox';
import type { BodyTable } from './spec.ts';

export const sqlBodies: BodyTable = {
  'POST /api/sql': {
    schema: Type.Object({
      query: Type.String({ description: 'One or more statements, run as one transaction' }),
    }),
  },
};

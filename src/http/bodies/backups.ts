// POST /api/backups and its upload (http/backups.ts).
import { Type } from '@sinclair/typebox';
import type { BodyTable } from './spec.ts';

export const backupsBodies: BodyTable = {
  'POST /api/backups': {
    schema: Type.Object({
      name: Type.Optional(
        Type.String({ description: 'e.g. before_upgrade.zip; generated if empty' }),
      ),
    }),
  },
  'POST /api/backups/upload': {
    schema: Type.Object({ file: Type.String({ format: 'binary', description: 'A backup zip' }) }),
    contentType: 'multipart/form-data',
    checkedByCore: true,
  },
};

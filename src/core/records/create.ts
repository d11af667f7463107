// createRecord: the API create with its createRule and manageRule (http-api.md §3.3), through the write pipeline.

import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { ValidationError } from '../errors.ts';
import { extractUploads } from '../files/uploads.ts';
import type { AuthInfo } from './auth-info.ts';
import { emptyRecord } from './codec.ts';
import { applyBody, rulesBody } from './modifiers.ts';
import type { RecordData } from './record.ts';
import { type RequestMeta, requestInfo } from './request-info.ts';
import { assertRuleNotLocked, canManageNew, newRecordMatches } from './rules.ts';
import { CREATE_FAILED, runSave, writableCollection } from './save.ts';
import { bodySecrets } from './secrets.ts';

type Body = Record<string, unknown>;

export interface CreateRecordInput {
  collection: Collection | string;
  body: Body;
  auth: AuthInfo | null;
  /** Uploaded files by field key (`avatar`, `avatar+`, `+avatar`); File values in `body` work too. */
  files?: Record<string, File[]>;
  /** The request the rules see (`@request.query`, `headers`, `method`, `context`). */
  meta?: RequestMeta;
}

export async function createRecord(core: Core, input: CreateRecordInput): Promise<RecordData> {
  const c = writableCollection(core, input.collection);
  const { auth } = input;
  assertRuleNotLocked(c.createRule, auth);
  const isSuperuser = auth?.isSuperuser ?? false;
  const { body, uploads } = await extractUploads(c, { ...input.body, ...input.files });
  const secrets = await bodySecrets({
    collection: c,
    body,
    isNew: true,
    original: null,
    // Manager rights only spare `oldPassword`, which a create never asks for.
    isManager: isSuperuser,
    allowHidden: isSuperuser,
  });
  return runSave(core, c, {
    isNew: true,
    id: null,
    auth,
    isManager: isSuperuser,
    validate: true,
    secrets,
    uploads,
    build: () => {
      const record = emptyRecord(c);
      const errors = applyBody(c, record, body, { allowHidden: isSuperuser });
      if (isSuperuser) return { record, errors };
      // createRule and manageRule see the would-be record (defaults + body + modifiers), before
      // autogenerate, and `@request.body` with the modifiers resolved (filter-and-rules.md §5.2).
      const ctx = requestInfo(auth, input.meta, rulesBody(c, body, record, { allowHidden: false }));
      const rule = c.createRule ?? '';
      if (rule !== '' && !newRecordMatches(core, c, record, rule, ctx)) {
        throw new ValidationError(CREATE_FAILED);
      }
      return { record, errors, isManager: canManageNew(core, c, auth, record, ctx) };
    },
  });
}

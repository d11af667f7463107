// updateRecord: the API update with its updateRule and manageRule (http-api.md §3.4), through the write pipeline.

import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { NotFoundError } from '../errors.ts';
import { extractUploads } from '../files/uploads.ts';
import type { AuthInfo } from './auth-info.ts';
import { findRecordById } from './find.ts';
import { applyBody, rulesBody } from './modifiers.ts';
import type { RecordData } from './record.ts';
import type { RequestMeta } from './request-info.ts';
import { assertRuleNotLocked, canManage, checkRule } from './rules.ts';
import { runSave, writableCollection } from './save.ts';
import { bodySecrets } from './secrets.ts';

type Body = Record<string, unknown>;

export interface UpdateRecordInput {
  collection: Collection | string;
  id: string;
  body: Body;
  auth: AuthInfo | null;
  meta?: RequestMeta;
}

export async function updateRecord(core: Core, input: UpdateRecordInput): Promise<RecordData> {
  const c = writableCollection(core, input.collection);
  const { auth } = input;
  assertRuleNotLocked(c.updateRule, auth);
  const isSuperuser = auth?.isSuperuser ?? false;
  const existing = findRecordById(core, c, input.id);
  if (!existing) throw new NotFoundError();
  const { body: inputBody, uploads } = await extractUploads(c, input.body);
  let isManager = isSuperuser;
  if (!isSuperuser) {
    // The updateRule sees the stored record plus `@request.body` with the modifiers resolved
    // against the stored values (filter-and-rules.md §5.2); failing it looks like a missing record.
    const preview = structuredClone(existing);
    applyBody(c, preview, inputBody, { allowHidden: false });
    const body = rulesBody(c, inputBody, preview, { allowHidden: false });
    if (!checkRule(core, c, c.updateRule, auth, existing, input.meta, body)) {
      throw new NotFoundError();
    }
    isManager = canManage(core, c, auth, existing, input.meta, body);
  }
  const secrets = await bodySecrets({
    collection: c,
    body: inputBody,
    isNew: false,
    original: existing,
    isManager,
    allowHidden: isSuperuser,
  });
  return runSave(core, c, {
    isNew: false,
    id: existing.id,
    auth,
    isManager,
    validate: true,
    secrets,
    uploads,
    build: (original) => {
      const record = structuredClone(original!);
      const errors = applyBody(c, record, inputBody, { allowHidden: isSuperuser });
      return { record, errors };
    },
  });
}

// deleteRecord: the API delete behind its deleteRule (http-api.md §3.5); the cascade itself is in save.ts.

import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { NotFoundError } from '../errors.ts';
import type { AuthInfo } from './auth-info.ts';
import { findWithRule } from './find.ts';
import type { RequestMeta } from './request-info.ts';
import { assertRuleNotLocked } from './rules.ts';
import { deleteRecordInternal, writableCollection } from './save.ts';

export interface DeleteRecordInput {
  collection: Collection | string;
  id: string;
  auth: AuthInfo | null;
  /** The request the deleteRule sees (`@request.query`, `headers`, `method`, `context`). */
  meta?: RequestMeta;
}

export async function deleteRecord(core: Core, input: DeleteRecordInput): Promise<void> {
  const c = writableCollection(core, input.collection);
  assertRuleNotLocked(c.deleteRule, input.auth);
  // A record failing the deleteRule looks missing (filter-and-rules.md §5.2).
  const record = findWithRule(core, c, input.id, c.deleteRule, input.auth, input.meta);
  if (!record) throw new NotFoundError();
  await deleteRecordInternal(core, c, record, { auth: input.auth });
}

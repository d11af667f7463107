// GET one record (http-api.md §3.2): the viewRule runs inside the lookup query, so missing and hidden look alike.

import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { NotFoundError } from '../errors.ts';
import type { AuthInfo } from './auth-info.ts';
import { findWithRule } from './find.ts';
import type { RecordData } from './record.ts';
import type { RequestMeta } from './request-info.ts';
import { assertRuleNotLocked } from './rules.ts';

/** null viewRule → 403 for non-superusers; missing or failing the rule → 404. */
export function viewRecord(
  core: Core,
  c: Collection,
  id: string,
  auth: AuthInfo | null,
  meta?: RequestMeta,
): RecordData {
  assertRuleNotLocked(c.viewRule, auth);
  const record = findWithRule(core, c, id, c.viewRule, auth, meta);
  if (!record) throw new NotFoundError();
  return record;
}

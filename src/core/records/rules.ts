// API rule checks for record actions. Interim: `null` → superusers only, `""` → everyone, any expression → fails
// for non-superusers until the filter compiler lands (filter-and-rules.md); only this file changes then.
import type { Param } from '../../db/conn.ts';
import type { AuthInfo } from '../auth/auth-info.ts';
import type { Collection } from '../collections/model.ts';
import type { Core } from '../context.ts';
import { ForbiddenError } from '../errors.ts';
import type { RecordData } from './record.ts';

export const ONLY_SUPERUSERS = 'Only superusers can perform this action.';

/** A locked (null) rule: 403 for everyone but superusers (http-api.md §3). */
export function assertRuleNotLocked(rule: string | null, auth: AuthInfo | null): void {
  if (rule === null && !auth?.isSuperuser) throw new ForbiddenError(ONLY_SUPERUSERS);
}

/**
 * Whether `auth` passes `rule` for `record` (the stored record, or the would-be record on create).
 * Callers turn `false` into the action's failure (create 400, view/update/delete 404).
 */
export function checkRule(
  _core: Core,
  _collection: Collection,
  rule: string | null,
  auth: AuthInfo | null,
  _record: RecordData | null,
): boolean {
  if (auth?.isSuperuser) return true;
  if (rule === null) return false;
  if (rule.trim() === '') return true;
  // TODO: evaluate the expression with the filter compiler (next issue); until then it fails closed.
  return false;
}

/** A list rule as an SQL condition over the collection's table (AND-ed into list queries). */
export function ruleCondition(
  core: Core,
  collection: Collection,
  rule: string | null,
  auth: AuthInfo | null,
): { sql: string; params: Param[] } {
  return checkRule(core, collection, rule, auth, null)
    ? { sql: '1=1', params: [] }
    : { sql: '1=0', params: [] };
}

/**
 * Manager rights over an auth record (filter-and-rules.md, manageRule): change email/verified/password
 * without `oldPassword`, see the email. Superusers always; otherwise the collection's manageRule.
 */
export function canManage(
  core: Core,
  collection: Collection,
  auth: AuthInfo | null,
  record: RecordData | null,
): boolean {
  if (!auth) return false;
  if (auth.isSuperuser) return true;
  const rule = collection.auth?.manageRule ?? null;
  if (rule === null || rule.trim() === '') return false;
  return checkRule(core, collection, rule, auth, record);
}

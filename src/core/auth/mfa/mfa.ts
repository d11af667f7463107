// Multi-factor step of a login (auth.md §5.2): the first method yields an `_mfas` id, a second different one completes.
import type { Collection } from '../../collections/model.ts';
import type { Core } from '../../core.ts';
import { BadRequestError } from '../../errors.ts';
import { findRecordById } from '../../records/find.ts';
import type { RecordData } from '../../records/record.ts';
import { deleteRecordInternal, saveRecordInternal } from '../../records/save.ts';
import { type AuthRuleRequest, matchesRecordRule } from '../auth-rule.ts';

export type AuthMethod = 'password' | 'oauth2' | 'otp';

const MFAS = '_mfas';

function parseDate(v: unknown): number {
  return typeof v === 'string' ? Date.parse(v.replace(' ', 'T')) : Number.NaN;
}

async function createMfa(
  core: Core,
  collection: Collection,
  record: RecordData,
  method: AuthMethod,
): Promise<string> {
  const mfa = await saveRecordInternal(
    core,
    MFAS,
    { collectionRef: collection.id, recordRef: record.id, method },
    { isNew: true },
  );
  return mfa.id;
}

/**
 * Returns a new mfaId when another method is still required (the caller answers 401 `{mfaId}`),
 * or '' when the login may complete. `mfaId` is what the client sent (query or body).
 */
export async function checkMfa(
  core: Core,
  collection: Collection,
  record: RecordData,
  method: AuthMethod,
  mfaId: string,
  request: AuthRuleRequest = {},
): Promise<string> {
  const mfa = collection.auth?.mfa;
  if (!mfa?.enabled) return '';
  // `""` = always; the rule sees the login's request, `@request.context` = the method.
  if (!matchesRecordRule(core, collection, record, mfa.rule, method, request)) return '';
  if (!mfaId) return createMfa(core, collection, record, method);

  const mfas = core.collections.find(MFAS);
  const row = mfas ? findRecordById(core, mfas, mfaId) : null;
  const created = parseDate(row?.created);
  if (!row || !(Date.now() <= created + mfa.duration * 1000)) {
    if (row) await deleteRecordInternal(core, MFAS, row);
    throw new BadRequestError('Invalid or expired MFA session.');
  }
  if (row.recordRef !== record.id || row.collectionRef !== collection.id) {
    throw new BadRequestError('Invalid MFA session.');
  }
  if (row.method === method) {
    throw new BadRequestError('A different authentication method is required.');
  }
  await deleteRecordInternal(core, MFAS, row);
  return '';
}

// Who is making a request: the auth record behind a valid `auth` token, or nobody (guest).
import type { Collection } from '../collections/model.ts';
import type { RecordData } from './record.ts';

export interface AuthInfo {
  record: RecordData;
  collection: Collection;
  isSuperuser: boolean;
  /** The raw token, so auth-refresh can return it unchanged when not refreshable. */
  token: string;
  refreshable: boolean;
}

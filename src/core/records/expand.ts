// Expands relation paths on serialized records (placeholder: the expand module fills it in).
import type { AuthInfo } from '../auth/auth-info.ts';
import type { Collection } from '../collections/model.ts';
import type { Core } from '../context.ts';
import type { RecordData } from './record.ts';

export interface ExpandInput {
  collection: Collection;
  /** The records, in the same order as `json`. */
  records: RecordData[];
  /** Their serialized forms; an `expand` key is added to each when `expand` is valid. */
  json: Record<string, unknown>[];
  /** The raw `?expand=` parameter. */
  expand: string;
  auth: AuthInfo | null;
}

export async function applyExpand(_core: Core, _input: ExpandInput): Promise<void> {}

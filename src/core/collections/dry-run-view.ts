// `POST /api/collections/meta/dry-run-view`: the fields a view query would get, plus sample rows.
import { type Core, readConn } from '../core.ts';
import { BadRequestError, fieldError, ValidationError } from '../errors.ts';
import { getFieldKind } from '../fields/index.ts';
import { derivedAlias } from './ddl.ts';
import type { Field } from './model.ts';
import { inferViewFields, normalizeViewQuery, ViewQueryError } from './view-query.ts';

const MAX_QUERY = 5000;
const SAMPLE_SIZE = 10;
/** PocketBase's wording, its line break included. */
const INVALID = 'Invalid view query. Raw error: \n';

export interface DryRunResult {
  fields: Field[];
  sample: Record<string, unknown>[];
}

/** Runs on a read connection: the query is compiled and sampled, never stored. */
export function dryRunView(core: Core, query: unknown): DryRunResult {
  if (typeof query !== 'string' || !query.trim())
    throw new ValidationError('An error occurred while validating the submitted data.', {
      query: fieldError('validation_required', 'Cannot be blank.'),
    });
  if (query.length > MAX_QUERY)
    throw new ValidationError('An error occurred while validating the submitted data.', {
      query: fieldError(
        'validation_length_too_long',
        `The length must be no more than ${MAX_QUERY}.`,
        { max: MAX_QUERY, min: 0 },
      ),
    });
  const conn = readConn(core);
  let fields: Field[];
  try {
    fields = inferViewFields(conn, core.collections, query);
  } catch (err) {
    if (err instanceof ViewQueryError) throw new BadRequestError(`${INVALID}${err.message}`);
    throw err;
  }
  const sql = normalizeViewQuery(query);
  let rows: Record<string, unknown>[];
  try {
    // Prepared, not cached: arbitrary query texts must not pile up in the statement cache.
    rows = conn.allOnce(`SELECT * FROM (${sql})${derivedAlias(conn.engine)} LIMIT ${SAMPLE_SIZE}`);
  } catch (err) {
    throw new BadRequestError(`${INVALID}${err instanceof Error ? err.message : err}`);
  }
  const sample = rows.map((row) =>
    Object.fromEntries(
      fields.map((f) => {
        const kind = getFieldKind(f.type);
        const raw = row[f.name];
        return [f.name, kind ? kind.fromDb(raw, f) : raw];
      }),
    ),
  );
  return { fields, sample };
}

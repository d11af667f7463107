// Validation of `collection.indexes`: parseable, unique names (across the DB), known columns, auth needs.
import type { Conn } from '../../db/conn.ts';
import { type ErrorData, fieldError } from '../errors.ts';
import { indexOwner } from './catalog.ts';
import {
  buildIndex,
  findSingleColumnUniqueIndex,
  type ParsedIndex,
  parseIndex,
} from './index-sql.ts';
import type { Collection } from './model.ts';
import { setError } from './validation-errors.ts';

const invalidExpression = (message = 'Invalid CREATE INDEX expression.') =>
  fieldError('validation_invalid_index_expression', message);

/** The definition without the names that do not matter for equality. */
function definition(p: ParsedIndex, keepWhere = true): string {
  const cols = p.columns.map((c) => ({ ...c, collate: '', sort: '' as const }));
  return buildIndex(
    {
      ...p,
      indexName: 'v',
      schemaName: '',
      columns: keepWhere ? p.columns : cols,
      where: keepWhere ? p.where : '',
    },
    'v',
  ).toLowerCase();
}

export function validateIndexes(conn: Conn, c: Collection, original?: Collection): ErrorData {
  const errors: ErrorData = {};
  if (c.type === 'view') {
    if (c.indexes.length)
      errors.indexes = fieldError(
        'validation_indexes_not_supported',
        "View collections don't support indexes.",
      );
    return errors;
  }
  const names = new Set<string>();
  const definitions = new Set<string>();
  const fieldNames = new Set(c.fields.map((f) => f.name.toLowerCase()));
  const tables = [c.name, original?.name ?? c.name];
  for (const [i, raw] of c.indexes.entries()) {
    const p = parseIndex(raw);
    const path = ['indexes', String(i)];
    if (!p) {
      setError(errors, path, invalidExpression());
      continue;
    }
    const lower = p.indexName.toLowerCase();
    if (names.has(lower)) {
      setError(
        errors,
        path,
        fieldError('validation_duplicated_index_name', 'The index name already exists.'),
      );
      continue;
    }
    names.add(lower);
    const owner = indexOwner(conn, p.indexName, tables);
    if (owner) {
      setError(
        errors,
        path,
        fieldError(
          'validation_existing_index_name',
          `The index name is already used in ${owner} collection.`,
          { usedTableName: owner },
        ),
      );
      continue;
    }
    const def = definition(p);
    if (definitions.has(def)) {
      setError(
        errors,
        path,
        fieldError(
          'validation_duplicated_index_definition',
          'The index definition already exists.',
        ),
      );
      continue;
    }
    definitions.add(def);
    const unknown = p.columns.find(
      (col) => col.isColumn && !fieldNames.has(col.name.toLowerCase()),
    );
    if (unknown)
      setError(
        errors,
        path,
        invalidExpression(
          `Failed to create index ${p.indexName} - no such column: ${unknown.name}.`,
        ),
      );
  }
  if (errors.indexes) return errors;
  // Unique indexes over system fields (e.g. auth email/tokenKey) must survive every update.
  if (original) {
    for (const raw of original.indexes) {
      const old = parseIndex(raw);
      if (!old?.unique) continue;
      const systemField = original.fields.find(
        (f) =>
          f.system && old.columns.some((col) => col.name.toLowerCase() === f.name.toLowerCase()),
      );
      if (!systemField) continue;
      const wanted = definition(old, false);
      const kept = c.indexes.some((r) => {
        const p = parseIndex(r);
        return p?.unique && definition(p, false) === wanted;
      });
      if (!kept) {
        errors.indexes = fieldError(
          'validation_invalid_unique_system_field_index',
          `Unique index definition on system fields (${systemField.name}) is invalid or missing.`,
          { fieldName: systemField.name },
        );
        return errors;
      }
    }
  }
  if (c.type === 'auth') {
    for (const name of ['tokenKey', 'email']) {
      if (!findSingleColumnUniqueIndex(c.indexes, name)) {
        errors.indexes = fieldError(
          'validation_missing_required_unique_index',
          `Missing required unique index for field "${name}".`,
          { fieldName: name },
        );
        return errors;
      }
    }
  }
  return errors;
}

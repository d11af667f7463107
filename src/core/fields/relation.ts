// `relation`: id(s) of records in another collection; existence of the ids is checked by the
// records pipeline (it needs the DB), everything else here (§4.2).

import type { Field } from '../collections/model.ts';
import { type FieldError, fieldError } from '../errors.ts';
import type { FieldKind, OptionsContext } from './kind.ts';
import {
  boolOpt,
  checkTypes,
  collect,
  firstError,
  intOpt,
  minRule,
  requiredError,
  strOpt,
} from './option-rules.ts';
import {
  isMultipleSelection,
  normalizeSelection,
  selectionColumn,
  selectionFromDb,
  selectionList,
  selectionToDb,
  selectionZero,
} from './selection.ts';

function checkCollectionId(field: Field, ctx: OptionsContext): FieldError | null {
  const target = strOpt(field, 'collectionId');
  if (target === '') return requiredError();
  const old = ctx.findCollection(ctx.collection.id);
  const oldField =
    old?.id === ctx.collection.id ? old.fields.find((f) => f.id === field.id) : undefined;
  if (oldField?.type === 'relation' && oldField.collectionId !== target) {
    return fieldError(
      'validation_field_relation_change',
      'The relation collection cannot be changed.',
    );
  }
  // a self-reference is fine even while the collection itself is still being created
  const rel = target === ctx.collection.id ? ctx.collection : ctx.findCollection(target);
  if (!rel || rel.id !== target) {
    return fieldError(
      'validation_field_relation_missing_collection',
      "The relation collection doesn't exist.",
    );
  }
  if (ctx.collection.type !== 'view' && rel.type === 'view') {
    return fieldError(
      'validation_relation_field_non_view_base_collection',
      'Only view collections are allowed to have relations to other views.',
    );
  }
  return null;
}

export const relationField: FieldKind = {
  type: 'relation',
  defaultOptions: () => ({
    cascadeDelete: false,
    collectionId: '',
    help: '',
    maxSelect: 0,
    minSelect: 0,
    required: false,
  }),
  validateOptions(field, ctx) {
    const typeErrors = checkTypes(field, {
      collectionId: 'string',
      cascadeDelete: 'bool',
      minSelect: 'int',
      maxSelect: 'int',
      required: 'bool',
    });
    const minSelect = intOpt(field, 'minSelect');
    const maxSelect = intOpt(field, 'maxSelect');
    const errors = collect({
      collectionId: checkCollectionId(field, ctx),
      minSelect: minRule(minSelect, 0),
      maxSelect: firstError(
        () => (minSelect > 0 && maxSelect === 0 ? requiredError() : null),
        () => minRule(maxSelect, minSelect),
      ),
    });
    return { ...errors, ...typeErrors };
  },
  columnType: selectionColumn,
  isMultiple: isMultipleSelection,
  zeroValue: selectionZero,
  normalize: normalizeSelection,
  validate(value, field) {
    const ids = selectionList(value);
    if (ids.length === 0) return boolOpt(field, 'required') ? requiredError() : null;
    const minSelect = intOpt(field, 'minSelect');
    if (minSelect > 0 && ids.length < minSelect) {
      return fieldError('validation_not_enough_values', `Select at least ${minSelect}.`, {
        minSelect,
      });
    }
    const maxSelect = Math.max(intOpt(field, 'maxSelect'), 1);
    if (ids.length > maxSelect) {
      return fieldError('validation_too_many_values', `Select no more than ${maxSelect}.`, {
        maxSelect,
      });
    }
    return null;
  },
  toDb: selectionToDb,
  fromDb: selectionFromDb,
};

/** The error the records pipeline reports when some related ids don't exist (§4.4). */
export const missingRelRecordsError = (): FieldError =>
  fieldError(
    'validation_missing_rel_records',
    'Failed to find all relation records with the provided ids.',
  );

/** …and when the related collection itself is gone. */
export const missingRelCollectionError = (): FieldError =>
  fieldError(
    'validation_missing_rel_collection',
    'Relation connection is missing or cannot be accessed.',
  );

// `autodate`: timestamps the server sets on create and/or update; client values are ignored (§4.2, §4.3).
import { parseDate } from '../dates.ts';
import { type FieldError, fieldError } from '../errors.ts';
import type { FieldKind } from './kind.ts';
import { boolOpt, checkTypes, collect, requiredError } from './option-rules.ts';

const needOne = () => requiredError('Either onCreate or onUpdate must be enabled.');

export const autodateField: FieldKind = {
  type: 'autodate',
  defaultOptions: () => ({ onCreate: false, onUpdate: false }),
  validateOptions(field, ctx) {
    const typeErrors = checkTypes(field, { onCreate: 'bool', onUpdate: 'bool' });
    const onCreate = boolOpt(field, 'onCreate');
    const onUpdate = boolOpt(field, 'onUpdate');
    // system autodate fields (e.g. `_superusers.created`) keep their behaviour
    const old = ctx.findCollection(ctx.collection.id)?.fields.find((f) => f.id === field.id);
    const locked = (key: 'onCreate' | 'onUpdate', now: boolean): FieldError | null =>
      field.system && old?.type === 'autodate' && boolOpt(old, key) !== now
        ? fieldError('validation_values_mismatch', "Values don't match.")
        : null;
    const errors = collect({
      onCreate: locked('onCreate', onCreate) ?? (!onCreate && !onUpdate ? needOne() : null),
      onUpdate: locked('onUpdate', onUpdate) ?? (!onCreate && !onUpdate ? needOne() : null),
    });
    return { ...errors, ...typeErrors };
  },
  columnType: () => "TEXT DEFAULT '' NOT NULL",
  isMultiple: () => false,
  zeroValue: () => '',
  normalize: (value) => parseDate(value),
  validate: () => null,
  toDb: (value) => parseDate(value),
  fromDb: (raw) => parseDate(raw),
};

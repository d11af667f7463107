// Builders shared by the field type tests: fields with defaults, collections and contexts.
import type { Collection, Field } from '../../../src/core/collections/model.ts';
import { getFieldKind } from '../../../src/core/fields/index.ts';
import type { FieldKind, OptionsContext, ValueContext } from '../../../src/core/fields/kind.ts';

export function kindOf(type: string): FieldKind {
  const kind = getFieldKind(type);
  if (!kind) throw new Error(`no field kind ${type}`);
  return kind;
}

/** A field of `type` with its default options, overridden by `options`. */
export function makeField(type: string, options: Record<string, unknown> = {}): Field {
  return {
    id: `${type}_f`,
    name: 'f',
    type,
    system: false,
    hidden: false,
    presentable: false,
    ...kindOf(type).defaultOptions(),
    ...options,
  };
}

export function makeCollection(over: Partial<Collection> = {}): Collection {
  return {
    id: 'pbc_test',
    name: 'test',
    type: 'base',
    system: false,
    fields: [makeField('text', { name: 'id', id: 'text3208210256', primaryKey: true })],
    indexes: [],
    listRule: null,
    viewRule: null,
    createRule: null,
    updateRule: null,
    deleteRule: null,
    created: '',
    updated: '',
    ...over,
  };
}

export function createCtx(collection = makeCollection()): ValueContext {
  return { collection, isNew: true, original: undefined };
}

export function updateCtx(original: unknown, collection = makeCollection()): ValueContext {
  return { collection, isNew: false, original };
}

export function optionsCtx(
  collection = makeCollection(),
  others: Collection[] = [],
): OptionsContext {
  return {
    collection,
    findCollection: (idOrName) =>
      others.find((c) => c.id === idOrName || c.name.toLowerCase() === idOrName.toLowerCase()),
  };
}

/** Normalize then validate, as the records pipeline does. */
export function check(
  type: string,
  options: Record<string, unknown>,
  input: unknown,
  ctx = createCtx(),
) {
  const kind = kindOf(type);
  const field = makeField(type, options);
  return kind.validate(kind.normalize(input, field), field, ctx);
}

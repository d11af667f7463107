// The shape every field type module (`fields/<type>.ts`) exports: one place per type for its whole life cycle.
import type { Collection, Field } from '../collections/model.ts';
import type { ErrorData, FieldError } from '../errors.ts';

/** What a field validator may need to know beyond the value. */
export interface ValueContext {
  collection: Collection;
  /** true on create, false on update. */
  isNew: boolean;
  /** The stored value before this write (undefined on create). */
  original: unknown;
}

/** What options validation may need: the collection being saved and a way to look up others. */
export interface OptionsContext {
  collection: Collection;
  findCollection(idOrName: string): Collection | undefined;
}

/**
 * A field type. Internal values are plain JSON values: strings, numbers, booleans, string arrays,
 * `{lon, lat}`, any JSON for `json`. `fromDb`/`toDb` translate to and from SQLite columns.
 */
export interface FieldKind {
  readonly type: string;
  /** Option keys with their defaults, merged under whatever a client sends (§4.2). */
  defaultOptions(): Record<string, unknown>;
  /** Validates the options of a field definition; returns `{option: error}`. */
  validateOptions(field: Field, ctx: OptionsContext): ErrorData;
  /** The column definition after the quoted name, e.g. `TEXT DEFAULT '' NOT NULL`. */
  columnType(field: Field): string;
  /** True when the field holds a list (multi select / relation / file). */
  isMultiple(field: Field): boolean;
  /** The value a new record starts with. */
  zeroValue(field: Field): unknown;
  /** Coerces a submitted value to the internal form (§4.3 write normalisation). Never throws. */
  normalize(value: unknown, field: Field): unknown;
  /** Checks a normalized value; `null` when valid. */
  validate(
    value: unknown,
    field: Field,
    ctx: ValueContext,
  ): FieldError | null | Promise<FieldError | null>;
  /** Internal value → SQLite bind value. */
  toDb(value: unknown, field: Field): string | number | null;
  /** SQLite column value → internal value (tolerant of legacy encodings in PocketBase dirs). */
  fromDb(raw: unknown, field: Field): unknown;
}

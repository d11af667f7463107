// The contract every field type implements: an input, a table view and a settings panel.

import type { CollectionField, CollectionModel, RecordModel } from 'pocketbase';
import type { FunctionComponent } from 'preact';

export type Field = CollectionField;

export interface InputProps {
  field: Field;
  value: unknown;
  onChange: (v: unknown) => void;
  collection: CollectionModel;
  record: RecordModel | null;
  /** Element id, so the row label points at the input. */
  id: string;
}

export interface ViewProps {
  field: Field;
  value: unknown;
  record: RecordModel;
}

export interface SettingsProps {
  field: Field;
  /** Merges a patch into the field's options. */
  set: (patch: Partial<Field>) => void;
  collection: CollectionModel;
  errors: Record<string, string>;
  /** The error key prefix of this field, e.g. `fields.3`. */
  prefix: string;
}

export interface FieldType {
  label: string;
  icon: string;
  input: FunctionComponent<InputProps>;
  view: FunctionComponent<ViewProps>;
  settings: FunctionComponent<SettingsProps>;
  /** Options of a freshly added field of this type. */
  defaults: () => Partial<Field>;
  /** The value of a new record's input. */
  empty: (field: Field) => unknown;
}

// The field type registry: `type` string → its FieldKind (collections-and-fields.md §4).
import { autodateField } from './autodate.ts';
import { boolField } from './bool.ts';
import { dateField } from './date.ts';
import { editorField } from './editor.ts';
import { emailField } from './email.ts';
import { fileField } from './file.ts';
import { geoPointField } from './geo-point.ts';
import { jsonField } from './json.ts';
import type { FieldKind } from './kind.ts';
import { numberField } from './number.ts';
import { passwordField } from './password.ts';
import { relationField } from './relation.ts';
import { selectField } from './select.ts';
import { textField } from './text.ts';
import { urlField } from './url.ts';

const KINDS: readonly FieldKind[] = [
  textField,
  editorField,
  numberField,
  boolField,
  emailField,
  urlField,
  dateField,
  autodateField,
  selectField,
  fileField,
  relationField,
  jsonField,
  passwordField,
  geoPointField,
];

const BY_TYPE = new Map(KINDS.map((k) => [k.type, k]));

export const FIELD_TYPES: string[] = KINDS.map((k) => k.type);

export function getFieldKind(type: string): FieldKind | undefined {
  return BY_TYPE.get(type);
}

export { fieldIdFor, validateFieldCommon } from './common.ts';
export type { FieldKind, OptionsContext, ValueContext } from './kind.ts';

// `json`: any JSON value (`null` when unset); strings are interpreted as JSON only when they
// clearly are (§4.3), so multipart forms and JSON bodies behave alike.
import { fieldError } from '../errors.ts';
import { byteLength, toStr } from './cast.ts';
import type { FieldKind } from './kind.ts';
import { boolOpt, checkTypes, collect, intOpt, requiredError, sizeRule } from './option-rules.ts';

/** `maxSize: 0` means 1 MiB of serialized JSON. */
export const DEFAULT_JSON_MAX_SIZE = 1 << 20;

function parseOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

/** `'[1,2]'` → `[1,2]`, `'12'` → 12, `'null'` → null, `'abc'` / `''` → the string itself. */
export function normalizeJson(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'string') {
    if (value === 'null') return null;
    if (value === 'true') return true;
    if (value === 'false') return false;
    if (/^[0-9\-"[{]/.test(value)) return parseOr(value, value);
    return value;
  }
  // a deep copy through JSON drops what JSON can't hold (functions, undefined members)
  try {
    return JSON.parse(JSON.stringify(value) ?? 'null');
  } catch {
    return null;
  }
}

export function serializeJson(value: unknown): string {
  try {
    return JSON.stringify(value ?? null) ?? 'null';
  } catch {
    return 'null';
  }
}

function isEmptyJson(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

export const jsonField: FieldKind = {
  type: 'json',
  defaultOptions: () => ({ help: '', maxSize: 0, required: false }),
  validateOptions(field) {
    const typeErrors = checkTypes(field, { maxSize: 'int', required: 'bool' });
    return { ...collect({ maxSize: sizeRule(intOpt(field, 'maxSize')) }), ...typeErrors };
  },
  columnType: () => 'JSON DEFAULT NULL',
  isMultiple: () => false,
  zeroValue: () => null,
  normalize: normalizeJson,
  validate(value, field) {
    const maxSize = intOpt(field, 'maxSize') > 0 ? intOpt(field, 'maxSize') : DEFAULT_JSON_MAX_SIZE;
    if (byteLength(serializeJson(value)) > maxSize) {
      return fieldError(
        'validation_json_size_limit',
        `The maximum allowed JSON size is ${maxSize} bytes.`,
        { maxSize },
      );
    }
    if (boolOpt(field, 'required') && isEmptyJson(value)) return requiredError();
    return null;
  },
  toDb: (value) => serializeJson(value),
  /** JSON text (any formatting, e.g. `'[\r\n  1\r\n]'`) or NULL; non-JSON text stays a string. */
  fromDb(raw) {
    if (raw === null || raw === undefined) return null;
    if (typeof raw === 'number' || typeof raw === 'boolean') return raw;
    if (typeof raw === 'bigint') return Number(raw);
    const text = toStr(raw);
    return parseOr(text, text);
  },
};

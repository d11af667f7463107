// `DynamicModel` and `arrayOf`: the shapes `$app.db().newQuery(…).all/one(target)` fill, as PocketBase's.
type Json = { [key: string]: unknown };

const MODEL = Symbol('model');

/** `new DynamicModel({id: "", total: 0})`: an object whose default values fix each key's type. */
export class DynamicModel {
  [key: string]: unknown;
  constructor(shape: Json = {}) {
    Object.assign(this, shape);
  }
}

/** `arrayOf(model)`: an empty array that `all()` fills with copies of `model`. */
export function arrayOf(model: unknown): unknown[] {
  const list: unknown[] = [];
  Object.defineProperty(list, MODEL, { value: model });
  return list;
}

/** A column value converted to the type of the model's default (`0` → number, `false` → bool). */
function convert(template: unknown, v: unknown): unknown {
  if (typeof template === 'number') return Number(v) || 0;
  if (typeof template === 'boolean') return v === 1 || v === true || v === '1' || v === 'true';
  if (typeof template === 'string') return v === null || v === undefined ? '' : String(v);
  if (template !== null && typeof template === 'object' && typeof v === 'string') {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

function fillOne(template: unknown, row: Json): unknown {
  if (!template || typeof template !== 'object') return { ...row };
  const out = template instanceof DynamicModel ? new DynamicModel() : {};
  const shape = template as Json;
  for (const [k, def] of Object.entries(shape)) {
    (out as Json)[k] = Object.hasOwn(row, k) ? convert(def, row[k]) : structuredClone(def);
  }
  return out;
}

/** Replaces `target`'s items with one model per row. */
export function fillModel(target: unknown[], rows: Json[]): void {
  const template = (target as unknown as { [MODEL]?: unknown })[MODEL];
  target.length = 0;
  for (const row of rows) target.push(fillOne(template, row));
}

/** `one(model)`: the row's columns into the model's keys. */
export function fillObject(target: Json, row: Json): void {
  Object.assign(target, fillOne(target, row));
}

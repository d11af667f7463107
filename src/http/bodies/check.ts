// Reads a fixed route's body and checks its shape against the route's TypeBox schema.
//
// PocketBase binds a body into a Go struct before validating it: a value of the wrong type (or
// unreadable JSON) fails the binding with one message and no field errors, while a missing or
// null field just stays blank for the validation after it. So: wrong types → the route's
// "loading" 400; missing and null → through to the core, which reports `validation_required`
// together with its other field errors, as PocketBase does.
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { BadRequestError } from '../../core/errors.ts';
import { type Body, readBody } from '../body.ts';
import type { BodySpec } from './spec.ts';

const LOAD_FAILED = 'An error occurred while loading the submitted data.';

const loadError = (spec: BodySpec) => new BadRequestError(spec.loadError ?? LOAD_FAILED);

/** `{a: null, b: {c: null}}` → `{b: {}}`: what Go's decoder leaves of nulls (zero values). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null || value instanceof Blob) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

/**
 * A form's values back to the schema's types, as Go binds a form into its struct: form text is
 * typed by guess on reading (`password=12345678` → 12345678), and a string field wants text.
 * `{ password: 12345678, count: '2' }` → `{ password: '12345678', count: 2 }`; other keys (files)
 * stay as they are.
 */
export function convertFormBody(spec: BodySpec, body: Body): Body {
  return Value.Convert(spec.schema, body) as Body;
}

/** Throws the route's loading error when `body` has a value of the wrong type. */
export function checkBodyShape(spec: BodySpec, body: Body): void {
  const value = withoutNulls(body);
  if (Value.Check(spec.schema, value)) return;
  const errors = [...Value.Errors(spec.schema, value)];
  // A missing property (TypeBox also reports its type there): the core's blank check answers it.
  const missing = new Set(
    errors.filter((e) => e.type === ValueErrorType.ObjectRequiredProperty).map((e) => e.path),
  );
  if (errors.some((e) => !missing.has(e.path))) throw loadError(spec);
}

/** `readBody` plus the shape check; an unreadable body is the route's loading error too. */
export async function readCheckedBody(
  request: Request,
  limit: number,
  spec: BodySpec,
): Promise<Body> {
  let body: Body;
  try {
    body = await readBody(request, limit);
  } catch (err) {
    // Too large stays a 413; anything unreadable is what PocketBase's binding answers.
    if (err instanceof BadRequestError) throw loadError(spec);
    throw err;
  }
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const isForm =
    mediaType === 'multipart/form-data' || mediaType === 'application/x-www-form-urlencoded';
  const bound = isForm ? convertFormBody(spec, body) : body;
  if (!spec.checkedByCore) checkBodyShape(spec, bound);
  return bound;
}

// The `?fields=` response picker (http-api.md §1.6): `*`, dot paths, arrays of objects, `:excerpt(max, ellipsis)`.
import { jsonResponse } from './response-headers.ts';

/** A modifier applied to a picked value (only `excerpt` exists). */
type Modifier = ((value: unknown) => unknown) | null;

/** Thrown for an invalid picker expression; PocketBase then answers the 2xx status with an empty body. */
export class FieldsParamError extends Error {}

/**
 * Picks `fieldsParam` out of `json`. A list envelope (`{page, perPage, …, items}`, said by `list`,
 * never guessed from its keys: a record may have fields with those names) is picked per item and
 * keeps its counters. `"id,expand.author.name"` on `{id, title, expand: {author: {id, name}}}`
 * gives `{id, expand: {author: {name}}}`. Throws FieldsParamError for a bad modifier.
 */
export function pickFields(
  json: unknown,
  fieldsParam: string | null | undefined,
  list = false,
): unknown {
  if (!fieldsParam?.trim()) return json;
  const fields = parseFields(fieldsParam);
  if (fields.size === 0) return json;
  // Work on a JSON copy, like PocketBase (it marshals then picks), so callers' objects stay untouched.
  const data = JSON.parse(JSON.stringify(json)) as unknown;
  if (list) pickAny((data as { items: unknown[] }).items, fields);
  else pickAny(data, fields);
  return data;
}

/** The request's `?fields=` (first value), for the routes that answer through the picker. */
export function fieldsOf(request: Request): string | null {
  return new URL(request.url).searchParams.get('fields');
}

/** A 2xx JSON response with the picker applied; an invalid picker gives the same status, empty body. */
export function pickedResponse(json: unknown, fieldsParam: string | null, status = 200): Response {
  return respond(() => pickFields(json, fieldsParam), status);
}

/** The same for a list envelope: the picker applies to each of its `items`. */
export function pickedListResponse(
  envelope: { items: unknown[] },
  fieldsParam: string | null,
): Response {
  return respond(() => pickFields(envelope, fieldsParam, true), 200);
}

function respond(pick: () => unknown, status: number): Response {
  try {
    return jsonResponse(pick(), status);
  } catch (err) {
    if (err instanceof FieldsParamError) return new Response(null, { status });
    throw err;
  }
}

/** `"a, b.c:excerpt(10,true)"` → {a: null, "b.c": excerpt}; commas inside parentheses don't split. */
function parseFields(raw: string): Map<string, Modifier> {
  const out = new Map<string, Modifier>();
  for (const item of splitTopLevel(raw)) {
    const t = item.trim();
    if (!t) continue;
    const colon = t.indexOf(':');
    if (colon < 0) out.set(t, null);
    else out.set(t.slice(0, colon).trim(), parseModifier(t.slice(colon + 1).trim()));
  }
  return out;
}

function splitTopLevel(raw: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const ch of raw) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

function parseModifier(text: string): Modifier {
  const m = /^(\w+)\((.*)\)$/s.exec(text);
  if (m?.[1] !== 'excerpt') throw new FieldsParamError(`unknown modifier ${text}`);
  const rawArgs = (m[2] ?? '').trim();
  // `excerpt()` has no arguments at all; `excerpt(5,)` has an empty second one.
  const args =
    rawArgs === '' ? [] : splitTopLevel(rawArgs).map((a) => a.trim().replace(/^["']|["']$/g, ''));
  if (args.length < 1 || args.length > 2) throw new FieldsParamError('excerpt: 1 or 2 arguments');
  const max = Number(args[0]);
  if (!Number.isInteger(max) || max <= 0) throw new FieldsParamError('excerpt: max must be > 0');
  // PocketBase reads the flag with cast.ToBool: anything that isn't a Go true is false, not an error.
  const ellipsis = args.length === 2 && GO_TRUE.has(args[1]!);
  return (value) => excerpt(castString(value), max, ellipsis);
}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/** Go's cast.ToString: numbers and booleans as text, anything else (null, objects) as ''. */
function castString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function pickAny(data: unknown, fields: Map<string, Modifier>): void {
  if (Array.isArray(data)) {
    for (const item of data) pickAny(item, fields);
    return;
  }
  if (typeof data === 'object' && data !== null)
    pickObject(data as Record<string, unknown>, fields);
}

function pickObject(data: Record<string, unknown>, input: Map<string, Modifier>): void {
  const fields = new Map(input);
  if (fields.has('*')) {
    const m = fields.get('*') ?? null;
    for (const k of Object.keys(data)) {
      const covered = [...fields.keys()].some((f) => `${f}.`.startsWith(`${k}.`));
      if (!covered) fields.set(k, m);
    }
  }
  for (const k of Object.keys(data)) {
    const nested = new Map<string, Modifier>();
    let whole: Modifier | undefined;
    for (const [f, m] of fields) {
      if (!`${f}.`.startsWith(`${k}.`)) continue;
      const rest = f.slice(k.length + 1);
      if (rest === '') whole = m;
      else nested.set(rest, m);
    }
    // A key selected as a whole wins over deeper paths into it.
    if (whole !== undefined) {
      if (whole) data[k] = whole(data[k]);
    } else if (nested.size === 0) {
      delete data[k];
    } else {
      pickAny(data[k], nested);
    }
  }
}

/** Elements whose content never shows in an excerpt. */
const EXCLUDED = new Set(
  'head style script iframe embed applet object svg img picture dialog template button form textarea input select option'.split(
    ' ',
  ),
);
/** Elements that don't separate words (everything else is a block and ends with a space). */
const INLINE = new Set(
  'a abbr acronym b bdo big br button cite code data dfn em font i img input kbd label mark output q s samp select small span strike strong sub sup textarea time tt u var wbr'.split(
    ' ',
  ),
);
const VOID = new Set(
  'area base br col embed hr img input link meta param source track wbr'.split(' '),
);

/** `<p>Hello <b>world</b></p><p>x</p>` → `Hello world x`, cut to `max` characters. */
export function excerpt(html: string, max: number, withEllipsis: boolean): string {
  let out = '';
  let prevSpace = false;
  const addText = (raw: string) => {
    let t = decodeEntities(raw).replace(/[\t\n\f\r ]+/g, ' ');
    if (prevSpace) t = t.replace(/^ +/, '');
    if (t) {
      prevSpace = t.endsWith(' ');
      out += t;
    }
  };
  const blockEnd = () => {
    if (!prevSpace) {
      out += ' ';
      prevSpace = true;
    }
  };
  const tag =
    /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*>|<\?[^>]*>|<\/?([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g;
  let last = 0;
  let skipUntil = '';
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    const name = m[1]?.toLowerCase();
    const closing = m[0].startsWith('</');
    if (skipUntil) {
      if (closing && name === skipUntil) {
        // Like PocketBase's walker, an excluded element adds no separator either.
        skipUntil = '';
        last = tag.lastIndex;
      }
      continue;
    }
    addText(html.slice(last, m.index));
    last = tag.lastIndex;
    if (!name) continue;
    if (closing) {
      if (!INLINE.has(name) && !EXCLUDED.has(name)) blockEnd();
      continue;
    }
    const selfClosing = m[2] === '/' || VOID.has(name);
    if (EXCLUDED.has(name)) {
      if (!selfClosing) skipUntil = name;
      continue;
    }
    if (selfClosing && !INLINE.has(name)) blockEnd();
  }
  if (!skipUntil) addText(html.slice(last));
  const result = out.trim();
  const chars = [...result];
  if (chars.length <= max) return result;
  // Trimmed again after the cut, as PocketBase does: "hello world" cut at 6 is "hello".
  const cut = chars.slice(0, max).join('').trim();
  return withEllipsis ? `${cut}...` : cut;
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code =
        e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[e.toLowerCase()] ?? whole;
  });
}

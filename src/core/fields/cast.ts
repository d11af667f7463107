// Loose value coercions mirroring what PocketBase's Go `cast` helpers do to submitted values (§4.3).

/** Plain decimal without exponent, like Go's `strconv.FormatFloat(f, 'f', -1, 64)`. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  const s = String(n);
  if (!/e/i.test(s)) return s;
  const [mantissa = '', expPart = '0'] = s.toLowerCase().split('e');
  const exp = Number(expPart);
  const negative = mantissa.startsWith('-');
  const [int = '', frac = ''] = mantissa.replace('-', '').split('.');
  const digits = int + frac;
  const point = int.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

/** Scalars stringified; null/undefined, arrays and objects → `''` (Go `cast.ToString`). */
export function toStr(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatNumber(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      if (v instanceof Uint8Array) return new TextDecoder().decode(v);
      return '';
  }
}

const TRUE_STRINGS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/** `true`, non-zero numbers and `"1"/"t"/"T"/"true"/"TRUE"/"True"` → true; everything else false. */
export function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'string') return TRUE_STRINGS.has(v);
  return false;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/**
 * Go `strconv.ParseFloat` semantics: decimal/exponent forms, `inf`/`infinity`/`nan` in any case,
 * anything else (incl. `''`, surrounding spaces, hex) → 0. Overflow → 0 (a parse error in Go).
 */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'string') return 0;
  const special = SPECIAL.exec(v);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!DECIMAL.test(v)) return 0;
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

function uniqueNonEmpty(list: string[]): string[] {
  return [...new Set(list.filter((s) => s !== ''))];
}

/**
 * A list of distinct non-empty strings (Go `list.ToUniqueStringSlice`): a string containing `[`
 * is tried as a JSON string array (`'["a","b"]'` → `["a","b"]`), other strings become one item,
 * arrays have their scalar items stringified (objects/nested arrays dropped), other scalars → one item.
 */
export function toUniqueStrings(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (typeof v === 'string') {
    if (v === '') return [];
    if (v.includes('[')) {
      try {
        const parsed: unknown = JSON.parse(v);
        if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) {
          return uniqueNonEmpty(parsed as string[]);
        }
        if (parsed === null) return [];
      } catch {
        // not JSON: the string is a single value
      }
    }
    return [v];
  }
  if (Array.isArray(v)) return uniqueNonEmpty(v.map(toStr));
  if (v instanceof Uint8Array) return toUniqueStrings(new TextDecoder().decode(v));
  return uniqueNonEmpty([toStr(v)]);
}

/** Single-value select/relation/file: the last element wins (§4.3). */
export function lastOf(list: string[]): string {
  return list.length > 0 ? list[list.length - 1]! : '';
}

/** Byte length of a string in UTF-8 (Go's `len(string)`). */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Character count in code points (Go's `len([]rune(s))`). */
export function runeLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Whether `s` has fewer than `min` code points (`'short'`), more than `max` (`'long'`), or neither
 * (`null`); a bound ≤ 0 is no bound. A code point is one or two UTF-16 units, so `s.length` puts
 * the count in [⌈length/2⌉, length], which settles most strings without visiting every character
 * (counting a 1 MiB text took ~1.2 ms of one event-loop task, issue 17); counting stops past
 * both bounds.
 *   ('héllo😀', 6, 6) → null · ('😀😀', 3, 0) → 'short' · ('x'.repeat(1 << 20), 0, 5000) → 'long'
 */
export function runeBounds(s: string, min: number, max: number): 'short' | 'long' | null {
  const most = s.length; // every unit a code point
  const least = Math.ceil(most / 2); // every unit half of a surrogate pair
  if (min > 0 && most < min) return 'short';
  if (min <= 0 || least >= min) {
    if (max <= 0 || most <= max) return null;
    if (least > max) return 'long';
  }
  const stop = Math.max(min, max);
  let n = 0;
  for (const _ of s) if (++n > stop) break;
  if (min > 0 && n < min) return 'short';
  if (max > 0 && n > max) return 'long';
  return null;
}

// Type inference for plain text form values, as PocketBase does it (http-api.md §1.1 "Multipart value typing").

/**
 * `""` → `""`, `"true"`/`"false"` → booleans, a numeric string → number only when formatting the
 * number back gives the same text: `"12"` → 12, `"-1.5"` → -1.5, but `"0001"`, `"1e3"`, `"0.0"` stay strings.
 */
export function inferFormValue(raw: string): string | number | boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  const first = raw.charCodeAt(0);
  const startsNumeric = raw[0] === '-' || (first >= 48 && first <= 57);
  if (!startsNumeric) return raw;
  const n = Number(raw);
  if (!Number.isFinite(n) || Number.isNaN(n)) return raw;
  return formatFloat(n) === raw ? n : raw;
}

/** Go's `strconv.FormatFloat(v, 'f', -1, 64)`: shortest round-trip digits, never an exponent. */
export function formatFloat(n: number): string {
  if (Object.is(n, -0)) return '-0';
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const sign = s.startsWith('-') ? '-' : '';
  const mantissa = s.slice(sign.length, e);
  const exp = Number(s.slice(e + 1));
  const [intPart = '', fracPart = ''] = mantissa.split('.');
  const digits = intPart + fracPart;
  const point = intPart.length + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

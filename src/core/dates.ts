// Dates on the wire and in the DB: always UTC `YYYY-MM-DD HH:MM:SS.mmmZ`; lenient input (http-api.md §1.3).

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2024-05-01 13:45:07.123Z` (UTC, milliseconds, a space instead of `T`). */
export function formatDate(d: Date): string {
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.` +
    `${pad(d.getUTCMilliseconds(), 3)}Z`
  );
}

export function nowDate(): string {
  return formatDate(new Date());
}

/**
 * `YYYY-MM-DD`, optionally followed by `T` or space, `HH:MM[:SS[.frac]]` and a zone: `Z`, `±HH:MM`,
 * `±HHMM`, `±HH` (optionally space-separated and followed by a zone name like ` UTC`, as in Go's
 * `time.String()`). No zone means UTC.
 */
const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s?(Z|[+-]\d{2}(?::?\d{2})?)(?:\s[A-Za-z]{1,5})?)?)?$/i;

/** RFC 1123 / RFC 822 style (`Mon, 02 Jan 2006 15:04:05 GMT`): delegated to Date.parse after a shape check. */
const RFC1123_LIKE =
  /^(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{2}:\d{2}(?::\d{2})?\s+(?:[A-Z]{1,5}|[+-]\d{4})$/;

function fromParts(m: RegExpExecArray): Date | null {
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  // fraction is truncated to milliseconds, like Go's `.000` layout
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(t);
  // Date.UTC maps years 0–99 to 1900+; and rolls Feb 30 over to March: reject both
  if (year < 100) check.setUTCFullYear(year);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  t = check.getTime();
  if (zone.toUpperCase() !== 'Z') {
    const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    const offset = (Number(zm[2]) * 60 + Number(zm[3] ?? 0)) * 60_000;
    t += zm[1] === '+' ? -offset : offset;
  }
  return new Date(t);
}

/** Parses a date-ish value to a Date, or null when it can't be understood. */
export function toDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  // unix seconds (http-api.md §1.3)
  if (typeof v === 'number') return Number.isFinite(v) ? new Date(Math.trunc(v * 1000)) : null;
  if (typeof v === 'bigint') return new Date(Number(v) * 1000);
  if (typeof v !== 'string' || v === '') return null;
  const m = ISO_LIKE.exec(v);
  if (m) return fromParts(m);
  if (RFC1123_LIKE.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : new Date(t);
  }
  return null;
}

/** Go's zero time, which PocketBase treats (and prints) as an unset date. */
const GO_ZERO_TIME = new Date(0).setUTCFullYear(1, 0, 1);

/** Any accepted input → canonical string; unparsable, empty or Go's zero time → `''`. */
/** Already canonical, as every stored value is: returned as is (the hot path of reading records). */
const CANONICAL =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

export function parseDate(v: unknown): string {
  if (typeof v === 'string' && CANONICAL.test(v) && !v.startsWith('0001-01-01') && validDay(v)) {
    return v;
  }
  const d = toDate(v);
  if (!d) return '';
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999 || d.getTime() === GO_ZERO_TIME) return '';
  return formatDate(d);
}

/** `2024-02-30` passes the pattern but is no date: the day must exist in that month. */
function validDay(v: string): boolean {
  // Digits by char code: the pattern already matched, and no substring is made on the hot path.
  const day = (v.charCodeAt(8) - 48) * 10 + v.charCodeAt(9) - 48;
  if (day <= 28) return true; // every month has these: no calendar work on the hot path
  const month = (v.charCodeAt(5) - 48) * 10 + v.charCodeAt(6) - 48;
  if (month !== 2) return day <= 30 || [1, 3, 5, 7, 8, 10, 12].includes(month);
  const year = Number(v.slice(0, 4));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (leap ? 29 : 28);
}

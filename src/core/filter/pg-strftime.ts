// SQLite's strftime(format, time, modifiers…) on PostgreSQL: the same text, built from to_char pieces.
import { FilterError } from './errors.ts';
import { numeric, textOf, toVal } from './pg-values.ts';
import { param, raw, type Sql, sql, type Typed } from './sql.ts';

/** SQLite's time-value text forms: `YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z|±HH:MM]`. */
const TIME_RE = String.raw`'^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(\.[0-9]+)?)?)?\s*(?:([zZ])|([+-])([0-9]{2}):([0-9]{2}))?$'`;

function bound(t: Typed | undefined): string {
  const v = t?.sql.text === '?' ? t.sql.params[0] : undefined;
  return typeof v === 'string' ? v : '';
}

/** Text → timestamp (UTC), NULL when SQLite would not parse it; out-of-month days roll over as there. */
function parseTime(t: Sql): Sql {
  const m = (i: number) => raw(`"__m".m[${i}]`);
  const part = (i: number) => sql`COALESCE(${m(i)}, '0')::int`;
  const valid = sql`${m(1)}::int >= 1 AND ${m(2)}::int BETWEEN 1 AND 12 AND ${m(3)}::int BETWEEN 1 AND 31 AND ${part(4)} <= 24 AND ${part(5)} <= 59 AND ${part(6)} <= 59`;
  const secs = sql`(${part(6)} + COALESCE(('0' || ${m(7)})::float8, 0))`;
  const offset = sql`(CASE ${m(9)} WHEN '-' THEN -1 WHEN '+' THEN 1 ELSE 0 END)`;
  const ts = sql`make_date(${m(1)}::int, ${m(2)}::int, 1) + make_interval(days => ${m(3)}::int - 1, hours => ${part(4)} - ${offset} * COALESCE(${m(10)}, '0')::int, mins => ${part(5)} - ${offset} * COALESCE(${m(11)}, '0')::int, secs => ${secs})`;
  return sql`(CASE WHEN (${t}) = 'now' THEN (now() AT TIME ZONE 'UTC') ELSE (SELECT CASE WHEN ${valid} THEN ${ts} END FROM (SELECT regexp_match(${t}, ${raw(TIME_RE)}) AS m) AS "__m") END)`;
}

/** Years 0001–9999 only: PG has no year 0 and raises outside its range (SQLite prints those). */
function julian(n: Sql): Sql {
  return sql`(CASE WHEN (${n}) BETWEEN 1721425.5 AND 5373484.49999 THEN timestamp '1970-01-01' + ((${n}) - 2440587.5) * interval '1 day' END)`;
}

function unixEpoch(n: Sql): Sql {
  return sql`(CASE WHEN (${n}) BETWEEN -62135596800 AND 253402300799 THEN timestamp '1970-01-01' + (${n}) * interval '1 second' END)`;
}

/** The time value: text is parsed, a number is a Julian day (seconds with 'unixepoch'). */
function timeValue(t: Typed, unixepoch: boolean): Sql {
  const v = toVal(t);
  const fromNumber = unixepoch ? unixEpoch : julian;
  if (v.cls === 'null') return raw('NULL::timestamp');
  if (v.cls === 'num') return fromNumber(v.e);
  if (v.cls === 'text' && !unixepoch) return parseTime(v.e);
  const d = numeric(v);
  if (d.cls === 'num') return fromNumber(d.e);
  if (d.cls !== 'dyn') return parseTime(textOf(d));
  return sql`(CASE WHEN ${d.c} = 1 THEN ${fromNumber(d.n)} WHEN ${d.c} = 2 THEN ${parseTime(d.t)} END)`;
}

function modify(ts: Sql, modifier: string): Sql {
  const mod = modifier.trim().toLowerCase();
  if (mod === 'start of day') return sql`date_trunc('day', ${ts})`;
  if (mod === 'start of month') return sql`date_trunc('month', ${ts})`;
  if (mod === 'start of year') return sql`date_trunc('year', ${ts})`;
  const m = /^([+-]?\d+(?:\.\d+)?)\s+(day|hour|minute|second|month|year)s?$/.exec(mod);
  if (m) {
    const n = Number(m[1]);
    const unit = m[2]!;
    if (unit === 'month' || unit === 'year') {
      if (!Number.isInteger(n)) throw unsupported(modifier);
      const months = param(unit === 'year' ? n * 12 : n);
      // Day overflow rolls into the next month, as SQLite does (Jan 31 + 1 month = Mar 2/3).
      return sql`(date_trunc('month', ${ts}) + make_interval(months => ${months}::int) + (${ts} - date_trunc('month', ${ts})))`;
    }
    return sql`(${ts} + ${param(n)}::float8 * interval ${raw(`'1 ${unit}'`)})`;
  }
  throw unsupported(modifier);
}

function unsupported(what: string): FilterError {
  return new FilterError(`strftime "${what}" is not supported on PostgreSQL`);
}

/** One `%x` conversion over the timestamp column `t`; null: SQLite yields NULL for it. */
function conversion(ch: string): Sql | null {
  const t = raw('"__t".t');
  const fmt = (f: string) => sql`to_char(${t}, ${raw(`'${f}'`)})`;
  const pad = (e: Sql, c: string) => sql`lpad((${e})::text, 2, ${raw(`'${c}'`)})`;
  const doy = sql`extract(doy from ${t})::int`;
  const dow = sql`extract(dow from ${t})::int`;
  switch (ch) {
    case 'd':
      return fmt('DD');
    case 'e':
      return pad(fmt('FMDD'), ' ');
    case 'f':
      return fmt('SS.MS');
    case 'F':
      return fmt('YYYY-MM-DD');
    case 'G':
      return fmt('IYYY');
    case 'g':
      return fmt('IY');
    case 'H':
      return fmt('HH24');
    case 'I':
      return fmt('HH12');
    case 'j':
      return fmt('DDD');
    case 'k':
      return pad(fmt('FMHH24'), ' ');
    case 'l':
      return pad(fmt('FMHH12'), ' ');
    case 'm':
      return fmt('MM');
    case 'M':
      return fmt('MI');
    case 'p':
      return fmt('AM');
    case 'P':
      return fmt('am');
    case 'R':
      return fmt('HH24:MI');
    case 's':
      return sql`floor(extract(epoch from ${t}))::bigint::text`;
    case 'S':
      return fmt('SS');
    case 'T':
      return fmt('HH24:MI:SS');
    case 'u':
      return fmt('ID');
    case 'U':
      return pad(sql`(${doy} + 6 - ${dow}) / 7`, '0');
    case 'V':
      return fmt('IW');
    case 'w':
      return sql`${dow}::text`;
    case 'W':
      return pad(sql`(${doy} + 6 - (${dow} + 6) % 7) / 7`, '0');
    case 'Y':
      return fmt('YYYY');
    case '%':
      return raw(`'%'`);
    case 'J':
      throw unsupported('%J');
    default:
      return null;
  }
}

function format(f: string): Sql | null {
  let out: Sql | null = null;
  const push = (s: Sql) => {
    out = out ? sql`${out} || ${s}` : s;
  };
  let literal = '';
  for (let i = 0; i < f.length; i++) {
    const ch = f[i]!;
    if (ch !== '%') {
      literal += ch;
      continue;
    }
    const conv = i + 1 < f.length ? conversion(f[i + 1]!) : null;
    if (!conv) return null;
    if (literal) push(sql`${param(literal)}::text`);
    literal = '';
    push(conv);
    i++;
  }
  if (literal) push(sql`${param(literal)}::text`);
  return out ?? raw("''");
}

export function strftimePostgres(args: Typed[]): Sql {
  const modifiers = args.slice(2).map(bound);
  const unixepoch = modifiers[0]?.trim().toLowerCase() === 'unixepoch';
  const time = args[1];
  let ts = time ? timeValue(time, unixepoch) : raw('NULL::timestamp');
  for (const m of unixepoch ? modifiers.slice(1) : modifiers) ts = modify(ts, m);
  const text = format(bound(args[0]));
  if (!text) return raw("''");
  return sql`COALESCE((SELECT ${text} FROM (SELECT ${ts} AS t) AS "__t"), '')`;
}

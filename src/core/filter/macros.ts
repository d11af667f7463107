// Datetime macros (filter-and-rules.md §2.2): UTC values computed per query.
import { formatDate } from '../dates.ts';

const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
  new Date(Date.UTC(y, m, d, h, mi, s, ms));

/** Value of `@name` at `now`, or undefined when it is not a macro. */
export function macroValue(name: string, now: Date): string | number | undefined {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  switch (name) {
    case '@now':
      return formatDate(now);
    case '@second':
      return now.getUTCSeconds();
    case '@minute':
      return now.getUTCMinutes();
    case '@hour':
      return now.getUTCHours();
    case '@weekday':
      return now.getUTCDay();
    case '@day':
      return d;
    case '@month':
      return m + 1;
    case '@year':
      return y;
    case '@yesterday':
      return formatDate(new Date(now.getTime() - 86_400_000));
    case '@tomorrow':
      return formatDate(new Date(now.getTime() + 86_400_000));
    case '@todayStart':
      return formatDate(utc(y, m, d));
    case '@todayEnd':
      return formatDate(utc(y, m, d, 23, 59, 59, 999));
    case '@monthStart':
      return formatDate(utc(y, m, 1));
    case '@monthEnd':
      // Day 0 of the next month is the last day of this one.
      return formatDate(utc(y, m + 1, 0, 23, 59, 59, 999));
    case '@yearStart':
      return formatDate(utc(y, 0, 1));
    case '@yearEnd':
      return formatDate(utc(y, 11, 31, 23, 59, 59, 999));
    default:
      return undefined;
  }
}

export const MACROS = [
  '@now',
  '@second',
  '@minute',
  '@hour',
  '@weekday',
  '@day',
  '@month',
  '@year',
  '@yesterday',
  '@tomorrow',
  '@todayStart',
  '@todayEnd',
  '@monthStart',
  '@monthEnd',
  '@yearStart',
  '@yearEnd',
];

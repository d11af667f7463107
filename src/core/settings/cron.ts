// Checks a 5-field cron expression the way PocketBase's tools/cron parses `backups.cron`.
//
// `*/5 * * * *`, `0 0 * * 1-5`, `@daily` → null; `* * *`, `61 * * * *` → a message.

const MACROS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

const RANGES: [string, number, number][] = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day of month', 1, 31],
  ['month', 1, 12],
  ['day of week', 0, 6],
];

function checkSegment(segment: string, min: number, max: number): boolean {
  const [range, step, extra] = segment.split('/');
  if (extra !== undefined || range === undefined || range === '') return false;
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) return false;
  if (range === '*') return true;
  const bounds = range.split('-');
  if (bounds.length > 2 || !bounds.every((b) => /^\d+$/.test(b))) return false;
  const [from, to = from] = bounds.map(Number) as [number, number?];
  return from >= min && to !== undefined && to <= max && from <= to;
}

/** Returns null when valid, else why not. */
export function cronExpressionError(expr: string): string | null {
  const trimmed = expr.trim();
  if (MACROS.has(trimmed)) return null;
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5)
    return 'Invalid cron expression - must have exactly 5 space separated segments.';
  for (const [i, field] of fields.entries()) {
    const [name, min, max] = RANGES[i]!;
    if (!field.split(',').every((s) => checkSegment(s, min, max))) {
      return `Invalid cron ${name} segment - values must be in the range ${min}-${max}.`;
    }
  }
  return null;
}

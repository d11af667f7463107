// `~` value handling (filter-and-rules.md §4.3): substring match unless the value brings its own `%`.

/** True when `ch` occurs without a backslash right before it (`\\` pairs cancel out). */
export function containsUnescaped(s: string, ch: string): boolean {
  let prev = '';
  for (const c of s) {
    if (c === ch && prev !== '\\') return true;
    prev = c === '\\' && prev === '\\' ? '' : c;
  }
  return false;
}

/** Prefixes `\` to every `\`, `%` and `_` that is not already escaped (scanning right to left). */
export function escapeUnescaped(s: string, chars = '\\%_'): string {
  const rs = [...s];
  const out: string[] = [];
  let match = false;
  for (let i = rs.length - 1; i >= 0; i--) {
    const c = rs[i]!;
    if (match) {
      if (c !== '\\') out.push('\\');
      match = false;
    } else if (chars.includes(c)) {
      match = true;
    }
    out.push(c);
    if (i === 0 && match) out.push('\\');
  }
  return out.reverse().join('');
}

/** The LIKE pattern for a bound `~` value: `'a_b'` → `'%a\_b%'`, `'a%'` stays `'a%'`. */
export function likePattern(value: unknown): string {
  const s = stringify(value);
  if (containsUnescaped(s, '%')) return s;
  return `%${escapeUnescaped(s)}%`;
}

/** Go's `cast.ToString` for the values a filter can bind. */
export function stringify(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

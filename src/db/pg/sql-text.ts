// SQL text as the core writes it (`?` placeholders, `backtick` identifiers) → PostgreSQL's ($1…$n, "double quotes").

/**
 * One pass over the text that leaves string literals, quoted identifiers, dollar-quoted bodies and
 * comments alone. A `?` followed by `|` or `&` is PostgreSQL's jsonb operator and stays as it is
 * (the core never writes those after a placeholder; see the filter compiler's PostgreSQL dialect).
 */
export function toPostgresText(sql: string): string {
  let out = '';
  let n = 0;
  let i = 0;
  const len = sql.length;
  while (i < len) {
    const ch = sql[i] as string;
    if (ch === "'" || ch === '"') {
      const end = closing(sql, i, ch);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '`') {
      const end = closing(sql, i, '`');
      const name = sql.slice(i + 1, end - 1).replaceAll('``', '`');
      out += `"${name.replaceAll('"', '""')}"`;
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? len : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? len : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '$' && /[A-Za-z_$]/.test(sql[i + 1] ?? '') && !/\w/.test(sql[i - 1] ?? '')) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        const stop = end < 0 ? len : end + tag[0].length;
        out += sql.slice(i, stop);
        i = stop;
      } else {
        out += ch;
        i++;
      }
    } else if (ch === '?' && sql[i + 1] !== '|' && sql[i + 1] !== '&') {
      out += `$${++n}`;
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Index just past the quote closing the one at `start` (a doubled quote is an escaped one). */
function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

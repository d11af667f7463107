// A small SQLite tokenizer for the two SQL texts clients hand us: index statements and view queries.

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  /** The raw source text of the token. */
  text: string;
  /** word: as written; quoted: the identifier without its quotes; string: the literal's content. */
  value: string;
  start: number;
  end: number;
}

export class SqlSyntaxError extends Error {}

const CLOSING: Record<string, string> = { '"': '"', '`': '`', '[': ']' };

/**
 * `select a.b as "c" -- x` → word(select) word(a) punct(.) word(b) word(as) quoted(c).
 * Comments and whitespace are dropped; multi-char operators come out one char at a time.
 */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? sql.length : nl + 1;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close === -1) throw new SqlSyntaxError('unterminated comment');
      i = close + 2;
      continue;
    }
    const start = i;
    if (ch === "'" || ch in CLOSING) {
      const close = ch === "'" ? "'" : CLOSING[ch]!;
      let value = '';
      i++;
      for (;;) {
        if (i >= sql.length) throw new SqlSyntaxError('unterminated quoted text');
        const c = sql[i]!;
        if (c === close) {
          // A doubled quote is an escaped quote (not for `[...]`).
          if (close !== ']' && sql[i + 1] === close) {
            value += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += c;
        i++;
      }
      const kind: TokenKind = ch === "'" ? 'string' : 'quoted';
      out.push({ kind, text: sql.slice(start, i), value, start, end: i });
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      while (i < sql.length && /[0-9a-zA-Z_.]/.test(sql[i]!)) i++;
      const text = sql.slice(start, i);
      out.push({ kind: 'number', text, value: text, start, end: i });
      continue;
    }
    if (/[\w$]/.test(ch)) {
      while (i < sql.length && /[\w$]/.test(sql[i]!)) i++;
      const text = sql.slice(start, i);
      out.push({ kind: 'word', text, value: text, start, end: i });
      continue;
    }
    i++;
    out.push({ kind: 'punct', text: ch, value: ch, start, end: i });
  }
  return out;
}

export function isWord(t: Token | undefined, word: string): boolean {
  return t?.kind === 'word' && t.value.toLowerCase() === word;
}

export function isPunct(t: Token | undefined, ch: string): boolean {
  return t?.kind === 'punct' && t.value === ch;
}

/** An identifier token (bare or quoted); its name without quotes. */
export function identName(t: Token | undefined): string | null {
  if (!t) return null;
  if (t.kind === 'word' || t.kind === 'quoted') return t.value;
  return null;
}

/** Splits tokens on commas at paren depth 0: `a, f(b, c), d` → [[a], [f,(,b,,,c,)], [d]]. */
export function splitTopLevel(tokens: Token[], separator = ','): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isPunct(t, '(')) depth++;
    if (isPunct(t, ')')) depth--;
    if (depth === 0 && isPunct(t, separator)) {
      parts.push([]);
      continue;
    }
    parts[parts.length - 1]!.push(t);
  }
  return parts;
}

/** The source text covered by a token run (original spacing kept). */
export function sourceOf(sql: string, tokens: Token[]): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return first && last ? sql.slice(first.start, last.end) : '';
}

/** `sql` with a trailing `;` (and whitespace) removed; then any other `;` means several statements. */
export function trimStatement(sql: string): string {
  return sql
    .trim()
    .replace(/;+\s*$/, '')
    .trim();
}

export function hasStatementSeparator(tokens: Token[]): boolean {
  return tokens.some((t) => isPunct(t, ';'));
}

/** Same statement text once trimmed of whitespace and trailing `;`. */
export function sameStatement(a: string, b: string): boolean {
  return trimStatement(a) === trimStatement(b);
}

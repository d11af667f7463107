// Filter scanner: text → tokens with offsets (filter-and-rules.md §1). Quote-aware, `//` comments.
import { FilterSyntaxError } from './errors.ts';

export type SignOp =
  | '='
  | '!='
  | '>'
  | '>='
  | '<'
  | '<='
  | '~'
  | '!~'
  | '?='
  | '?!='
  | '?>'
  | '?>='
  | '?<'
  | '?<='
  | '?~'
  | '?!~';

export type Token =
  | { kind: 'ident'; value: string; pos: number }
  | { kind: 'number'; value: number; raw: string; pos: number }
  | { kind: 'text'; value: string; pos: number }
  | { kind: 'sign'; value: SignOp; pos: number }
  | { kind: 'join'; value: '&&' | '||'; pos: number }
  /** A function name directly followed by `(` (the paren is consumed with it). */
  | { kind: 'call'; value: string; pos: number }
  | { kind: 'lparen' | 'rparen' | 'comma' | 'eof'; value: string; pos: number };

const SIGNS: SignOp[] = [
  // longest first so `?!=` wins over `?!` prefixes
  '?!~',
  '?!=',
  '?>=',
  '?<=',
  '?=',
  '?>',
  '?<',
  '?~',
  '!=',
  '!~',
  '>=',
  '<=',
  '=',
  '>',
  '<',
  '~',
];

const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdStart = (c: string) => isLetter(c) || c === '@' || c === '_' || c === '#';
const isIdChar = (c: string) => isLetter(c) || isDigit(c) || c === '_' || c === '.' || c === ':';
// "\r" is accepted as whitespace: a harmless extension (§1, ws).
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Scans the whole input; throws FilterSyntaxError on the first bad character. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    const c = input[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '/' && input[i + 1] === '/') {
      while (i < n && input[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"') {
      i++;
      let value = '';
      let closed = false;
      while (i < n) {
        const d = input[i]!;
        // Only the opening quote can be escaped; any other backslash stays literal (§1 notes).
        if (d === '\\' && input[i + 1] === c) {
          value += c;
          i += 2;
          continue;
        }
        if (d === c) {
          closed = true;
          i++;
          break;
        }
        value += d;
        i++;
      }
      if (!closed) throw new FilterSyntaxError('unterminated text literal', start);
      tokens.push({ kind: 'text', value, pos: start });
      continue;
    }
    // PocketBase's scanner quirk: `-.5` is a number although `.5` is not (filter-and-rules.md §1).
    const negativeFraction = c === '-' && input[i + 1] === '.' && isDigit(input[i + 2] ?? '');
    if (isDigit(c) || (c === '-' && isDigit(input[i + 1] ?? '')) || negativeFraction) {
      i++;
      while (i < n && isDigit(input[i]!)) i++;
      if (input[i] === '.') {
        if (!isDigit(input[i + 1] ?? '')) throw new FilterSyntaxError('invalid number', start);
        i++;
        while (i < n && isDigit(input[i]!)) i++;
      }
      if (i < n && (isIdChar(input[i]!) || input[i] === '.')) {
        throw new FilterSyntaxError('invalid number', start);
      }
      const raw = input.slice(start, i);
      tokens.push({ kind: 'number', value: Number(raw), raw, pos: start });
      continue;
    }
    if (isIdStart(c)) {
      i++;
      while (i < n && isIdChar(input[i]!)) i++;
      const value = input.slice(start, i);
      const last = value[value.length - 1]!;
      if (value.length === 1 && (c === '@' || c === '_' || c === '#')) {
        throw new FilterSyntaxError(`invalid identifier '${value}'`, start);
      }
      if (last === '.' || last === ':') {
        throw new FilterSyntaxError(`invalid identifier '${value}'`, start);
      }
      if (input[i] === '(') {
        i++;
        tokens.push({ kind: 'call', value, pos: start });
      } else {
        tokens.push({ kind: 'ident', value, pos: start });
      }
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      i++;
      tokens.push({
        kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma',
        value: c,
        pos: start,
      });
      continue;
    }
    if ((c === '&' || c === '|') && input[i + 1] === c) {
      i += 2;
      tokens.push({ kind: 'join', value: c === '&' ? '&&' : '||', pos: start });
      continue;
    }
    const sign = SIGNS.find((s) => input.startsWith(s, i));
    if (sign) {
      i += sign.length;
      tokens.push({ kind: 'sign', value: sign, pos: start });
      continue;
    }
    throw new FilterSyntaxError(`unexpected character '${c}'`, start);
  }
  tokens.push({ kind: 'eof', value: '', pos: n });
  return tokens;
}

// A small in-memory evaluator for collection list filters, until the filter compiler covers collections.
//
// Covers what the dashboard sends: comparisons of `id, name, type, system, created, updated` with a
// quoted string, number, true/false/null, using `= != ~ !~ > >= < <=`, joined by `&&`/`||` with
// parentheses. Anything else is a 400.
import { BadRequestError } from '../errors.ts';

export const FILTER_FIELDS = ['id', 'created', 'updated', 'name', 'system', 'type'] as const;
const OPS = ['!~', '!=', '>=', '<=', '=', '~', '>', '<'] as const;
type Op = (typeof OPS)[number];
type Value = string | number | boolean | null;
export type Predicate = (item: Record<string, unknown>) => boolean;

const invalid = () => new BadRequestError('Invalid filter parameter.');

type Tok = { t: 'ident' | 'value' | 'op' | 'and' | 'or' | '(' | ')'; v?: Value | Op | string };

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) i++;
    else if (src.startsWith('&&', i) || src.startsWith('||', i)) {
      out.push({ t: ch === '&' ? 'and' : 'or' });
      i += 2;
    } else if (ch === '(' || ch === ')') {
      out.push({ t: ch });
      i++;
    } else if (ch === "'" || ch === '"') {
      const end = src.indexOf(ch, i + 1);
      if (end < 0) throw invalid();
      out.push({ t: 'value', v: src.slice(i + 1, end) });
      i = end + 1;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (op) {
        out.push({ t: 'op', v: op });
        i += op.length;
        continue;
      }
      const m = /^[\w.-]+/.exec(src.slice(i));
      if (!m) throw invalid();
      const word = m[0];
      i += word.length;
      if (word === 'true' || word === 'false') out.push({ t: 'value', v: word === 'true' });
      else if (word === 'null') out.push({ t: 'value', v: null });
      else if (/^-?\d+(\.\d+)?$/.test(word)) out.push({ t: 'value', v: Number(word) });
      else out.push({ t: 'ident', v: word });
    }
  }
  return out;
}

function like(haystack: string, needle: string): boolean {
  const pattern = needle.includes('%') ? needle : `%${needle}%`;
  const re = pattern
    .split('%')
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`, 'is').test(haystack);
}

function compare(a: unknown, op: Op, b: Value): boolean {
  const left = typeof a === 'boolean' && typeof b !== 'boolean' ? String(a) : a;
  const right = b === null ? '' : b;
  switch (op) {
    case '=':
      return left === right || String(left ?? '') === String(right);
    case '!=':
      return !(left === right || String(left ?? '') === String(right));
    case '~':
      return like(String(left ?? ''), String(right));
    case '!~':
      return !like(String(left ?? ''), String(right));
    case '>':
      return String(left) > String(right);
    case '>=':
      return String(left) >= String(right);
    case '<':
      return String(left) < String(right);
    case '<=':
      return String(left) <= String(right);
  }
}

/** `name ~ 'post' && system = false` → a predicate over collection JSON objects. */
export function parseListFilter(filter: string): Predicate {
  const toks = lex(filter);
  let pos = 0;
  const peek = () => toks[pos];
  const orExpr = (): Predicate => {
    let left = andExpr();
    while (peek()?.t === 'or') {
      pos++;
      const l = left;
      const r = andExpr();
      left = (x) => l(x) || r(x);
    }
    return left;
  };
  const andExpr = (): Predicate => {
    let left = term();
    while (peek()?.t === 'and') {
      pos++;
      const l = left;
      const r = term();
      left = (x) => l(x) && r(x);
    }
    return left;
  };
  const term = (): Predicate => {
    const tok = toks[pos++];
    if (tok?.t === '(') {
      const inner = orExpr();
      if (toks[pos++]?.t !== ')') throw invalid();
      return inner;
    }
    const op = toks[pos++];
    const value = toks[pos++];
    if (tok?.t !== 'ident' || op?.t !== 'op' || value?.t !== 'value') throw invalid();
    const field = String(tok.v);
    if (!(FILTER_FIELDS as readonly string[]).includes(field)) throw invalid();
    return (x) => compare(x[field], op.v as Op, value.v as Value);
  };
  const pred = orExpr();
  if (pos !== toks.length) throw invalid();
  return pred;
}

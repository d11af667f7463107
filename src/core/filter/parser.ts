// Filter parser: tokens → AST of and/or groups and comparisons (filter-and-rules.md §1, §1.1, §1.2).
import { FilterSyntaxError } from './errors.ts';
import { type SignOp, type Token, tokenize } from './lexer.ts';

export type Operand =
  | { kind: 'ident'; name: string; pos: number }
  | { kind: 'number'; value: number; raw: string; pos: number }
  | { kind: 'text'; value: string; pos: number }
  | { kind: 'call'; name: string; args: Operand[]; pos: number };

export interface Comparison {
  kind: 'cmp';
  left: Operand;
  op: SignOp;
  right: Operand;
  pos: number;
}

/** A flat left-to-right list; the first item's join is ignored. SQL precedence applies on emit. */
export interface Group {
  kind: 'group';
  items: { join: '&&' | '||'; node: Group | Comparison }[];
}

export const MAX_FILTER_LENGTH = 3500;
export const MAX_COMPARISONS = 200;
export const MAX_CALL_DEPTH = 3;

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of input';
  if (t.kind === 'text') return `text '${t.value}'`;
  if (t.kind === 'call') return `'${t.value}('`;
  if (t.kind === 'number') return `'${t.raw}'`;
  return `'${t.value}'`;
}

class Parser {
  private i = 0;
  comparisons = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }
  private fail(t: Token): never {
    throw new FilterSyntaxError(`unexpected token ${describe(t)}`, t.pos);
  }

  parseExpr(closing: 'eof' | 'rparen'): Group {
    const group: Group = { kind: 'group', items: [] };
    let join: '&&' | '||' = '&&';
    for (;;) {
      group.items.push({ join, node: this.parseItem() });
      const t = this.next();
      if (t.kind === closing) return group;
      if (t.kind !== 'join') this.fail(t);
      join = t.value;
    }
  }

  private parseItem(): Group | Comparison {
    const t = this.peek();
    if (t.kind === 'lparen') {
      this.next();
      if (this.peek().kind === 'rparen') {
        throw new FilterSyntaxError('empty parenthesised group', t.pos);
      }
      return this.parseExpr('rparen');
    }
    const left = this.parseOperand(0);
    const sign = this.next();
    if (sign.kind !== 'sign') this.fail(sign);
    const right = this.parseOperand(0);
    this.comparisons++;
    if (this.comparisons > MAX_COMPARISONS) {
      throw new FilterSyntaxError(`too many comparisons (max ${MAX_COMPARISONS})`, t.pos);
    }
    return { kind: 'cmp', left, op: sign.value, right, pos: t.pos };
  }

  private parseOperand(depth: number): Operand {
    const t = this.next();
    switch (t.kind) {
      case 'ident':
        return { kind: 'ident', name: t.value, pos: t.pos };
      case 'number':
        return { kind: 'number', value: t.value, raw: t.raw, pos: t.pos };
      case 'text':
        return { kind: 'text', value: t.value, pos: t.pos };
      case 'call':
        return this.parseCall(t.value, t.pos, depth + 1);
      default:
        this.fail(t);
    }
  }

  private parseCall(name: string, pos: number, depth: number): Operand {
    if (depth > MAX_CALL_DEPTH) {
      throw new FilterSyntaxError(`max function nesting (${MAX_CALL_DEPTH}) exceeded`, pos);
    }
    const args: Operand[] = [];
    if (this.peek().kind === 'rparen') {
      this.next();
      return { kind: 'call', name, args, pos };
    }
    for (;;) {
      args.push(this.parseOperand(depth));
      const t = this.next();
      if (t.kind === 'rparen') return { kind: 'call', name, args, pos };
      if (t.kind !== 'comma') this.fail(t);
    }
  }
}

/** Parses a filter; empty input (or only comments) is an error. */
export function parseFilter(input: string): Group {
  if (input.length > MAX_FILTER_LENGTH) {
    throw new FilterSyntaxError(`filter too long (max ${MAX_FILTER_LENGTH} characters)`, 0);
  }
  const tokens = tokenize(input);
  if (tokens.length === 1) throw new FilterSyntaxError('empty filter expression', 0);
  return new Parser(tokens).parseExpr('eof');
}

/** Parsed ASTs by text: the AST is immutable, so every caller can share it. */
const astCache = new Map<string, Group>();
const AST_CACHE_LIMIT = 1000;

export function parseFilterCached(input: string): Group {
  const hit = astCache.get(input);
  if (hit) return hit;
  const ast = parseFilter(input);
  // Oldest-first eviction keeps memory bounded under unique client filters.
  if (astCache.size >= AST_CACHE_LIMIT) astCache.delete(astCache.keys().next().value!);
  astCache.set(input, ast);
  return ast;
}

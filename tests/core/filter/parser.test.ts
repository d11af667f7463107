// Lexer and parser tables: tokens, AST shapes, precedence-free grouping, errors with positions, limits.
import { describe, expect, test } from 'bun:test';
import { FilterSyntaxError } from '../../../src/core/filter/errors.ts';
import { tokenize } from '../../../src/core/filter/lexer.ts';
import { type Group, type Operand, parseFilter } from '../../../src/core/filter/parser.ts';

const kinds = (s: string) => tokenize(s).map((t) => `${t.kind}:${t.value}`);

describe('lexer', () => {
  const cases: [string, string[]][] = [
    ['a = 1', ['ident:a', 'sign:=', 'number:1', 'eof:']],
    ['a.b.c!=-2.5', ['ident:a.b.c', 'sign:!=', 'number:-2.5', 'eof:']],
    // The scanner's quirk: `-.5` is a number, `.5` is not.
    ['a>-.5', ['ident:a', 'sign:>', 'number:-0.5', 'eof:']],
    ['@request.auth.id', ['ident:@request.auth.id', 'eof:']],
    ['@collection.m:a.user', ['ident:@collection.m:a.user', 'eof:']],
    ['tags:each ?= "x"', ['ident:tags:each', 'sign:?=', 'text:x', 'eof:']],
    ['comments_via_post.title', ['ident:comments_via_post.title', 'eof:']],
    ["'it\\'s'", ["text:it's", 'eof:']],
    ['"say \\"hi\\""', ['text:say "hi"', 'eof:']],
    // only the opening quote can be escaped; other backslashes stay
    ["'a\\\"b\\\\c'", ['text:a\\"b\\\\c', 'eof:']],
    ['"a\'b"', ["text:a'b", 'eof:']],
    ['a&&b||c', ['ident:a', 'join:&&', 'ident:b', 'join:||', 'ident:c', 'eof:']],
    ['// c1\na // c2\n= b', ['ident:a', 'sign:=', 'ident:b', 'eof:']],
    ['x = "// not a comment"', ['ident:x', 'sign:=', 'text:// not a comment', 'eof:']],
    [
      'geoDistance(a, 1)',
      ['call:geoDistance', 'ident:a', 'comma:,', 'number:1', 'rparen:)', 'eof:'],
    ],
    ['f (a)', ['ident:f', 'lparen:(', 'ident:a', 'rparen:)', 'eof:']],
    ['a\r\n=\tb', ['ident:a', 'sign:=', 'ident:b', 'eof:']],
    ['_a #b', ['ident:_a', 'ident:#b', 'eof:']],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => expect(kinds(input)).toEqual(expected));
  }

  const signs = ['=', '!=', '>', '>=', '<', '<=', '~', '!~'];
  for (const s of [...signs, ...signs.map((x) => `?${x}`)]) {
    test(`sign ${s}`, () =>
      expect(kinds(`a${s}b`)).toEqual(['ident:a', `sign:${s}`, 'ident:b', 'eof:']));
  }

  const errors: [string, number, string][] = [
    ['a = "abc', 4, 'unterminated'],
    ['a = 1.', 4, 'invalid number'],
    ['a = .5', 4, "unexpected character '.'"],
    ['a = 12abc', 4, 'invalid number'],
    ['a. = 1', 0, 'invalid identifier'],
    ['a: = 1', 0, 'invalid identifier'],
    ['@ = 1', 0, 'invalid identifier'],
    ['_ = 1', 0, 'invalid identifier'],
    ['a = 1 & b = 2', 6, "unexpected character '&'"],
    ['a ! b', 2, "unexpected character '!'"],
    ['a ? b', 2, "unexpected character '?'"],
    ['a = é', 4, "unexpected character 'é'"],
  ];
  for (const [input, pos, msg] of errors) {
    test(`error ${JSON.stringify(input)}`, () => {
      try {
        tokenize(input);
        throw new Error('no error');
      } catch (e) {
        expect(e).toBeInstanceOf(FilterSyntaxError);
        expect((e as FilterSyntaxError).pos).toBe(pos);
        expect((e as Error).message).toContain(msg);
        expect((e as Error).message).toContain(`at ${pos}`);
      }
    });
  }
});

/** Compact AST rendering: comparisons as `l op r`, groups as `(…)`, joins as && / ||. */
function show(g: Group): string {
  return g.items
    .map(({ join, node }, i) => {
      const s =
        node.kind === 'group'
          ? `(${show(node)})`
          : `${operand(node.left)} ${node.op} ${operand(node.right)}`;
      return i === 0 ? s : `${join} ${s}`;
    })
    .join(' ');
}
function operand(o: Operand): string {
  if (o.kind === 'text') return JSON.stringify(o.value);
  if (o.kind === 'number') return o.raw;
  if (o.kind === 'call') return `${o.name}(${o.args.map(operand).join(',')})`;
  return o.name;
}

describe('parser', () => {
  const cases: [string, string][] = [
    ['a = 1', 'a = 1'],
    ['a = 1 || b = 2 && c = 3', 'a = 1 || b = 2 && c = 3'],
    ['(a = 1 || b = 2) && c = 3', '(a = 1 || b = 2) && c = 3'],
    ['((a=1))', '((a = 1))'],
    ['(title = ")")', '(title = ")")'],
    ['geoDistance(a.lon, a.lat, 1, -2) < 25', 'geoDistance(a.lon,a.lat,1,-2) < 25'],
    ["strftime('%Y', created) = '2024'", 'strftime("%Y",created) = "2024"'],
    ['strftime("%Y") != ""', 'strftime("%Y") != ""'],
    ['// only mine\nauthor = @request.auth.id', 'author = @request.auth.id'],
    ['f(g(h(1))) = 1', 'f(g(h(1))) = 1'],
    ['a ?!~ "x" && b ?>= 2', 'a ?!~ "x" && b ?>= 2'],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => expect(show(parseFilter(input))).toBe(expected));
  }

  const errors: [string, number, string][] = [
    ['', 0, 'empty filter'],
    ['   // only a comment', 0, 'empty filter'],
    ['a = 1 &&', 8, 'unexpected token end of input'],
    ['a = ', 4, 'unexpected token end of input'],
    ['a 1', 2, "unexpected token '1'"],
    ['()', 0, 'empty parenthesised group'],
    ['(a = 1', 6, 'unexpected token end of input'],
    ['a = 1)', 5, "unexpected token ')'"],
    ['(a = 1))', 7, "unexpected token ')'"],
    ['a = 1 b = 2', 6, "unexpected token 'b'"],
    ['a = b = c', 6, "unexpected token '='"],
    ['= 1', 0, "unexpected token '='"],
    ['a = (b)', 4, "unexpected token '('"],
    ['f(1 2) = 1', 4, "unexpected token '2'"],
    ['f(1,) = 1', 4, "unexpected token ')'"],
    ['f(g(h(i(1)))) = 1', 6, 'max function nesting'],
  ];
  for (const [input, pos, msg] of errors) {
    test(`error ${JSON.stringify(input)}`, () => {
      let err: unknown;
      try {
        parseFilter(input);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FilterSyntaxError);
      expect((err as FilterSyntaxError).pos).toBe(pos);
      expect((err as Error).message).toContain(msg);
    });
  }

  test('unexpected token message names the token and offset', () => {
    expect(() => parseFilter('(a = 1 && b = 2))')).toThrow("unexpected token ')' at 16");
  });

  test('200 comparisons pass, 201 fail', () => {
    const expr = (n: number) => Array.from({ length: n }, (_, i) => `a = ${i}`).join(' || ');
    expect(parseFilter(expr(200)).items.length).toBe(200);
    expect(() => parseFilter(expr(201))).toThrow('too many comparisons');
    // nested groups count too
    const nested = `(${expr(100)}) && (${expr(101)})`;
    expect(() => parseFilter(nested)).toThrow('too many comparisons');
  });

  test('3500 characters pass, 3501 fail', () => {
    const ok = `a = "${'x'.repeat(3500 - 6)}"`;
    expect(ok.length).toBe(3500);
    expect(() => parseFilter(ok)).not.toThrow();
    expect(() => parseFilter(`${ok} `)).toThrow('filter too long');
  });

  test('syntax errors are 400s', () => {
    try {
      parseFilter('a =');
    } catch (e) {
      expect((e as FilterSyntaxError).status).toBe(400);
    }
  });
});

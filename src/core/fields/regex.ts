// Go (RE2) regex patterns from field options, run with JS RegExp: translate the common RE2-only
// syntax and reject what RE2 would reject (lookarounds, backreferences), so `pattern` behaves alike.

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Patterns RE2 refuses: lookaheads/lookbehinds and backreferences. */
const RE2_UNSUPPORTED = /\(\?<?[=!]|\\[1-9]|\\k</;

function translate(pattern: string): { source: string; flags: string } {
  let source = pattern;
  let flags = '';
  // leading flag group `(?i)`, `(?s)`, `(?is)`, `(?m)`; `U` (ungreedy) has no JS equivalent
  const lead = /^\(\?([imsU]+)\)/.exec(source);
  if (lead) {
    if (lead[1]!.includes('U')) throw new Error('the (?U) flag is not supported');
    flags = [...new Set(lead[1]!)].join('');
    source = source.slice(lead[0].length);
  }
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    // without the m flag, `$` already means end of input in both dialects
    .replace(/\\z/g, '$')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole, neg: string, name: string) => {
      const cls = POSIX_CLASSES[name];
      if (!cls) throw new Error(`invalid character class range: ${whole}`);
      if (neg) throw new Error(`negated POSIX classes are not supported: ${whole}`);
      return cls;
    })
    .replace(/\\p([A-Z])/g, '\\p{$1}')
    .replace(/\\P([A-Z])/g, '\\P{$1}');
  return { source, flags };
}

const cache = new Map<string, RegExp>();

/** Compiles a Go regex pattern; throws an Error with a readable reason when it isn't valid RE2. */
export function compileGoRegex(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  if (RE2_UNSUPPORTED.test(pattern)) {
    throw new Error(`error parsing regexp: invalid or unsupported Perl syntax in ${pattern}`);
  }
  const { source, flags } = translate(pattern);
  let re: RegExp;
  try {
    // unicode mode first (Go matches runes); it rejects some escapes RE2 accepts (`\_`), so fall back
    re = new RegExp(source, `${flags}u`);
  } catch {
    try {
      re = new RegExp(source, flags);
    } catch (err) {
      throw new Error(`error parsing regexp: ${(err as Error).message}`);
    }
  }
  if (cache.size > 500) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** Unanchored match like Go's `regexp.MatchString`; an invalid pattern never matches. */
export function matchesGoRegex(pattern: string, value: string): boolean {
  try {
    return compileGoRegex(pattern).test(value);
  } catch {
    return false;
  }
}

/** `null` when valid, else the parse error message. */
export function goRegexError(pattern: string): string | null {
  try {
    compileGoRegex(pattern);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

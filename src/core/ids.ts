// Identifiers: crypto-random strings, PocketBase's regex-driven id generator, CRC-32 for stable ids.

export const DEFAULT_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Uniformly random string over `alphabet` (rejection sampling: no modulo bias). */
const alphabets = new Map<string, string[]>();

/** The alphabet's characters (code points), split once per distinct alphabet. */
function charsOf(alphabet: string): string[] {
  let chars = alphabets.get(alphabet);
  if (!chars) {
    chars = [...alphabet];
    if (alphabets.size >= 256) alphabets.clear();
    alphabets.set(alphabet, chars);
  }
  return chars;
}

/**
 * Crypto-random bytes drawn from a pool refilled 4 KiB at a time: one getRandomValues call per
 * id cost more than the id's own loop (every record create draws one or two).
 */
const pool = new Uint8Array(4096);
let poolAt = pool.length;

function randomByte(): number {
  if (poolAt === pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  return pool[poolAt++]!;
}

export function randomString(length: number, alphabet: string = DEFAULT_ALPHABET): string {
  const chars = charsOf(alphabet);
  if (length <= 0 || chars.length === 0) return '';
  let out = '';
  if (chars.length > 256) {
    // A byte can't pick among more characters (a wide range in a pattern's class).
    while (out.length < length) out += chars[randomInt(0, chars.length - 1)];
    return out;
  }
  const limit = 256 - (256 % chars.length);
  while (out.length < length) {
    const b = randomByte();
    if (b < limit) out += chars[b % chars.length];
  }
  return out;
}

/** Uniform integer in [min, max]. */
function randomInt(min: number, max: number): number {
  if (max <= min) return min;
  const span = max - min + 1;
  const limit = 0x100000000 - (0x100000000 % span);
  const buf = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buf);
    const v = buf[0]!;
    if (v < limit) return min + (v % span);
  }
}

/** Default record id: 15 chars of `[a-z0-9]` (collections-and-fields.md §1). */
export function newRecordId(): string {
  return randomString(15);
}

// --- generateFromPattern ---------------------------------------------------------------------

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const WORD = `${UPPER}${LOWER}${DIGITS}_`;
/** Printable ASCII: the universe for `.` and negated classes. */
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
/** Repetition cap for open-ended quantifiers (`*`, `+`, `{n,}`). */
const OPEN_REPEAT = 10;

interface Atom {
  chars: string;
  min: number;
  max: number;
}

function unsupported(pattern: string, why: string): Error {
  return new Error(`unsupported autogenerate pattern ${JSON.stringify(pattern)}: ${why}`);
}

/** Escapes usable both inside and outside a class: `\d` `\w` `\s`-less subset, plus literal escapes. */
function escapeChars(c: string, pattern: string): string {
  switch (c) {
    case 'd':
      return DIGITS;
    case 'w':
      return WORD;
    case 'n':
      return '\n';
    case 't':
      return '\t';
    default:
      if (/[A-Za-z0-9]/.test(c)) throw unsupported(pattern, `escape \\${c}`);
      return c;
  }
}

function parseClass(pattern: string, start: number): { chars: string; end: number } {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === '^') {
    negate = true;
    i++;
  }
  const set = new Set<string>();
  let first = true;
  while (i < pattern.length && (pattern[i] !== ']' || first)) {
    first = false;
    let c = pattern[i]!;
    let chars: string;
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) throw unsupported(pattern, 'trailing backslash');
      chars = escapeChars(e, pattern);
      i += 2;
      if (chars.length > 1) {
        for (const ch of chars) set.add(ch);
        continue;
      }
      c = chars;
    } else {
      i++;
    }
    // a range `a-z` (a `-` at the end of the class is literal)
    if (pattern[i] === '-' && pattern[i + 1] !== undefined && pattern[i + 1] !== ']') {
      let hi = pattern[i + 1]!;
      i += 2;
      if (hi === '\\') {
        hi = escapeChars(pattern[i] ?? '', pattern);
        i++;
        if (hi.length !== 1) throw unsupported(pattern, 'class shorthand as range bound');
      }
      const lo = c.codePointAt(0)!;
      const up = hi.codePointAt(0)!;
      if (up < lo) throw unsupported(pattern, `invalid range ${c}-${hi}`);
      for (let cp = lo; cp <= up; cp++) set.add(String.fromCodePoint(cp));
      continue;
    }
    set.add(c);
  }
  if (pattern[i] !== ']') throw unsupported(pattern, 'missing ]');
  let chars = [...set].join('');
  if (negate) chars = [...PRINTABLE].filter((ch) => !set.has(ch)).join('');
  if (!chars) throw unsupported(pattern, 'empty character class');
  return { chars, end: i + 1 };
}

function parseQuantifier(pattern: string, i: number): { min: number; max: number; end: number } {
  const c = pattern[i];
  if (c === '?') return { min: 0, max: 1, end: i + 1 };
  if (c === '*') return { min: 0, max: OPEN_REPEAT, end: i + 1 };
  if (c === '+') return { min: 1, max: OPEN_REPEAT, end: i + 1 };
  if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (!m) throw unsupported(pattern, 'malformed {n,m} quantifier');
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] ? Number(m[3]) : min + OPEN_REPEAT;
    if (max < min || max > 1000) throw unsupported(pattern, 'bad repetition range');
    return { min, max, end: i + m[0].length };
  }
  return { min: 1, max: 1, end: i };
}

function parsePattern(pattern: string): Atom[] {
  const atoms: Atom[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    let chars: string;
    if (c === '^' && i === 0) {
      i++;
      continue;
    }
    if (c === '$' && i === pattern.length - 1) break;
    if (c === '[') {
      const cls = parseClass(pattern, i);
      chars = cls.chars;
      i = cls.end;
    } else if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) throw unsupported(pattern, 'trailing backslash');
      chars = escapeChars(e, pattern);
      i += 2;
    } else if (c === '.') {
      chars = PRINTABLE;
      i++;
    } else if ('()|{}*+?$^]'.includes(c)) {
      throw unsupported(pattern, `'${c}' is not supported`);
    } else {
      chars = c;
      i++;
    }
    const q = parseQuantifier(pattern, i);
    i = q.end;
    const next = pattern[i];
    if (next !== undefined && '?*+{'.includes(next))
      throw unsupported(pattern, 'stacked quantifiers');
    atoms.push({ chars, min: q.min, max: q.max });
  }
  return atoms;
}

/**
 * A random string matching a generator pattern (`autogeneratePattern`): literals, `[class]`
 * with ranges/escapes, `\d`, `\w`, `.`, and quantifiers `{n}`, `{n,m}`, `?`, `*`, `+`.
 * `[a-z0-9]{15}` → `k3jd8ah29dkslq0`; `users[0-9]{5}` → `users75657`. Groups and alternation throw.
 */
/** Parsed patterns: a collection has a handful, and every record create generates from one. */
const parsedPatterns = new Map<string, Atom[]>();

export function generateFromPattern(pattern: string): string {
  let atoms = parsedPatterns.get(pattern);
  if (!atoms) {
    atoms = parsePattern(pattern);
    if (parsedPatterns.size >= 256) parsedPatterns.clear();
    parsedPatterns.set(pattern, atoms);
  }
  let out = '';
  for (const atom of atoms) {
    const n = randomInt(atom.min, atom.max);
    out += atom.chars.length === 1 ? atom.chars.repeat(n) : randomString(n, atom.chars);
  }
  return out;
}

// --- CRC-32 ----------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE) of the UTF-8 bytes of `text`, unsigned: `crc32('auth_superusers')` → 3142635823. */
export function crc32(text: string): number {
  let c = 0xffffffff;
  for (const b of new TextEncoder().encode(text)) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// One SQL text → its statements, split at the `;` that end them, as sqlite3_complete() decides.
//
// `select 1; select ';'` → [`select 1`, `select ';'`]. Quotes ('…', "…", `…`, […]) and comments
// (-- …, /* … */) hide a `;`; a CREATE TRIGGER statement ends only at `END;` (its body holds `;`).
// Statements with nothing but whitespace and comments are dropped.

export interface SqlStatement {
  /** The statement's text without its final `;`. */
  text: string;
  /** Its first keyword, upper-cased (`SELECT`, `WITH`, `CREATE`…). */
  keyword: string;
}

const WORD = /[A-Za-z_][A-Za-z0-9_$]*/y;

/** PostgreSQL's dollar quote opener: `$$` or `$tag$` (not a `$1` parameter). */
const DOLLAR_TAG = /\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/y;

/** Index just past the quoted run or comment starting at `i`, or `i` when none starts there. */
function skipOpaque(sql: string, i: number, dollarQuotes: boolean): number {
  const c = sql[i];
  if (dollarQuotes && c === '$') {
    DOLLAR_TAG.lastIndex = i;
    const tag = DOLLAR_TAG.exec(sql)?.[0];
    if (tag) {
      const end = sql.indexOf(tag, i + tag.length);
      return end < 0 ? sql.length : end + tag.length;
    }
  }
  if (c === "'" || c === '"' || c === '`' || c === '[') {
    const close = c === '[' ? ']' : c;
    for (let j = i + 1; j < sql.length; j++) {
      if (sql[j] !== close) continue;
      // '' inside '…' (and "" inside "…") is an escaped quote, not the end
      if (close !== ']' && sql[j + 1] === close) {
        j++;
        continue;
      }
      return j + 1;
    }
    return sql.length;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end + 1;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  return i;
}

/** `dollarQuotes`: PostgreSQL's `$tag$ … $tag$` strings (function bodies) hide a `;` too. */
export function splitStatements(sql: string, { dollarQuotes = false } = {}): SqlStatement[] {
  const out: SqlStatement[] = [];
  let start = 0;
  let words: string[] = [];
  let lastWord = '';
  const finish = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (words.length > 0) out.push({ text, keyword: words[0]! });
    start = end + 1;
    words = [];
    lastWord = '';
  };
  const isTrigger = () => {
    // CREATE [TEMP|TEMPORARY] TRIGGER
    if (words[0] !== 'CREATE') return false;
    const second = words[1] === 'TEMP' || words[1] === 'TEMPORARY' ? words[2] : words[1];
    return second === 'TRIGGER';
  };
  let i = 0;
  while (i < sql.length) {
    const skipped = skipOpaque(sql, i, dollarQuotes);
    if (skipped !== i) {
      // a quoted name or string counts as a token (so `END` before it isn't the last word)
      if (sql[i] !== '-' && sql[i] !== '/') {
        if (words.length === 0) words.push('');
        lastWord = '';
      }
      i = skipped;
      continue;
    }
    const c = sql[i]!;
    if (c === ';') {
      if (!isTrigger() || lastWord === 'END') finish(i);
      i++;
      continue;
    }
    WORD.lastIndex = i;
    const m = WORD.exec(sql);
    if (m) {
      const w = m[0].toUpperCase();
      if (words.length < 3) words.push(w);
      lastWord = w;
      i += m[0].length;
      continue;
    }
    if (!/\s/.test(c)) {
      if (words.length === 0) words.push('');
      lastWord = '';
    }
    i++;
  }
  finish(sql.length);
  return out;
}

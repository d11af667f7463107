// Header names as `@request.headers.*` sees them: PocketBase's snake_case (filter-and-rules.md §2.4).

const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();

/**
 * Words split at non-word characters and `_`; inside a word a capital that follows a non-capital
 * starts a new part. `X-Token` → `x_token`, `xToken` → `x_token`, `myTestDB` → `my_test_db`.
 */
export function snakecase(text: string): string {
  const parts: string[] = [];
  for (const word of text.split(/[\W_]+/)) {
    if (!word) continue;
    let part = '';
    for (let i = 0; i < word.length; i++) {
      const c = word[i]!;
      if (i > 0 && isUpper(c) && !isUpper(word[i - 1]!)) part += '_';
      part += c;
    }
    parts.push(part);
  }
  return parts.join('_').toLowerCase();
}

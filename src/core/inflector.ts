// PocketBase's inflector.Snakecase, used for upload names and for `@request.headers.*` keys.

/**
 * Split at `[\W_]+` (ASCII word chars only), `_` before an upper case letter that follows a
 * non-upper one, lower-cased. `My Photo-2` → `my_photo_2`, `fooBar` → `foo_bar`, `X-Token` →
 * `x_token`, `myTestDB` → `my_test_db`.
 */
export function snakecase(s: string): string {
  const words = s.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words
    .map((w) => w.replace(/(?<=[^A-Z])([A-Z])/g, '_$1'))
    .join('_')
    .toLowerCase();
}

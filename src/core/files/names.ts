// Stored upload names as PocketBase makes them (http-api.md §3.6): `<snake_base>_<10 random [a-z0-9]><.ext>`.
import { DEFAULT_ALPHABET, randomString } from '../ids.ts';
import { snakecase } from '../inflector.ts';

const EXT_INVALID = /[^\w.*\-+=#]+/g;

export function randomSuffix(n = 10): string {
  return randomString(n, DEFAULT_ALPHABET);
}

/** `test.txt` → `.txt`, `a.tar.gz` → `.tar.gz`, `a.b.tar.gz` → `.tar.gz`, `README` → ''. */
export function extractExtension(name: string): string {
  const primary = name.lastIndexOf('.');
  if (primary === -1) return '';
  const secondary = name.lastIndexOf('.', primary - 1);
  return secondary >= 0 ? name.slice(secondary) : name.slice(primary);
}

/** `My Photo.PNG` → `my_photo_a1b2c3d4e5.PNG`; a missing extension comes from the sniffed type. */
export function uploadName(original: string, sniffedExt: string): string {
  const originalExt = extractExtension(original);
  let ext = originalExt.replace(EXT_INVALID, '');
  if (ext === '') ext = sniffedExt;
  if (ext.length > 20) ext = `.${ext.slice(-20)}`;
  let base = snakecase(original.slice(0, original.length - originalExt.length));
  if (base.length < 3) base += randomSuffix();
  else if (base.length > 100) base = base.slice(0, 100);
  return `${base}_${randomSuffix()}${ext}`;
}

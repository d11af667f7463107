// `settings.logs.maxDataSize`: a log row's `data` JSON capped in bytes, the way PocketBase 0.40 caps it.
//
// Observed on the reference binary (0.40.4): the serialized data is cut at the limit; entries before
// the cut stay, an entry whose key was cut goes, an entry whose value was cut stays as `null`, and
// `__pb_truncated__: true` marks the row. 0 means the default (the PocketBase UI says "~16KB").
// Unlike PocketBase (which applies the setting when a batch is written), the limit in force when
// the row is logged applies.

/** `maxDataSize: 0`. */
export const DEFAULT_MAX_DATA_SIZE = 16 << 10;

export const TRUNCATED_MARK = '__pb_truncated__';

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** Bytes of `s` when it may exceed `max`: a UTF-16 unit is at most 3 UTF-8 bytes, so short text skips the count. */
const exceeds = (s: string, max: number) => s.length * 3 > max && byteLength(s) > max;

/**
 * `data` as JSON text of at most about `maxDataSize` bytes (0: the default).
 * `{ a: 'x', b: 'long…' }` with room for `{"a":"x","b":` → `{"__pb_truncated__":true,"a":"x","b":null}`.
 */
export function serializeLogData(data: Record<string, unknown>, maxDataSize: number): string {
  const json = JSON.stringify(data);
  const max = maxDataSize > 0 ? maxDataSize : DEFAULT_MAX_DATA_SIZE;
  if (!exceeds(json, max)) return json;
  const kept: Record<string, unknown> = { [TRUNCATED_MARK]: true };
  let size = 1; // `{`; the closing `}` is counted with each value
  for (const [key, value] of Object.entries(data)) {
    const text = JSON.stringify(value);
    if (text === undefined) continue; // left out by JSON.stringify too
    const head = (size === 1 ? 0 : 1) + byteLength(JSON.stringify(key)) + 1; // `,"key":`
    if (size + head > max) break;
    if (size + head + byteLength(text) + 1 > max) {
      kept[key] = null;
      break;
    }
    kept[key] = value;
    size += head + byteLength(text);
  }
  return JSON.stringify(kept);
}

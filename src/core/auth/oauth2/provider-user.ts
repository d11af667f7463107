// The normalized OAuth2 user (auth.md §4.3): `email` only when the provider says it is verified.

export interface ProviderUser {
  id: string;
  name: string;
  username: string;
  /** Empty unless the provider verified it: an unverified address must never link accounts. */
  email: string;
  avatarURL: string;
  accessToken: string;
  refreshToken: string;
  /** `YYYY-MM-DD HH:MM:SS.mmmZ` or ''. */
  expiry: string;
  rawUser: Record<string, unknown>;
}

export type RawUser = Record<string, unknown>;

export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/** A provider flag that may arrive as a boolean or as the strings "true"/"false" (Apple). */
export function isTrue(v: unknown): boolean {
  return v === true || v === 'true';
}

/** A nested value: `at(raw, 'picture', 'data', 'url')`. */
export function at(raw: unknown, ...path: string[]): unknown {
  let v: unknown = raw;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

// Record JWTs (auth.md §1): HS256 signed with `record.tokenKey + collection secret`, verified HS256 only.
import type { Collection } from '../../collections/model.ts';
import type { Core } from '../../core.ts';
import { findRecordById } from '../../records/find.ts';
import type { RecordData } from '../../records/record.ts';
import { decodePayload, signHS256, verifyHS256 } from './hs256.ts';

export type TokenType = 'auth' | 'file' | 'verification' | 'passwordReset' | 'emailChange';

/** Which collection option holds each token type's secret and duration. */
const OPTION_KEYS = {
  auth: 'authToken',
  file: 'fileToken',
  verification: 'verificationToken',
  passwordReset: 'passwordResetToken',
  emailChange: 'emailChangeToken',
} as const;

export interface RecordTokenClaims {
  id: string;
  collectionId: string;
  type: string;
  exp?: number;
  refreshable?: boolean;
  email?: string;
  newEmail?: string;
  [claim: string]: unknown;
}

function isTokenType(v: string): v is TokenType {
  return Object.hasOwn(OPTION_KEYS, v);
}

function tokenOptions(
  collection: Collection,
  type: TokenType,
): { secret: string; duration: number } {
  const opt = collection.auth?.[OPTION_KEYS[type]];
  return { secret: opt?.secret ?? '', duration: opt?.duration ?? 0 };
}

const tokenKeyOf = (record: RecordData) =>
  typeof record.tokenKey === 'string' ? record.tokenKey : '';

/** Key = tokenKey first, then the collection secret (plain concatenation, as PocketBase). */
function signingKeyText(record: RecordData, secret: string): string {
  return tokenKeyOf(record) + secret;
}

/**
 * token → the signing key (tokenKey, secret) that verified it. A signature check is a pure function of (token, key),
 * so a token seen before under the same key needs no second HMAC; a rotated tokenKey or secret
 * changes the key and sends the token through full verification again. Bounded: cleared when full.
 */
const verifiedTokens = new Map<
  string,
  { tokenKey: string; secret: string; claims: Readonly<RecordTokenClaims> }
>();
const VERIFIED_CACHE_MAX = 10_000;

/**
 * Signs a token of `type` for the record. Claims are exactly `id`, `type`, `collectionId`, `exp`
 * plus `extra` (no iat/iss/sub). `duration` in seconds; 0/undefined → the collection's option.
 */
export function signRecordToken(
  type: TokenType,
  collection: Collection,
  record: RecordData,
  extra: Record<string, unknown> = {},
  duration?: number,
): string {
  const opt = tokenOptions(collection, type);
  const seconds = duration && duration > 0 ? duration : opt.duration;
  const exp = Math.floor(Date.now() / 1000) + seconds;
  const claims = { id: record.id, type, collectionId: collection.id, ...extra, exp };
  return signHS256(claims, signingKeyText(record, opt.secret));
}

/** `refreshable` defaults to true; impersonation passes false and its own duration. */
export function createAuthToken(
  _core: Core,
  collection: Collection,
  record: RecordData,
  opts: { refreshable?: boolean; duration?: number } = {},
): string {
  return signRecordToken(
    'auth',
    collection,
    record,
    { refreshable: opts.refreshable ?? true },
    opts.duration,
  );
}

export function createFileToken(_core: Core, collection: Collection, record: RecordData): string {
  return signRecordToken('file', collection, record);
}

/** The claims of a token without verifying it (to pick error codes); null when it doesn't decode. */
export function decodeClaims(token: string): RecordTokenClaims | null {
  return decodePayload(token) as RecordTokenClaims | null;
}

export interface VerifiedToken {
  collection: Collection;
  record: RecordData;
  claims: Readonly<RecordTokenClaims>;
}

/**
 * auth.md §1.1: decode unverified → require id/collectionId/type → load the record of an auth
 * collection → verify the HS256 signature (in constant time, the algorithm pinned) and `exp`.
 * Any failure → null; never throws. Synchronous: nothing here waits (SQLite reads are synchronous).
 */
export function verifyRecordToken(
  core: Core,
  token: string,
  allowedTypes: readonly TokenType[] = [],
): VerifiedToken | null {
  // A token seen before skips decoding too (its claims are frozen, shared by every request).
  const seen = verifiedTokens.get(token);
  const claims = seen ? seen.claims : (decodePayload(token) as RecordTokenClaims | null);
  if (!claims) return null;
  const { id, collectionId, type } = claims;
  if (typeof id !== 'string' || typeof collectionId !== 'string' || typeof type !== 'string')
    return null;
  if (!id || !collectionId || !isTokenType(type)) return null;
  if (allowedTypes.length > 0 && !allowedTypes.includes(type)) return null;
  const collection = core.collections.find(collectionId);
  if (collection?.type !== 'auth' || collection.id !== collectionId) return null;
  let record: RecordData | null;
  try {
    record = findRecordById(core, collection, id);
  } catch {
    return null;
  }
  if (!record) return null;
  const { secret } = tokenOptions(collection, type);
  // The key's two parts compared as they are (no concatenated key string per request).
  if (seen && seen.tokenKey === tokenKeyOf(record) && seen.secret === secret) {
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) return null;
    return { collection, record, claims };
  }
  // The signature and the time claims, on the token's own text (not the claims decoded above).
  if (!verifyHS256(token, signingKeyText(record, secret))) return null;
  if (verifiedTokens.size >= VERIFIED_CACHE_MAX) verifiedTokens.clear();
  const entry = { tokenKey: tokenKeyOf(record), secret, claims: Object.freeze(claims) };
  verifiedTokens.set(token, entry);
  return { collection, record, claims };
}

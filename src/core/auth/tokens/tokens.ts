// Record JWTs (auth.md §1): HS256 signed with `record.tokenKey + collection secret`, verified HS256 only.
// jose's own entry points (its index loads all of jose, ~45 modules), and those ~11 only with the
// first token checked: signing is jose-free, so a start (the installer's token included) loads none.
import type * as JoseDecode from 'jose/jwt/decode';
import type * as JoseVerify from 'jose/jwt/verify';
import type { Collection } from '../../collections/model.ts';
import type { Core } from '../../core.ts';
import { findRecordById } from '../../records/find.ts';
import type { RecordData } from '../../records/record.ts';

const decodeJwt = (token: string) =>
  (require('jose/jwt/decode') as typeof JoseDecode).decodeJwt(token);
const jwtVerify = (...args: Parameters<typeof JoseVerify.jwtVerify>) =>
  (require('jose/jwt/verify') as typeof JoseVerify).jwtVerify(...args);

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

/** Key = tokenKey first, then the collection secret (plain concatenation, as PocketBase). */
function signingKeyText(record: RecordData, secret: string): string {
  const tokenKey = typeof record.tokenKey === 'string' ? record.tokenKey : '';
  return tokenKey + secret;
}

function signingKey(record: RecordData, secret: string): Uint8Array {
  return new TextEncoder().encode(signingKeyText(record, secret));
}

/**
 * token → the signing key that verified it. A signature check is a pure function of (token, key),
 * so a token seen before under the same key needs no second HMAC; a rotated tokenKey or secret
 * changes the key and sends the token through full verification again. Bounded: cleared when full.
 */
const verifiedTokens = new Map<string, { key: string; claims: Readonly<RecordTokenClaims> }>();
const VERIFIED_CACHE_MAX = 10_000;

/**
 * Signs a token of `type` for the record. Claims are exactly `id`, `type`, `collectionId`, `exp`
 * plus `extra` (no iat/iss/sub). `duration` in seconds; 0/undefined → the collection's option.
 */
export async function signRecordToken(
  type: TokenType,
  collection: Collection,
  record: RecordData,
  extra: Record<string, unknown> = {},
  duration?: number,
): Promise<string> {
  const opt = tokenOptions(collection, type);
  const seconds = duration && duration > 0 ? duration : opt.duration;
  const exp = Math.floor(Date.now() / 1000) + seconds;
  const claims = { id: record.id, type, collectionId: collection.id, ...extra, exp };
  return signHS256(claims, signingKeyText(record, opt.secret));
}

/** `{"alg":"HS256","typ":"JWT"}`, base64url. */
const JWT_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * A compact HS256 JWT, byte for byte what jose's SignJWT makes, but synchronous: jose signs through
 * WebCrypto (a key import and an async HMAC per token), which was most of an auth-refresh's CPU.
 */
function signHS256(claims: Record<string, unknown>, key: string): string {
  const data = `${JWT_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${data}.${new Bun.CryptoHasher('sha256', key).update(data).digest('base64url')}`;
}

/** `refreshable` defaults to true; impersonation passes false and its own duration. */
export function createAuthToken(
  _core: Core,
  collection: Collection,
  record: RecordData,
  opts: { refreshable?: boolean; duration?: number } = {},
): Promise<string> {
  return signRecordToken(
    'auth',
    collection,
    record,
    { refreshable: opts.refreshable ?? true },
    opts.duration,
  );
}

export function createFileToken(
  _core: Core,
  collection: Collection,
  record: RecordData,
): Promise<string> {
  return signRecordToken('file', collection, record);
}

/** The claims of a token without verifying it (to pick error codes); null when it doesn't decode. */
export function decodeClaims(token: string): RecordTokenClaims | null {
  try {
    return decodeJwt(token) as RecordTokenClaims;
  } catch {
    return null;
  }
}

export interface VerifiedToken {
  collection: Collection;
  record: RecordData;
  claims: Readonly<RecordTokenClaims>;
}

/**
 * auth.md §1.1: decode unverified → require id/collectionId/type → load the record of an auth
 * collection → verify the HS256 signature (jose compares HMACs in constant time) and `exp`.
 * Any failure → null; never throws.
 */
export async function verifyRecordToken(
  core: Core,
  token: string,
  allowedTypes: readonly TokenType[] = [],
): Promise<VerifiedToken | null> {
  // A token seen before skips decoding too (its claims are frozen, shared by every request).
  const seen = verifiedTokens.get(token);
  let claims: Readonly<RecordTokenClaims>;
  if (seen) claims = seen.claims;
  else {
    try {
      claims = decodeJwt(token) as RecordTokenClaims;
    } catch {
      return null;
    }
  }
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
  const keyText = signingKeyText(record, secret);
  if (seen?.key === keyText) {
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) return null;
    return { collection, record, claims };
  }
  try {
    // The algorithm is pinned: `none`, HS384/512 and asymmetric algorithms are refused.
    await jwtVerify(token, signingKey(record, secret), { algorithms: ['HS256'] });
  } catch {
    return null;
  }
  if (verifiedTokens.size >= VERIFIED_CACHE_MAX) verifiedTokens.clear();
  verifiedTokens.set(token, { key: keyText, claims: Object.freeze(claims) });
  return { collection, record, claims };
}

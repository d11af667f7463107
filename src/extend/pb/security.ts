// `$security`: random strings, hashes, HMACs, constant-time compare and HS256 JWTs, as PocketBase's.
import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { unsupported } from './errors.ts';

const ALPHANUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomFrom(length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function sign(header: string, payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
}

/** Constant time: comparing a secret by early exit would leak how much of it matched. */
function equal(a: string, b: string): boolean {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
}

export const security = {
  randomString: (length: number) => randomFrom(length, ALPHANUM),
  randomStringWithAlphabet: (length: number, alphabet: string) => randomFrom(length, alphabet),
  pseudorandomString: (length: number) => randomFrom(length, ALPHANUM),
  pseudorandomStringWithAlphabet: (length: number, alphabet: string) =>
    randomFrom(length, alphabet),
  md5: (text: string) => createHash('md5').update(String(text)).digest('hex'),
  sha256: (text: string) => createHash('sha256').update(String(text)).digest('hex'),
  sha512: (text: string) => createHash('sha512').update(String(text)).digest('hex'),
  hs256: (text: string, secret: string) =>
    createHmac('sha256', String(secret)).update(String(text)).digest('hex'),
  hs512: (text: string, secret: string) =>
    createHmac('sha512', String(secret)).update(String(text)).digest('hex'),
  equal,
  /** HS256; `exp` from `durationSeconds` when > 0, as PocketBase's. */
  createJWT(payload: Record<string, unknown>, secret: string, durationSeconds = 0): string {
    const claims = { ...payload };
    if (durationSeconds > 0) claims.exp = Math.floor(Date.now() / 1000) + durationSeconds;
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(JSON.stringify(claims));
    return `${header}.${body}.${sign(header, body, String(secret))}`;
  },
  /** The claims of a valid, unexpired HS256 token; throws otherwise. */
  parseJWT(token: string, secret: string): Record<string, unknown> {
    const [header, body, sig] = String(token).split('.');
    if (!header || !body || !sig) throw new Error('token is malformed');
    const alg = JSON.parse(Buffer.from(header, 'base64url').toString()).alg;
    if (alg !== 'HS256') throw new Error('token signature is invalid: signing method mismatch');
    if (!equal(sig, sign(header, body, String(secret))))
      throw new Error('token signature is invalid: signature is invalid');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    if (typeof claims.exp === 'number' && claims.exp < Date.now() / 1000)
      throw new Error('token has invalid claims: token is expired');
    return claims;
  },
  encrypt: unsupported('$security.encrypt'),
  decrypt: unsupported('$security.decrypt'),
  randomStringByRegex: unsupported('$security.randomStringByRegex'),
};
